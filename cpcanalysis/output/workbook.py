"""One workbook to share: every exported table as a sheet of ``cpcanalysis-tables.xlsx``.

Made for people who open results in Excel or LibreOffice:

- a first sheet, "Read me": what each sheet holds, the input files with their sha256, the
  documents' as-of dates (and the date slippage was judged at), the package version and any
  note the writer had to make;
- one sheet per table, named in plain English ("Slippage summary"), its headers the fields'
  labels from :mod:`cpcanalysis.schema` ("Due date", not ``deadline_end``), as an Excel table
  with a style and filters, the header row frozen, columns as wide as their content (long text
  wrapped at 60 characters), dates as real dates, shares as percentages (18.5%), scores with two
  decimals, lists joined with "; " (numbers with ", ");
- a last sheet, "Dictionary": every column of every sheet with its label, machine name, type,
  format, meaning and allowed values, generated from the field dictionary.

Text is written as text (never a formula, link or number) and cells over Excel's limit are
split over continuation columns (:func:`cpcanalysis.output.tables.split_long_cells`). The file
has fixed document properties, so identical inputs give identical bytes.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import polars as pl
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from cpcanalysis.schema import ALL_TABLES, TABLES, Field

__all__ = ["WORKBOOK_NAME", "sheet_name", "workbook_bytes"]

WORKBOOK_NAME = "cpcanalysis-tables.xlsx"
README_SHEET, DICTIONARY_SHEET = "Read me", "Dictionary"
TABLE_STYLE = "Table Style Medium 2"
WRAP_AT = 60  # characters: wider text wraps in a column this wide
FIXED_TIME = datetime(2000, 1, 1)
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
_NUMBER_FORMATS = {
    "date": "yyyy-mm-dd",
    "percent": "0.0%",
    "score": "0.00",
    "integer": "0",
    "number": "0.0",
}
_WIDTHS = {"date": 11, "percent": 8, "score": 6, "integer": 6, "number": 7, "boolean": 6}


def sheet_name(table: str) -> str:
    """A table's sheet: ``slippage_summary`` -> ``Slippage summary``."""
    return table.replace("_", " ").capitalize()


@dataclass(frozen=True)
class _Column:
    name: str  # as in the frame (a continuation column: ``update_text (2)``)
    field: Field
    part: int = 1  # 2, 3, ... for continuation columns of a long text

    @property
    def header(self) -> str:
        return self.field.label if self.part == 1 else f"{self.field.label} ({self.part})"


def _columns(table: str, frame: pl.DataFrame) -> list[_Column]:
    fields = {f.name: f for f in TABLES[table]}
    out = []
    for name in frame.columns:
        base, _, rest = name.partition(" (")
        part = int(rest.rstrip(")")) if rest else 1
        out.append(_Column(name, fields[base], part))
    return out


