"""OpenDocument text (``.odt``, as LibreOffice Writer saves it), read natively like ``.docx``.

The same rows as :mod:`.word` gives for the same document:

- each top-level table becomes ``row`` items with ``table="table N"`` and ``line`` = the row's
  1-based position in its table (header rows, ``table:table-header-rows``, included; repeated
  rows, ``table:number-rows-repeated``, counted as often as they repeat);
- spanned cells (``table:number-columns-spanned`` / ``-rows-spanned``, the positions they cover
  held by ``table:covered-table-cell``) are filled with their text; a cell spanning the whole
  table is a ``heading`` row flagged ``full-width``;
- a cell's paragraphs are joined with ``"\\n"``; list items (``text:list``) are prefixed ``"• "``;
  a nested table's cells become lines joined by ``" | "``;
- outside tables, headings (``text:h``, or a paragraph whose style is a Heading n / Title style)
  become ``heading`` rows flagged ``h1``..``h6``, and wholly bold paragraphs ``heading`` rows
  flagged ``bold``; their ``line`` is the paragraph's 1-based position in the body. The first
  prose paragraph under a heading, when a table follows before the next heading, is a
  ``heading`` row flagged ``paragraph``; other prose is not emitted, except that a paragraph
  reading as a colour legend fills ``RawDocument.legend``.
  Sections (``text:section``) are read through; page breaks (``text:soft-page-break``) and the
  table of contents are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from cpcanalysis.readers._budget import charge
from cpcanalysis.readers._containers import open_package, refuse_encrypted
from cpcanalysis.readers._failures import converting_failures
from cpcanalysis.readers._grid import MAX_SPAN, Grid, Merge, chosen_tables, grid_rows
from cpcanalysis.readers._legend import legend_in_lines
from cpcanalysis.readers._odf import (
    Styles,
    is_encrypted,
    paragraph_text,
    parse,
    pieces,
    q,
    table_rows,
)
from cpcanalysis.readers.contract import RawDocument, RawRow, ReadHints, UnderHeading
from cpcanalysis.readers.word import heading_level_of_style

WHAT = "OpenDocument text (.odt)"
_P, _H, _LIST, _ITEM = q("text", "p"), q("text", "h"), q("text", "list"), q("text", "list-item")
_LIST_HEADER, _SECTION = q("text", "list-header"), q("text", "section")
_TABLE, _CELL = q("table", "table"), q("table", "table-cell")
_COVERED = q("table", "covered-table-cell")
_STYLE = q("text", "style-name")


def read(path: Path, hints: ReadHints) -> RawDocument:
    """Read an OpenDocument text's tables and headings into raw rows."""
    with open_package(path, WHAT, required=("content.xml",)) as package:
        if is_encrypted(package):
            refuse_encrypted(path, "OpenDocument text")
        with converting_failures(path, WHAT):
            content = parse(package, "content.xml")
            roots = [content]
            if "styles.xml" in package.namelist():
                roots.append(parse(package, "styles.xml"))
            walker = _Walker(Styles(roots))
            rows = walker.rows(content)
    rows = chosen_tables(
        path,
        rows,
        hints.table,
        missing="has no tables",
        hint="the plan may be an image or an attachment; export its table to .odt or .ods",
    )
    return RawDocument(
        path=path, format="odt", rows=rows, legend=legend_in_lines(walker.paragraph_texts)
    )


