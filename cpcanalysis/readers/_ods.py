"""OpenDocument spreadsheets (``.ods``) read straight from their XML, one :class:`Grid` per sheet.

No extra dependency: an ``.ods`` is a zip whose ``content.xml`` lists each sheet's rows and cells.
What the format says is kept: repeated rows and columns (``number-*-repeated``) are expanded only
where they hold text, spans (``number-*-spanned``) become merges, rows with
``table:visibility="collapse"`` or ``"filter"`` are flagged ``hidden``, sheets whose style says
``table:display="false"`` are hidden sheets, and date cells use their data style to tell a day
(``YYYY-MM-DD``) from a month (``October 2024``).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator

from lxml import etree

from cpcanalysis.readers._cells import render_date, render_number
from cpcanalysis.readers._grid import MAX_SPAN, Grid, Merge
from cpcanalysis.readers._odf import PARSER, is_encrypted, paragraph_text
from cpcanalysis.readers._odf import q as _q

__all__ = ["is_encrypted", "read_sheets"]

_ROW = _q("table", "table-row")
_CELL = _q("table", "table-cell")
_COVERED = _q("table", "covered-table-cell")
_ROW_CONTAINERS = {
    _q("table", "table-header-rows"),
    _q("table", "table-rows"),
    _q("table", "table-row-group"),
}
_TEXT_P = _q("text", "p")
# a row repeated more often than this is damaged or padding; it is read once per this many
MAX_REPEAT = 1000


def read_sheets(package: zipfile.ZipFile) -> list[Grid]:
    """Every sheet of the package, in order."""
    content = etree.fromstring(package.read("content.xml"), PARSER)
    styles = [content]
    if "styles.xml" in package.namelist():
        styles.append(etree.fromstring(package.read("styles.xml"), PARSER))
    month_styles = _month_only_cell_styles(styles)
    hidden_tables = _hidden_table_styles(content)
    sheets: list[Grid] = []
    for table in content.iter(_q("table", "table")):
        if table.getparent().tag == _CELL:
            continue  # a sub-table inside a cell
        grid = Grid(table.get(_q("table", "name")) or f"sheet {len(sheets) + 1}")
        grid.hidden = table.get(_q("table", "style-name")) in hidden_tables
        _fill(grid, table, month_styles)
        sheets.append(grid)
    return sheets


def _fill(grid: Grid, table: etree._Element, month_styles: set[str]) -> None:
    r = 0
    for row in _rows(table):
        repeat = int(row.get(_q("table", "number-rows-repeated"), "1") or 1)
        cells = list(_cells(row, r, grid, month_styles))
        if not cells:
            r += max(1, repeat)
            continue
        hidden = row.get(_q("table", "visibility")) in ("collapse", "filter")
        for k in range(max(1, min(repeat, MAX_REPEAT))):
            for c, text in cells:
                grid.put(r + k, c, text)
            if hidden:
                grid.row_flags[r + k] = ("hidden",)
        r += max(1, repeat)


def _rows(parent: etree._Element) -> Iterator[etree._Element]:
    for child in parent:
        if child.tag == _ROW:
            yield child
        elif child.tag in _ROW_CONTAINERS:
            yield from _rows(child)


def _cells(
    row: etree._Element, r: int, grid: Grid, month_styles: set[str]
) -> Iterator[tuple[int, str]]:
    c = 0
    for cell in row:
        if cell.tag not in (_CELL, _COVERED):
            continue
        repeat = max(1, int(cell.get(_q("table", "number-columns-repeated"), "1") or 1))
        text = _cell_text(cell, month_styles) if cell.tag == _CELL else ""
        if text:
            rows_spanned = int(cell.get(_q("table", "number-rows-spanned"), "1") or 1)
            cols_spanned = int(cell.get(_q("table", "number-columns-spanned"), "1") or 1)
            if rows_spanned > 1 or cols_spanned > 1:
                grid.merges.append(
                    Merge(
                        r,
                        c,
                        r + min(rows_spanned, MAX_SPAN) - 1,
                        c + min(cols_spanned, MAX_SPAN) - 1,
                    )
                )
            for k in range(min(repeat, MAX_SPAN)):
                yield c + k, text
        c += repeat


def _cell_text(cell: etree._Element, month_styles: set[str]) -> str:
    kind = cell.get(_q("office", "value-type"))
    if kind == "float":
        return render_number(float(cell.get(_q("office", "value"))))
    if kind == "date":
        value = cell.get(_q("office", "date-value"), "")
        day = dt.date.fromisoformat(value[:10])
        return render_date(day, month_only=cell.get(_q("table", "style-name")) in month_styles)
    if kind == "boolean":
        return "TRUE" if cell.get(_q("office", "boolean-value")) == "true" else "FALSE"
    return "\n".join(paragraph_text(p) for p in cell.iter(_TEXT_P))


def _month_only_cell_styles(roots: list[etree._Element]) -> set[str]:
    """Cell styles whose date format shows a month and year but no day."""
    month_formats = {
        fmt.get(_q("style", "name"))
        for root in roots
        for fmt in root.iter(_q("number", "date-style"))
        if fmt.find(_q("number", "day")) is None
    }
    return {
        style.get(_q("style", "name"))
        for root in roots
        for style in root.iter(_q("style", "style"))
        if style.get(_q("style", "data-style-name")) in month_formats
    }


def _hidden_table_styles(content: etree._Element) -> set[str]:
    return {
        style.get(_q("style", "name"))
        for style in content.iter(_q("style", "style"))
        if any(
            props.get(_q("table", "display")) == "false"
            for props in style.iter(_q("style", "table-properties"))
        )
    }
