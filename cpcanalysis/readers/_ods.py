"""OpenDocument spreadsheets (``.ods``) read straight from their XML, one :class:`Grid` per sheet.

No extra dependency: an ``.ods`` is a zip whose ``content.xml`` lists each sheet's rows and cells.
What the format says is kept: repeated rows and columns (``number-*-repeated``) are expanded only
where they hold text (charged to the cell budget first, :mod:`._budget`), spans
(``number-*-spanned``) become merges, rows with ``table:visibility="collapse"`` or ``"filter"``
are flagged ``hidden``, sheets whose style says
``table:display="false"`` are hidden sheets, and date cells show the text their data style
displays (``31/03/2025``, ``October 2024``; :func:`~._cells.render_date_shown`).
"""

from __future__ import annotations

import datetime as dt
import zipfile
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from cpcanalysis.readers._budget import charge
from cpcanalysis.readers._cells import render_date_shown, render_number
from cpcanalysis.readers._grid import MAX_SPAN, Grid, Merge
from cpcanalysis.readers._odf import PARSER, is_encrypted, paragraph_text, table_rows
from cpcanalysis.readers._odf import q as _q

__all__ = ["is_encrypted", "read_sheets"]

_CELL = _q("table", "table-cell")
_COVERED = _q("table", "covered-table-cell")
_TEXT_P = _q("text", "p")
_STYLE_NAME = _q("table", "style-name")


def read_sheets(package: zipfile.ZipFile) -> list[Grid]:
    """Every sheet of the package, in order."""
    content = etree.fromstring(package.read("content.xml"), PARSER)
    styles = [content]
    if "styles.xml" in package.namelist():
        styles.append(etree.fromstring(package.read("styles.xml"), PARSER))
    date_formats = _date_formats(styles)
    hidden_tables = _hidden_table_styles(content)
    sheets: list[Grid] = []
    for table in content.iter(_q("table", "table")):
        if table.getparent().tag == _CELL:
            continue  # a sub-table inside a cell
        grid = Grid(table.get(_q("table", "name")) or f"sheet {len(sheets) + 1}")
        grid.hidden = table.get(_q("table", "style-name")) in hidden_tables
        _fill(grid, table, date_formats)
        sheets.append(grid)
    return sheets


@dataclass
class _Sheet:
    """What reading one sheet's cells needs: its grid, the workbook's date formats, and the
    default cell style of each column (a cell without a style of its own takes its column's)."""

    grid: Grid
    date_formats: dict[str, str]
    column_ends: list[int] = field(default_factory=list)  # exclusive end of each column run
    column_styles: list[str | None] = field(default_factory=list)

    def style_of(self, cell: etree._Element, column: int) -> str:
        own = cell.get(_STYLE_NAME)
        if own:
            return own
        run = bisect_right(self.column_ends, column)
        return (self.column_styles[run] if run < len(self.column_styles) else None) or "Default"


def _columns(sheet: _Sheet, table: etree._Element) -> None:
    end = 0
    for column in table.iter(_q("table", "table-column")):
        end += _count(column, "number-columns-repeated")
        sheet.column_ends.append(end)
        sheet.column_styles.append(column.get(_q("table", "default-cell-style-name")))


def _fill(grid: Grid, table: etree._Element, date_formats: dict[str, str]) -> None:
    sheet = _Sheet(grid, date_formats)
    _columns(sheet, table)
    r = 0
    for row in table_rows(table):
        repeat = _count(row, "number-rows-repeated")
        cells = list(_cells(row, r, sheet))
        if cells:
            charge(repeat * len(cells), f"the repeated rows of sheet {grid.name!r}")
            hidden = row.get(_q("table", "visibility")) in ("collapse", "filter")
            for k in range(repeat):
                for c, text in cells:
                    grid.put(r + k, c, text)
                if hidden:
                    grid.row_flags[r + k] = ("hidden",)
        r += repeat


def _count(element: etree._Element, attribute: str) -> int:
    try:
        return max(1, int(element.get(_q("table", attribute), "1") or 1))
    except ValueError:
        return 1


def _cells(row: etree._Element, r: int, sheet: _Sheet) -> Iterator[tuple[int, str]]:
    c = 0
    for cell in row:
        if cell.tag not in (_CELL, _COVERED):
            continue
        repeat = _count(cell, "number-columns-repeated")
        text = _cell_text(cell, sheet, c) if cell.tag == _CELL else ""
        if text:
            down = min(_count(cell, "number-rows-spanned"), MAX_SPAN)
            across = min(_count(cell, "number-columns-spanned"), MAX_SPAN)
            if down > 1 or across > 1:
                sheet.grid.merges.append(Merge(r, c, r + down - 1, c + across - 1))
            charge(repeat, f"the repeated cells of sheet {sheet.grid.name!r}")
            for k in range(repeat):
                yield c + k, text
        c += repeat


def _cell_text(cell: etree._Element, sheet: _Sheet, column: int) -> str:
    kind = cell.get(_q("office", "value-type"))
    if kind == "float":
        return render_number(float(cell.get(_q("office", "value"))))
    if kind == "date":
        value = cell.get(_q("office", "date-value"), "")
        day = dt.date.fromisoformat(value[:10])
        number_format = sheet.date_formats.get(sheet.style_of(cell, column))
        text, reordered = render_date_shown(day, number_format)
        sheet.grid.reordered_dates += reordered
        return text
    if kind == "boolean":
        return "TRUE" if cell.get(_q("office", "boolean-value")) == "true" else "FALSE"
    return "\n".join(paragraph_text(p) for p in cell.iter(_TEXT_P))


def _date_formats(roots: list[etree._Element]) -> dict[str, str]:
    """Cell style name -> its date style written as an Excel number format (``dd/mm/yyyy``,
    ``mmmm yyyy``), so that both kinds of workbook display dates by one rule."""
    formats = {
        fmt.get(_q("style", "name")): _as_excel_format(fmt)
        for root in roots
        for fmt in root.iter(_q("number", "date-style"))
    }
    return {
        style.get(_q("style", "name")): formats[style.get(_q("style", "data-style-name"))]
        for root in roots
        for style in root.iter(_q("style", "style"))
        if style.get(_q("style", "data-style-name")) in formats
    }


def _as_excel_format(date_style: etree._Element) -> str:
    parts = []
    for part in date_style:
        name = etree.QName(part).localname
        long = part.get(_q("number", "style")) == "long"
        if name == "day":
            parts.append("dd" if long else "d")
        elif name == "month":
            textual = part.get(_q("number", "textual")) == "true"
            parts.append(("mmmm" if long else "mmm") if textual else ("mm" if long else "m"))
        elif name == "year":
            parts.append("yyyy" if long else "yy")
        elif name == "day-of-week":
            parts.append("dddd" if long else "ddd")
        elif name == "text":
            parts.append('"' + (part.text or "").replace('"', "") + '"')
        elif name in ("hours", "minutes", "seconds", "am-pm"):
            break
    return "".join(parts)


def _hidden_table_styles(content: etree._Element) -> set[str]:
    return {
        style.get(_q("style", "name"))
        for style in content.iter(_q("style", "style"))
        if any(
            props.get(_q("table", "display")) == "false"
            for props in style.iter(_q("style", "table-properties"))
        )
    }