class _Walker:
    """One pass over the document body, in reading order."""

    def __init__(self, styles: Styles) -> None:
        self._styles = styles
        self.paragraph_texts: list[str] = []  # prose outside tables, where a legend may be
        self._paragraphs = 0
        self._tables = 0
        self._under = UnderHeading()

    def rows(self, content: etree._Element) -> list[RawRow]:
        body = content.find(f"{q('office', 'body')}/{q('office', 'text')}")
        return [] if body is None else list(self._blocks(body))

    def _blocks(self, parent: etree._Element) -> Iterator[RawRow]:
        for child in parent:
            if child.tag == _TABLE:
                self._tables += 1
                yield from self._under.table()
                yield from grid_rows(self._table_grid(child, f"table {self._tables}"))
            elif child.tag in (_P, _H):
                self._paragraphs += 1
                text = paragraph_text(child)
                if text.strip():
                    self.paragraph_texts.append(text)
                    yield from self._under.row(self._heading(child, text), text, self._paragraphs)
            elif child.tag in (_LIST, _ITEM, _LIST_HEADER, _SECTION):
                yield from self._blocks(child)

    def _heading(self, element: etree._Element, text: str) -> RawRow | None:
        facts = self._styles.facts(element.get(_STYLE))
        level = self._level(element, facts.name, facts.outline)
        if level is not None:
            return RawRow("heading", (text.strip(),), self._paragraphs, None, (f"h{level}",))
        if self._all_bold(element, bool(facts.bold)):
            return RawRow("heading", (text.strip(),), self._paragraphs, None, ("bold",))
        return None

    @staticmethod
    def _level(element: etree._Element, style_name: str, outline: int | None) -> int | None:
        level: int | None
        if element.tag == _H:
            declared = element.get(q("text", "outline-level"))
            level = int(declared) if declared and declared.isdigit() else outline or 1
        else:
            level = heading_level_of_style(style_name) or outline
        return None if level is None else min(6, max(1, level))

    def _all_bold(self, element: etree._Element, paragraph_bold: bool) -> bool:
        """Every piece of text holding a letter or digit is bold, by its span or paragraph."""
        seen = False
        for text, style in pieces(element, None):
            if not text.strip():
                continue
            seen = True
            bold = self._styles.facts(style).bold if style else None
            if not (paragraph_bold if bold is None else bold):
                return False
        return seen

    def _table_grid(self, table: etree._Element, name: str) -> Grid:
        grid = Grid(name)
        r = 0
        for row in table_rows(table):
            repeat = _number(row, "number-rows-repeated")
            cells = list(self._row_cells(row))
            if cells:
                charge(repeat * max(1, len(cells)), f"the repeated rows of {name}")
                for k in range(repeat):
                    _place(grid, r + k, cells)
            r += repeat
        return grid

    def _row_cells(self, row: etree._Element) -> Iterator[tuple[int, str, int, int]]:
        """(column, text, rows spanned, columns spanned) of each cell that has text."""
        c = 0
        for cell in row:
            if cell.tag not in (_CELL, _COVERED):
                continue
            repeat = _number(cell, "number-columns-repeated")
            if cell.tag == _CELL:
                text = self._cell_text(cell)
                if text:
                    charge(repeat, "a row's repeated cells")
                    down = _number(cell, "number-rows-spanned")
                    across = _number(cell, "number-columns-spanned")
                    for k in range(repeat):
                        yield c + k, text, down, across
            c += repeat

    def _cell_text(self, cell: etree._Element) -> str:
        lines: list[str] = []
        self._cell_lines(cell, lines, in_list=False)
        return "\n".join(lines)

    def _cell_lines(self, parent: etree._Element, lines: list[str], in_list: bool) -> None:
        for child in parent:
            if child.tag in (_P, _H):
                text = paragraph_text(child)
                if text.strip():
                    lines.append(f"• {text.strip()}" if in_list else text)
            elif child.tag == _LIST:
                self._cell_lines(child, lines, in_list=True)
            elif child.tag in (_ITEM, _LIST_HEADER, _SECTION):
                self._cell_lines(child, lines, in_list)
            elif child.tag == _TABLE:
                lines.extend(self._nested_table_lines(child))

    def _nested_table_lines(self, table: etree._Element) -> list[str]:
        lines = []
        for row in table_rows(table):
            texts = [self._cell_text(cell).replace("\n", " ") for cell in row if cell.tag == _CELL]
            if any(t.strip() for t in texts):
                lines.append(" | ".join(texts))
        return lines


def _place(grid: Grid, r: int, cells: list[tuple[int, str, int, int]]) -> None:
    for c, text, down, across in cells:
        grid.put(r, c, text)
        if down > 1 or across > 1:
            grid.merges.append(Merge(r, c, r + down - 1, c + across - 1))


def _number(element: etree._Element, attribute: str) -> int:
    value = element.get(q("table", attribute), "1")
    try:
        return max(1, min(int(value), MAX_SPAN if "spanned" in attribute else 1 << 20))
    except ValueError:
        return 1
