"""Spreadsheets (``.xlsx``, ``.xlsm``, ``.xls``, ``.ods``): every sheet, or the one named.

The file's first bytes, not its name, pick the backend: a zip holding ``xl/workbook.xml`` is read
with openpyxl, a zip holding ``content.xml`` is an OpenDocument spreadsheet (:mod:`._ods`), an
OLE file is a legacy ``.xls`` read through calamine (fastexcel) unless it is a password-protected
workbook. Each sheet becomes a :class:`~cpcanalysis.readers._grid.Grid` and is emitted by the
shared rules of :func:`~cpcanalysis.readers._grid.grid_rows`:

- ``line`` is the sheet's own row number (title and blank rows above the header keep theirs);
  ``table`` is the sheet name;
- merged cells are filled; a merge across the whole used width is a ``heading`` row;
- real date cells give the text they display, their number format applied (``31/03/2025``,
  ``October 2024``; :func:`~._cells.render_date_shown`), numbers are written as typed (``1``,
  ``2.4``), text is untouched;
- hidden rows are kept and flagged ``hidden``; rows of hidden sheets are flagged ``hidden-sheet``;
  hidden columns (``.xlsx``) are read as usual, with a note naming them;
- a legend sheet (see ``cpcanalysis/data/legend_sheets.toml``) fills ``RawDocument.legend`` and
  emits no rows; the manifest can name one with the hint ``legend_sheet = "..."``.

Legacy ``.xls`` values come from calamine, and what it does not report (merged cells, hidden rows
and columns, where the used area starts, each cell's number format) from the workbook's own
records (:mod:`._biff`), so an ``.xls`` reads like the ``.xlsx`` of the same sheet.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import warnings
import zipfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.package_data import data_path
from cpcanalysis.readers._biff import SheetFacts, WorkbookFacts, read_facts
from cpcanalysis.readers._budget import charge
from cpcanalysis.readers._cells import render_date_shown, render_number, render_time
from cpcanalysis.readers._containers import (
    Container,
    count_elements,
    is_encrypted_ooxml,
    open_package,
    refuse_encrypted,
    sniff,
)
from cpcanalysis.readers._failures import CorruptFileError, converting_failures
from cpcanalysis.readers._grid import Grid, Merge, grid_rows
from cpcanalysis.readers.contract import Note, RawDocument, RawRow, ReadHints

WHAT = "spreadsheet"
_CALAMINE_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}:\d{2}$")
_CELL_TAG = re.compile(rb"<(?:\w+:)?c[\s>/]")  # a <c> element (any prefix) of a sheet's XML


@dataclass(frozen=True)
class LegendRules:
    sheet_names: frozenset[str]
    labels: frozenset[str]
    header_labels: frozenset[str]
    max_rows: int
    max_columns: int


@cache
def legend_rules() -> LegendRules:
    """The legend-sheet vocabulary from ``cpcanalysis/data/legend_sheets.toml``."""
    text = data_path("legend_sheets.toml").read_text("utf-8")
    data = tomllib.loads(text)
    return LegendRules(
        sheet_names=frozenset(data["sheet_names"]),
        labels=frozenset(data["labels"]),
        header_labels=frozenset(data["header_labels"]),
        max_rows=int(data["max_rows"]),
        max_columns=int(data["max_columns"]),
    )


def read(path: Path, hints: ReadHints) -> RawDocument:
    """Read a workbook into raw rows, sheet after sheet."""
    container = sniff(path)
    notes: list[Note] = []
    with converting_failures(path, WHAT):
        if container is Container.ZIP:
            with open_package(path, WHAT, required=("xl/workbook.xml", "content.xml")) as package:
                is_ods = "content.xml" in package.namelist()
                if is_ods:
                    fmt, sheets = "ods", _read_ods(path, package)
            if not is_ods:
                fmt, sheets = _ooxml_format(path), _read_xlsx(path)
        elif container is Container.OLE:
            if is_encrypted_ooxml(path):
                refuse_encrypted(path, "Excel workbook")
            fmt, sheets = "xls", _read_xls(path)
        else:
            raise CorruptFileError(
                "is not a spreadsheet: it starts like neither an .xlsx/.ods (zip) nor an .xls file",
                path=path,
                hint="check the file is complete and has the right extension",
            )
    if not any(sheet.cells for sheet in sheets):
        raise ReadError(
            f"has no filled cells in any of its {len(sheets)} sheet(s)",
            path=path,
            hint="check this is the plan and not an empty template",
        )
    return _document(path, fmt, sheets, hints, notes)


def _ooxml_format(path: Path) -> str:
    return "xlsm" if path.suffix.lower() == ".xlsm" else "xlsx"


def _document(
    path: Path, fmt: str, sheets: list[Grid], hints: ReadHints, notes: list[Note]
) -> RawDocument:
    chosen = _chosen_sheet(path, sheets, hints.sheet)
    forced_legend = hints.extra.get("legend_sheet")
    legend: dict[str, str] = {}
    rows: list[RawRow] = []
    for sheet in sheets:
        sheet_rows = grid_rows(sheet)
        if sheet is not chosen and (sheet.name == forced_legend or _is_legend(sheet, sheet_rows)):
            legend.update(_legend_entries(sheet_rows))
            notes.append(
                Note(
                    "legend_sheet",
                    f"sheet {sheet.name!r} read as a legend ({len(sheet_rows)} rows)",
                )
            )
            continue
        if chosen is not None and sheet is not chosen:
            continue
        if sheet.hidden and sheet_rows:
            notes.append(
                Note(
                    "hidden_sheet",
                    f"sheet {sheet.name!r} is hidden; its rows are flagged hidden-sheet",
                )
            )
        if sheet.reordered_dates and sheet_rows:
            notes.append(
                Note(
                    "date_day_first",
                    f"sheet {sheet.name!r}: {sheet.reordered_dates} date cell(s) formatted month "
                    "first (m/d/y) were written day first, as UK plans write dates",
                )
            )
        if sheet.hidden_columns and sheet_rows:
            notes.append(
                Note(
                    "hidden_columns",
                    f"sheet {sheet.name!r} hides column(s) {', '.join(sheet.hidden_columns)}; "
                    "their cells are read as usual",
                )
            )
        rows.extend(sheet_rows)
    return RawDocument(path=path, format=fmt, rows=rows, notes=notes, legend=legend)


def _chosen_sheet(path: Path, sheets: list[Grid], wanted: str | None) -> Grid | None:
    if wanted is None:
        return None
    for match in (
        lambda s: s.name == wanted,
        lambda s: (s.name or "").strip().lower() == wanted.strip().lower(),
    ):
        found = [s for s in sheets if match(s)]
        if found:
            return found[0]
    if wanted.isdigit() and 1 <= int(wanted) <= len(sheets):
        return sheets[int(wanted) - 1]
    names = ", ".join(repr(s.name) for s in sheets) or "none"
    raise ReadError(
        f"has no sheet named {wanted!r}; its sheets are {names}",
        path=path,
        hint="fix sheet in the manifest entry (a name, or a 1-based number)",
    )


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _is_legend(sheet: Grid, rows: list[RawRow]) -> bool:
    rules = legend_rules()
    if not rows or len(rows) > rules.max_rows:
        return False
    if max(len(r.cells) for r in rows) > rules.max_columns:
        return False
    name = _words(sheet.name or "")
    if name in rules.sheet_names or any(w in rules.sheet_names for w in name.split()):
        return True
    labels = [_words(r.cells[0]) for r in rows if r.kind == "row" and r.cells[0].strip()]
    known = sum(label in rules.labels for label in labels)
    return known >= 2 and known * 2 >= len(labels)


def _legend_entries(rows: list[RawRow]) -> dict[str, str]:
    rules = legend_rules()
    entries: dict[str, str] = {}
    for index, row in enumerate(rows):
        filled = [cell.strip() for cell in row.cells if cell.strip()]
        if len(filled) < 2 or (index == 0 and _words(filled[0]) in rules.header_labels):
            continue
        entries[filled[0]] = "; ".join(filled[1:])
    return entries


def _read_xlsx(path: Path) -> list[Grid]:
    import openpyxl

    _charge_xlsx_cells(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
        workbook = openpyxl.load_workbook(path, data_only=True, keep_links=False)
    sheets = []
    for ws in workbook.worksheets:
        grid = Grid(ws.title, hidden=ws.sheet_state != "visible")
        # the private cell map holds only the cells present in the file, unlike iter_rows
        filled_columns: set[int] = set()
        for (r, c), cell in ws._cells.items():
            if cell.value is not None:
                grid.put(r - 1, c - 1, _xlsx_text(cell, grid))
                filled_columns.add(c)
        grid.merges = [
            Merge(m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1)
            for m in ws.merged_cells.ranges
        ]
        grid.row_flags = {r - 1: ("hidden",) for r, dim in ws.row_dimensions.items() if dim.hidden}
        grid.hidden_columns = _hidden_columns(ws, filled_columns)
        sheets.append(grid)
    workbook.close()
    return sheets


def _charge_xlsx_cells(path: Path) -> None:
    """Count the cell elements of every sheet before openpyxl builds an object for each, so a
    workbook padded with millions of cells is refused before it fills the memory."""
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                cells = count_elements(package, info.filename, _CELL_TAG)
                charge(cells, f"the cells of {info.filename}")


def _hidden_columns(ws, filled: set[int]) -> list[str]:
    """Letters of hidden columns that hold a value (column groups ``min``..``max`` expanded
    only over the filled columns)."""
    from openpyxl.utils import get_column_letter

    hidden: set[int] = set()
    for dim in ws.column_dimensions.values():
        if dim.hidden and dim.min is not None and dim.max is not None:
            hidden.update(c for c in filled if dim.min <= c <= dim.max)
    return [get_column_letter(c) for c in sorted(hidden)]


def _xlsx_text(cell, grid: Grid) -> str:
    value = cell.value
    if isinstance(value, str):
        return value.replace("\r\n", "\n")
    if isinstance(value, dt.time):
        return render_time(value)
    if isinstance(value, dt.datetime | dt.date):
        text, reordered = render_date_shown(value, cell.number_format)
        grid.reordered_dates += reordered
        return text
    if isinstance(value, bool | int | float):
        return render_number(value)
    return str(value)


def _read_ods(path: Path, package) -> list[Grid]:
    from cpcanalysis.readers import _ods

    if _ods.is_encrypted(package):
        refuse_encrypted(path, "OpenDocument spreadsheet")
    return _ods.read_sheets(package)


def _read_xls(path: Path) -> list[Grid]:
    """Values from calamine, and from the workbook's own records (:mod:`._biff`) the rest:
    merged cells, hidden rows, where the used area starts, each date cell's number format."""
    import fastexcel

    facts = read_facts(path.read_bytes())
    by_name = {sheet.name: sheet for sheet in facts.sheets}
    try:
        reader = fastexcel.read_excel(path)
    except fastexcel.FastExcelError as exc:
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            refuse_encrypted(path, "Excel workbook")
        raise
    sheets = []
    for name in reader.sheet_names:
        sheet_facts = by_name.get(name) or SheetFacts(name)
        if sheet_facts.first_row is not None:
            rows = sheet_facts.last_row - sheet_facts.first_row + 1
            columns = sheet_facts.last_column - (sheet_facts.first_column or 0) + 1
            charge(
                rows * columns, f"sheet {name!r}'s used area ({rows:,} rows x {columns:,} columns)"
            )
        sheet = reader.load_sheet(name, header_row=None, dtypes="string")
        sheets.append(
            _xls_grid(name, str(sheet.visible) != "visible", sheet.to_polars(), facts, sheet_facts)
        )
    return sheets