class _Styles:
    """The workbook's cell formats, made once (xlsxwriter formats belong to a workbook)."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self._made: dict[tuple[str, bool], Format] = {}
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.bold = book.add_format({"bold": True, "valign": "top"})
        self.text = self.cell("text", wrap=True)

    def cell(self, kind: str, *, wrap: bool = False) -> Format:
        key = (kind, wrap)
        if key not in self._made:
            spec: dict[str, Any] = {"valign": "top"}
            if kind in _NUMBER_FORMATS:
                spec["num_format"] = _NUMBER_FORMATS[kind]
            if wrap:
                spec["text_wrap"] = True
            self._made[key] = self.book.add_format(spec)
        return self._made[key]


def _readable(frame: pl.DataFrame) -> pl.DataFrame:
    """List columns joined for reading: names with "; ", numbers with ", "."""
    return frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join("; " if dtype.inner == pl.String else ", ")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )


def _width(frame: pl.DataFrame, column: _Column) -> tuple[float, bool]:
    """Column width in characters, and whether its text wraps."""
    kind = column.field.format
    header = len(column.header) + 3  # room for the filter button
    if kind in _WIDTHS:
        return float(max(_WIDTHS[kind], min(header, 30))), False
    lines = (
        frame[column.name].cast(pl.String).str.split("\n").list.eval(pl.element().str.len_chars())
    )
    longest = int(lines.list.max().max() or 0)  # type: ignore[arg-type]  # a UInt32 column
    if longest > WRAP_AT:
        return float(WRAP_AT), True
    return float(min(max(longest + 1, header, 6), WRAP_AT)), False


def _write_cell(sheet: Worksheet, row: int, col: int, value: object, style: Format) -> None:
    if value is None:
        return
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value, style)
    elif isinstance(value, int | float) and math.isfinite(value):
        sheet.write_number(row, col, value, style)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, value, style)
    else:  # text, and a number that is not finite, written as it reads
        sheet.write_string(row, col, str(value), style)


def _table_sheet(styles: _Styles, table: str, frame: pl.DataFrame) -> list[_Column]:
    sheet = styles.book.add_worksheet(sheet_name(table))
    columns = _columns(table, frame)
    for col, column in enumerate(columns):
        width, wrap = _width(frame, column)
        style = styles.cell(column.field.format, wrap=wrap)
        sheet.set_column(col, col, width, style)
        for row, value in enumerate(frame[column.name].to_list(), 1):
            _write_cell(sheet, row, col, value, style)
    last_row = max(frame.height, 1)  # an Excel table needs a data row, even empty
    sheet.add_table(
        0,
        0,
        last_row,
        len(columns) - 1,
        {
            "name": table.title().replace("_", ""),
            "style": TABLE_STYLE,
            "columns": [{"header": c.header} for c in columns],
        },
    )
    sheet.freeze_panes(1, 0)
    return columns


def _rows(sheet: Worksheet, start: int, rows: Sequence[Sequence[object]], styles: _Styles) -> int:
    """Write ``rows`` from row ``start`` (the first in bold); returns the next free row."""
    for offset, values in enumerate(rows):
        for col, value in enumerate(values):
            style = styles.bold if offset == 0 else styles.cell(_kind(value), wrap=True)
            _write_cell(sheet, start + offset, col, value, style)
    return start + len(rows) + 1


def _kind(value: object) -> str:
    return "date" if isinstance(value, date) else "text"


def _inputs(tables: dict[str, pl.DataFrame]) -> list[Sequence[object]]:
    plans = tables.get("plans")
    if plans is None:
        return []
    header: list[object] = ["Document", "Council", "Source file", "SHA-256", "As of"]
    columns = ["plan_id", "council", "source_path", "sha256", "as_of"]
    return [header, *[list(row) for row in plans.select(columns).iter_rows()]]


def _judged_at(tables: dict[str, pl.DataFrame]) -> str | None:
    slippage = tables.get("slippage")
    if slippage is None:
        return None
    dates = sorted({d for d in slippage["as_of"].drop_nulls().to_list()})
    if len(dates) == 1:
        return f"Slippage judged at {dates[0].isoformat()} for every action."
    return "Slippage judged at each document's own as-of date (column 'Judged at')."


def _read_me(styles: _Styles, tables: dict[str, pl.DataFrame], notes: list[str]) -> None:
    from cpcanalysis import __version__

    sheet = styles.book.add_worksheet(README_SHEET)
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 2, 30)
    sheet.set_column(3, 3, 66)
    sheet.set_column(4, 4, 11)
    sheet.write_string(0, 0, "cpcanalysis tables", styles.title)
    intro = (
        f"Written by cpcanalysis {__version__} from the plans listed under Inputs. The same "
        "inputs give the same file, byte for byte. Text is kept as text: no cell is a formula "
        "or a link. Each column is described on the Dictionary sheet."
    )
    sheet.merge_range(1, 0, 1, 4, intro, styles.text)
    sheet.set_row(1, 45)
    sheets: list[Sequence[object]] = [["Sheet", "Rows", "What it holds"]] + [
        [sheet_name(t), f.height, ALL_TABLES[t].description] for t, f in tables.items()
    ]
    sheets.append([DICTIONARY_SHEET, None, "Every column of every sheet: label, name, meaning."])
    row = _rows(sheet, 3, sheets, styles)
    row = _rows(sheet, row, _inputs(tables), styles) if "plans" in tables else row
    judged = _judged_at(tables)
    if judged is not None:
        sheet.write_string(row, 0, "As-of dates", styles.bold)
        sheet.write_string(row, 1, judged)
        row += 2
    if notes:
        _rows(sheet, row, [["Notes"], *([note] for note in notes)], styles)


def _allowed(field: Field) -> str:
    if field.vocabulary is None:
        return ""
    return "; ".join(f"{t.code} ({t.label})" for t in field.vocabulary.terms)


def _dictionary(styles: _Styles, columns: dict[str, list[_Column]]) -> None:
    sheet = styles.book.add_worksheet(DICTIONARY_SHEET)
    header = ["Sheet", "Column", "Name", "Type", "Format", "Meaning", "Allowed values"]
    rows = []
    for table, listed in columns.items():
        for c in listed:
            meaning = c.field.description
            if c.part > 1:
                meaning = f"Continuation of '{c.field.label}': characters past Excel's limit."
            kind = str(c.field.dtype)
            rows.append(
                [
                    sheet_name(table),
                    c.header,
                    c.name,
                    kind,
                    c.field.format,
                    meaning,
                    _allowed(c.field),
                ]
            )
    widths = [18, 28, 24, 14, 9, WRAP_AT, WRAP_AT]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width, styles.text)
    for row, values in enumerate(rows, 1):
        for col, value in enumerate(values):
            _write_cell(sheet, row, col, value, styles.text)
    sheet.add_table(
        0,
        0,
        max(len(rows), 1),
        len(header) - 1,
        {"name": "Dictionary", "style": TABLE_STYLE, "columns": [{"header": h} for h in header]},
    )
    sheet.freeze_panes(1, 0)


def workbook_bytes(tables: dict[str, pl.DataFrame], notes: list[str]) -> bytes:
    """The workbook of ``tables`` (conformed, long cells already split) with ``notes``."""
    buffer = io.BytesIO()
    with Workbook(buffer, OPTIONS) as book:
        book.set_properties({"created": FIXED_TIME, "title": "cpcanalysis tables"})
        styles = _Styles(book)
        _read_me(styles, tables, notes)
        columns = {
            name: _table_sheet(styles, name, _readable(frame)) for name, frame in tables.items()
        }
        _dictionary(styles, columns)
    return buffer.getvalue()
