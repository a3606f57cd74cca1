"""Tables as files: parquet, CSV or Excel, byte-identical for identical inputs.

Formats (``FORMATS``):

- ``parquet``: one file per table, types kept (for tools: polars, pandas, R's arrow, DuckDB);
- ``csv``: one UTF-8 file per table, without a byte-order mark (for tools); list columns
  joined with "; ";
- ``csv-excel``: the same CSV with a UTF-8 byte-order mark, so that Excel on Windows reads
  "council’s" and "–" as written instead of guessing a legacy encoding;
- ``xlsx``: one workbook to share, ``cpcanalysis-tables.xlsx``, a sheet per table with a "Read
  me" and a "Dictionary" sheet (:mod:`.workbook`); ``split=True`` (the CLI's ``--split``) writes
  instead one plain workbook per table, headed by the machine names, for tools.

All files are rendered in memory first and then written as one set
(:func:`cpcanalysis.output.files.write_set`), so an error leaves the output folder as it was.
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
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from cpcanalysis.errors import ParameterError
from cpcanalysis.output.choices import refuse_choice
from cpcanalysis.output.files import write_set
from cpcanalysis.output.workbook import FIXED_TIME, OPTIONS, WORKBOOK_NAME, workbook_bytes
from cpcanalysis.schema import TABLES, conform

if TYPE_CHECKING:
    from cpcanalysis.load import PlanSet

FORMATS = ("parquet", "csv", "csv-excel", "xlsx")
SUFFIXES = {"parquet": "parquet", "csv": "csv", "csv-excel": "csv", "xlsx": "xlsx"}
UTF8_BOM = b"\xef\xbb\xbf"

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet program read a CSV cell as a formula (OWASP)."""
EXCEL_CELL_LIMIT = 32_767
"""Most characters an Excel cell holds; longer text is split over continuation columns."""


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


def _plain_xlsx(frame: pl.DataFrame) -> Rendered:
    """One table as a plain workbook for tools: sheet ``data``, headed by machine names."""
    from xlsxwriter import Workbook

    buffer = io.BytesIO()
    flat, notes = split_long_cells(_flatten_lists(frame))
    with Workbook(buffer, OPTIONS) as workbook:
        workbook.set_properties({"created": FIXED_TIME})
        flat.write_excel(workbook, worksheet="data", autofit=False)
    return Rendered(buffer.getvalue(), tuple(notes))


def render_table(frame: pl.DataFrame, fmt: str, *, raw: bool = False) -> Rendered:
    """One table as the bytes of one file in ``fmt`` (``raw``: CSV text exactly as read);
    ``xlsx`` gives the plain one-table workbook of ``split=True``."""
    buffer = io.BytesIO()
    if fmt == "parquet":
        frame.write_parquet(buffer, statistics=False)
    elif fmt in ("csv", "csv-excel"):
        flat = _flatten_lists(frame)
        if fmt == "csv-excel":
            buffer.write(UTF8_BOM)
        (flat if raw else neutralise_formulas(flat)).write_csv(buffer)
    elif fmt == "xlsx":
        return _plain_xlsx(frame)
    else:
        refuse_choice("format", fmt, FORMATS)
    return Rendered(buffer.getvalue())


def _workbook(tables: dict[str, pl.DataFrame]) -> Rendered:
    """Every table in one workbook to share (:mod:`.workbook`)."""
    split, notes = {}, []
    for name, frame in tables.items():
        split[name], found = split_long_cells(frame)
        notes += [f"sheet {name!r}: {note}" for note in found]
    return Rendered(workbook_bytes(split, notes), tuple(notes))


def render_files(
    tables: dict[str, pl.DataFrame], fmt: str, *, raw: bool = False, split: bool = False
) -> dict[str, Rendered]:
    """The files of an export, by file name, rendered in memory; tables are conformed first."""
    check_format(fmt, split=split)
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        msg = f"cannot export {unknown}: not declared tables ({', '.join(TABLES)})"
        raise ParameterError(msg)
    conformed = {name: conform(frame, name) for name, frame in tables.items()}
    if fmt == "xlsx" and not split:
        return {WORKBOOK_NAME: _workbook(conformed)}
    return {
        f"{name}.{SUFFIXES[fmt]}": render_table(frame, fmt, raw=raw)
        for name, frame in conformed.items()
    }


def check_format(fmt: str, *, split: bool = False) -> None:
    """Refuse an unknown format (naming the nearest one) and ``split`` outside xlsx."""
    if fmt not in FORMATS:
        refuse_choice("format", fmt, FORMATS)
    if split and fmt != "xlsx":
        raise ParameterError(
            "split applies to xlsx (the other formats write one file per table)",
            hint="drop --split, or use --format xlsx",
        )


def export_tables(
    tables: dict[str, pl.DataFrame],
    out: str | Path,
    fmt: str,
    *,
    raw: bool = False,
    split: bool = False,
) -> Exported:
    """Write ``tables`` to the folder ``out`` in ``fmt``; returns the paths and the notes.

    Each table is first conformed to its declaration in :mod:`cpcanalysis.schema` (a name that
    is not a declared table, or a column it does not declare, is refused), so what is written is
    exactly what the data dictionary describes. ``xlsx`` writes one workbook,
    ``cpcanalysis-tables.xlsx``, unless ``split``; every other format one file per table."""
    rendered = render_files(tables, fmt, raw=raw, split=split)
    paths = write_set(Path(out), {name: r.data for name, r in rendered.items()})
    notes = [f"{name}: {note}" for name, r in rendered.items() for note in r.notes]
    return Exported(paths, notes)


def export(
    plans: PlanSet,
    out: str | Path,
    *,
    format: str = "parquet",
    slippage: bool = False,
    as_of: date | str | None = None,
    raw: bool = False,
    split: bool = False,
) -> Exported:
    """Write a loaded :class:`~cpcanalysis.PlanSet`'s tables to the folder ``out``.

    ``plans``, ``recommendations``, ``actions`` and ``issues``; with ``slippage``, also
    ``slippage``, ``version_matches`` and ``slippage_summary``, judged at ``as_of`` (default:
    each document's own as-of date). ``format`` is ``parquet`` (the default), ``csv``,
    ``csv-excel`` (CSV with a UTF-8 byte-order mark, for Excel) or ``xlsx`` (one workbook,
    ``cpcanalysis-tables.xlsx``; ``split=True`` for one plain workbook per table); ``raw``
    writes CSV text exactly as read (see the module's notes on formulas). What ``cpcanalysis
    export`` does, from Python; returns the paths written and the writer's notes.

    >>> import cpcanalysis
    >>> plans = cpcanalysis.load("data")                                   # doctest: +SKIP
    >>> cpcanalysis.export(plans, "reports/tables", format="xlsx").paths   # doctest: +SKIP
    [PosixPath('reports/tables/cpcanalysis-tables.xlsx')]
    """
    from cpcanalysis.params import parse_as_of

    judged_at = parse_as_of(as_of)
    if judged_at is not None and not slippage:
        raise ParameterError("as_of applies to the slippage tables", hint="add slippage=True")
    check_format(format, split=split)
    tables = plans.tables()
    if slippage:
        from cpcanalysis.slippage import slippage_tables

        tables |= slippage_tables(plans.actions, plans.plans, as_of=judged_at)
    return export_tables(tables, out, format, raw=raw, split=split)