def _xls_grid(name: str, hidden: bool, frame, facts: WorkbookFacts, sheet: SheetFacts) -> Grid:
    grid = Grid(name, hidden=hidden)
    top, left = sheet.first_row or 0, sheet.first_column or 0
    for c, column in enumerate(frame.columns):
        for r, value in enumerate(frame.get_column(column).to_list()):
            if value is not None:
                grid.put(
                    r + top, c + left, _xls_text(value, facts, sheet, (r + top, c + left), grid)
                )
    grid.merges = [Merge(*region) for region in sheet.merges]
    grid.row_flags = {r: ("hidden",) for r in sheet.hidden_rows}
    filled = {c for _r, c in grid.cells}
    grid.hidden_columns = [_letters(c) for c in sorted(sheet.hidden_columns & filled)]
    return grid


def _letters(column: int) -> str:
    """The letters of a 0-based column number (0: A, 26: AA)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(column + 1)


def _xls_text(value: str, facts: WorkbookFacts, sheet: SheetFacts, where, grid: Grid) -> str:
    """calamine's text for a cell; a date (``2025-03-31 00:00:00``) as its format shows it."""
    match = _CALAMINE_DATETIME.match(value)
    if match is None:
        return value
    number_format = facts.number_format(sheet.styles.get(where, -1))
    text, reordered = render_date_shown(dt.date.fromisoformat(match.group(1)), number_format)
    grid.reordered_dates += reordered
    return text
