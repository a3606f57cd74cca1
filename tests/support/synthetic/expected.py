"""SYNTHETIC: the raw rows each reader must give back for a Document written by :mod:`.writers`.

These encode the reader contract format by format (see ``cpcanalysis/readers/contract.py``):
spreadsheets fill merges and turn full-width merges into headings, give real dates as their
format displays them and flag hidden rows; Word, HTML and ruled PDF tables fill spans; flat
text (csv, tsv, markdown, unruled PDF) leaves continued cells blank and full-width rows as
one-cell rows.
"""

from __future__ import annotations

import datetime as dt
import html

from cpcanalysis.readers.contract import RawRow

from .plan import Document, Heading, Table, Value, as_text
from .writers import INTRO, flat_rows, html_page, markdown_lines, sheet_layout


def expected_rows(doc: Document, fmt: str) -> list[RawRow]:
    """The rows ``read_document`` must return for ``doc`` written as ``fmt``."""
    if fmt in ("xlsx", "ods", "xls"):
        return _sheet(doc)
    if fmt in ("csv", "tsv"):
        return _delimited(doc)
    if fmt == "md":
        return _markdown(doc)
    return _tables(doc, fmt)


def _shown(value: Value) -> str:
    """A date cell as its dd/mm/yyyy format displays it."""
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value


def _sheet(doc: Document) -> list[RawRow]:
    cells, spans, hidden_rows, _bold = sheet_layout(doc)
    width = max(c for _, c in cells) + 1
    grid = {pos: _shown(v) for pos, v in cells.items()}
    headings: set[int] = set()
    for top, left, bottom, right in spans:
        if left == 0 and right == width - 1:
            headings.add(top)
            continue
        for r in range(top, bottom + 1):
            grid[(r, left)] = grid[(top, left)]
    rows = []
    for r in range(max(r for r, _ in cells) + 1):
        flags = ("hidden",) if r in hidden_rows else ()
        if r in headings:
            rows.append(RawRow("heading", (grid[(r, 0)],), r + 1, "Plan", ("full-width", *flags)))
        elif any((r, c) in grid for c in range(width)):
            values = tuple(grid.get((r, c), "") for c in range(width))
            rows.append(RawRow("row", values, r + 1, "Plan", flags))
    return rows


def _delimited(doc: Document) -> list[RawRow]:
    rows, line = [], 1
    for row in flat_rows(doc):
        if row is not None:
            rows.append(RawRow("row", row, line))
            line += sum(cell.count("\n") for cell in row)
        line += 1
    return rows


def _markdown(doc: Document) -> list[RawRow]:
    rows = []
    table_line = 0
    for number, text in enumerate(markdown_lines(doc), start=1):
        if text.startswith("#"):
            level = len(text) - len(text.lstrip("#"))
            rows.append(RawRow("heading", (text[level + 1 :],), number, None, (f"h{level}",)))
        elif text.startswith("|"):
            table_line += 1
            if table_line == 2:
                continue  # the |---| rule
            cells = tuple(c.strip().replace("<br>", "\n") for c in text.strip("|").split(" | "))
            rows.append(RawRow("row", cells, number))
        else:
            table_line = 0
    return rows


def _tables(doc: Document, fmt: str) -> list[RawRow]:
    """docx, odt, html, pdf (ruled), pdf-text: headings outside tables, tables numbered from 1."""
    spans = fmt != "pdf-text"
    page = ("page 1",) if fmt.startswith("pdf") else ()
    rows = [_title(doc, fmt)]
    if fmt != "html" and isinstance(doc.blocks[0], Table):
        # the paragraph under the title, a table following it (the HTML reader emits no prose)
        page = ("page 1",) if fmt.startswith("pdf") else ()
        rows.append(RawRow("heading", (INTRO,), 2, None, ("paragraph", *page)))
    paragraph, outside_line, tables = 2, 2, 0
    source = html_page(doc).split("\n") if fmt == "html" else []
    for block in doc.blocks:
        if isinstance(block, Heading):
            paragraph += 1
            outside_line += 1
            if fmt in ("docx", "odt"):
                line = paragraph
            elif fmt == "html":
                line = _source_line(source, block.text)
            else:
                line = outside_line
            flags = ("bold", *page) if fmt.startswith("pdf") else (f"h{block.level}",)
            rows.append(RawRow("heading", (block.text,), line, None, flags))
            continue
        tables += 1
        paragraph += 1  # the empty paragraph after each Word table
        rows += _table_rows(block, f"table {tables}", spans, page)
    return rows


def _title(doc: Document, fmt: str) -> RawRow:
    if fmt in ("docx", "odt"):
        return RawRow("heading", (doc.title,), 1, None, ("h1",))
    if fmt == "html":
        line = _source_line(html_page(doc).split("\n"), doc.title)
        return RawRow("heading", (doc.title,), line, None, ("h1",))
    return RawRow("heading", (doc.title,), 1, None, ("bold", "page 1"))


def _source_line(lines: list[str], text: str) -> int:
    """The 1-based source line of the heading element holding ``text``."""
    marker = f">{html.escape(text)}</h"
    return next(i for i, line in enumerate(lines, start=1) if marker in line)


def _table_rows(table: Table, name: str, spans: bool, page: tuple[str, ...]) -> list[RawRow]:
    rows = []
    above: dict[int, str] = {}
    for line, row in enumerate(table.rows, start=1):
        if row.kind == "full":
            text = as_text(row.cells[0])
            if spans:
                rows.append(RawRow("heading", (text,), line, name, ("full-width", *page)))
            else:
                padded = (text,) + ("",) * (table.width - 1)
                rows.append(RawRow("row", padded, line, name, page))
            continue
        values = []
        for c, value in enumerate(row.cells):
            if c in row.continued:
                values.append(above[c] if spans else "")
            else:
                above[c] = as_text(value)
                values.append(above[c])
        rows.append(RawRow("row", tuple(values), line, name, page))
    return rows
