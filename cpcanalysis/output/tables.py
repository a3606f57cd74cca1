"""Tables as files: parquet, CSV or Excel, byte-identical for identical inputs.

All tables are rendered in memory first and then moved into the output folder, so an error
leaves no partial output behind. CSV has no list type: list columns are joined with "; ".
Excel files get fixed document properties so that two exports are the same bytes.

Plan text is data, never code, in a spreadsheet program:

- xlsx: every string is written as a string cell. Text beginning with ``=`` is not a formula,
  text that looks like a link (``http://``, ``mailto:``, ``external:``) is not a hyperlink, and
  text that looks like a number stays text. A cell longer than Excel's limit of 32,767
  characters is split over continuation columns (``update_text (2)``, ...) with a note, never
  cut.
- CSV: a cell that a spreadsheet program would run as a formula (it begins with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return; OWASP's list) is written with a leading apostrophe
  (``'=HYPERLINK(...)``), which spreadsheet programs show as text. ``raw=True`` (the CLI's
  ``--raw``) writes the text exactly as read, for tools that are not spreadsheet programs.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from cpcanalysis.errors import ParameterError
from cpcanalysis.output.files import write_atomic
from cpcanalysis.schema import TABLES, conform

if TYPE_CHECKING:
    from cpcanalysis.load import PlanSet

FORMATS = ("parquet", "csv", "xlsx")
_FIXED_TIME = datetime(2000, 1, 1)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet program read a CSV cell as a formula (OWASP)."""
EXCEL_CELL_LIMIT = 32_767
"""Most characters an Excel cell holds; longer text is split over continuation columns."""
_XLSX_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


@dataclass(frozen=True)
class Rendered:
    """One table as file bytes, with what the writer had to do to it (for the user to see)."""

    data: bytes
    notes: tuple[str, ...] = ()


@dataclass
class Exported:
    """The files an export wrote, in order, and the writer's notes about them."""

    paths: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join("; ")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefix with an apostrophe every string cell that a spreadsheet program would run.

    >>> neutralise_formulas(pl.DataFrame({"t": ["=1+1", "-x", "plain"]}))["t"].to_list()
    ["'=1+1", "'-x", 'plain']
    """
    risky = "^[=+\\-@\t\r]"  # FORMULA_PREFIXES as a character class
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(risky))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def split_long_cells(frame: pl.DataFrame, limit: int = EXCEL_CELL_LIMIT):
    """Split string columns holding a cell longer than ``limit`` over continuation columns
    ``name (2)``, ``name (3)``, ... placed right after it; returns the frame and a note per
    column split."""
    columns: list[pl.Expr] = []
    notes: list[str] = []
    for name, dtype in frame.schema.items():
        if dtype != pl.String:
            columns.append(pl.col(name))
            continue
        lengths = frame[name].str.len_chars()
        longest = int(lengths.max() or 0)  # type: ignore[arg-type]  # a UInt32 column
        if longest <= limit:
            columns.append(pl.col(name))
            continue
        parts = math.ceil(longest / limit)
        names = [name] + [f"{name} ({i})" for i in range(2, parts + 1)]
        columns += [
            pl.col(name).str.slice(i * limit, limit).replace("", None).alias(part)
            for i, part in enumerate(names)
        ]
        n_long = int((lengths > limit).sum())
        notes.append(
            f"{n_long} cell(s) of column {name!r} hold more than Excel's {limit:,} characters: "
            f"each continues in {', '.join(repr(n) for n in names[1:])}"
        )
    return frame.select(columns), notes


def render_table(frame: pl.DataFrame, fmt: str, *, raw: bool = False) -> Rendered:
    """One table as the bytes of a file in ``fmt`` (``raw``: CSV text exactly as read)."""
    buffer = io.BytesIO()
    notes: list[str] = []
    if fmt == "parquet":
        frame.write_parquet(buffer, statistics=False)
    elif fmt == "csv":
        flat = _flatten_lists(frame)
        (flat if raw else neutralise_formulas(flat)).write_csv(buffer)
    elif fmt == "xlsx":
        from xlsxwriter import Workbook

        flat, notes = split_long_cells(_flatten_lists(frame))
        with Workbook(buffer, _XLSX_OPTIONS) as workbook:
            workbook.set_properties({"created": _FIXED_TIME})
            flat.write_excel(workbook, worksheet="data", autofit=False)
    else:
        msg = f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"
        raise ParameterError(msg)
    return Rendered(buffer.getvalue(), tuple(notes))


def export_tables(
    tables: dict[str, pl.DataFrame], out: str | Path, fmt: str, *, raw: bool = False
) -> Exported:
    """Write each table to ``out/<name>.<fmt>``; returns the paths written and the notes.

    Each table is first conformed to its declaration in :mod:`cpcanalysis.schema` (a name that
    is not a declared table, or a column it does not declare, is refused), so what is written is
    exactly what the data dictionary describes."""
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        msg = f"cannot export {unknown}: not declared tables ({', '.join(TABLES)})"
        raise ParameterError(msg)
    rendered = {
        name: render_table(conform(frame, name), fmt, raw=raw) for name, frame in tables.items()
    }
    out = Path(out)
    result = Exported()
    for name, table in rendered.items():
        target = out / f"{name}.{fmt}"
        write_atomic(target, table.data)
        result.paths.append(target)
        result.notes += [f"{target.name}: {note}" for note in table.notes]
    return result


def export(
    plans: PlanSet,
    out: str | Path,
    *,
    format: str = "parquet",
    slippage: bool = False,
    as_of: date | str | None = None,
    raw: bool = False,
) -> Exported:
    """Write a loaded :class:`~cpcanalysis.PlanSet`'s tables to the folder ``out``.

    ``plans``, ``recommendations``, ``actions`` and ``issues``; with ``slippage``, also
    ``slippage``, ``version_matches`` and ``slippage_summary``, judged at ``as_of`` (default:
    each document's own as-of date). ``format`` is ``parquet``, ``csv`` or ``xlsx``; ``raw``
    writes CSV text exactly as read (see the module's notes on formulas). What ``cpcanalysis
    export`` does, from Python.
    """
    from cpcanalysis.params import parse_as_of

    judged_at = parse_as_of(as_of)
    if judged_at is not None and not slippage:
        raise ParameterError("as_of applies to the slippage tables", hint="add slippage=True")
    if format not in FORMATS:
        msg = f"unknown format {format!r}; choose one of {', '.join(FORMATS)}"
        raise ParameterError(msg)
    tables = plans.tables()
    if slippage:
        from cpcanalysis.slippage import slippage_tables

        tables |= slippage_tables(plans.actions, plans.plans, as_of=judged_at)
    return export_tables(tables, out, format, raw=raw)
