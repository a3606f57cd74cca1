"""Word documents (``.docx``): every table in reading order, with the headings around them.

The body is walked in order (content controls included):

- each table becomes ``row`` items with ``table="table N"`` (N counts the document's top-level
  tables from 1) and ``line`` = the row's 1-based position in that table; the manifest's
  ``table`` hint keeps one table and the headings just before it;
- merged cells (``gridSpan`` across, ``vMerge`` down) are filled with their text; a cell spanning
  the whole table width is a ``heading`` row flagged ``full-width``;
- a cell's paragraphs are joined with ``"\\n"``; list paragraphs (bulleted or numbered, by
  numbering or by a ``List ...`` style) are prefixed ``"• "``; a nested table's cells become
  lines joined by ``" | "``;
- outside tables, headings (``Heading n``/``Title`` styles, outline levels) become ``heading``
  rows flagged ``h1``..``h6``, and wholly bold paragraphs ``heading`` rows flagged ``bold``;
  their ``line`` is the paragraph's 1-based position in the body and ``table`` is ``None``.
  Other prose is not emitted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from cpcanalysis.readers import ReadHints
from cpcanalysis.readers._containers import open_package
from cpcanalysis.readers._failures import NoTableError, converting_failures
from cpcanalysis.readers._grid import MAX_SPAN, Grid, Merge, grid_rows, select_table
from cpcanalysis.readers.base import RawDocument, RawRow

WHAT = "Word document (.docx)"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_STYLE = re.compile(r"^(heading|título|titre|überschrift)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "subtitle"}


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _SDT = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("sdt")
_SDT_CONTENT = _w("sdtContent")
_VAL = _w("val")


def read(path: Path, hints: ReadHints) -> RawDocument:
    """Read a Word document's tables and headings into raw rows."""
    open_package(path, WHAT, required=("word/document.xml",)).close()
    with converting_failures(path, WHAT):
        import docx

        document = docx.Document(str(path))
        rows = _Walker(document).rows()
    if not any(row.table is not None for row in rows):
        raise NoTableError(
            "has no tables",
            path=path,
            hint="the plan may be an image or an attachment; export its table to .docx or .xlsx",
        )
    if hints.table is not None:
        rows = select_table(path, rows, hints.table)
    return RawDocument(path=path, format="docx", rows=rows)


def _children(parent, tags: tuple[str, ...]) -> Iterator:
    """Children of ``parent`` with one of ``tags``, in order, looking inside content controls."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _children(content, tags)


def _blocks(parent) -> Iterator:
    """Paragraphs and tables directly under ``parent`` (a body or a cell)."""
    return _children(parent, (_P, _TBL))


class _Walker:
    """One pass over a document body; caches style lookups."""

    def __init__(self, document) -> None:
        from docx.text.paragraph import Paragraph

        self._document = document
        self._paragraph = Paragraph
        self._list_styles: dict[str | None, bool] = {}

    def rows(self) -> list[RawRow]:
        rows: list[RawRow] = []
        paragraphs = tables = 0
        for block in _blocks(self._document.element.body):
            if block.tag == _TBL:
                tables += 1
                rows.extend(grid_rows(self._table_grid(block, f"table {tables}")))
                continue
            paragraphs += 1
            heading = self._heading(block, paragraphs)
            if heading is not None:
                rows.append(heading)
        return rows

    def _heading(self, element, number: int) -> RawRow | None:
        paragraph = self._paragraph(element, self._document)
        text = paragraph.text
        if not text.strip():
            return None
        style = paragraph.style
        style_name = (style.name or "").strip() if style is not None else ""
        level = _heading_level(element, style_name)
        if level is not None:
            return RawRow("heading", (text.strip(),), number, None, (f"h{level}",))
        if _all_bold(paragraph):
            return RawRow("heading", (text.strip(),), number, None, ("bold",))
        return None

    def _table_grid(self, table, name: str) -> Grid:
        grid = Grid(name)
        open_down: dict[int, tuple[int, int]] = {}  # column -> (top row, span) of a vMerge
        for r, tr in enumerate(_children(table, (_TR,))):
            c = _int_attr(tr.find(f"{_w('trPr')}/{_w('gridBefore')}"), 0)
            for tc in _children(tr, (_TC,)):
                properties = tc.find(_w("tcPr"))
                span = _int_attr(None if properties is None else properties.find(_w("gridSpan")))
                span = max(1, min(span, MAX_SPAN))
                merge = None if properties is None else properties.find(_w("vMerge"))
                if merge is not None and merge.get(_VAL, "continue") == "continue":
                    if c in open_down:
                        top, width = open_down[c]
                        grid.merges.append(Merge(top, c, r, c + width - 1))
                    c += span
                    continue
                grid.put(r, c, self._cell_text(tc))
                if merge is not None:  # restart: later rows may continue it
                    open_down[c] = (r, span)
                else:
                    open_down.pop(c, None)
                    if span > 1:
                        grid.merges.append(Merge(r, c, r, c + span - 1))
                c += span
        return grid

    def _cell_text(self, tc) -> str:
        lines = []
        for block in _blocks(tc):
            if block.tag == _TBL:
                lines.extend(_nested_table_lines(block, self))
                continue
            paragraph = self._paragraph(block, self._document)
            text = paragraph.text
            if text.strip():
                lines.append(f"• {text.strip()}" if self._is_list(block, paragraph) else text)
        return "\n".join(lines)

    def _is_list(self, element, paragraph) -> bool:
        num_pr = element.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            num_id = num_pr.find(_w("numId"))
            return num_id is None or num_id.get(_VAL) != "0"
        style = paragraph.style
        key = None if style is None else style.style_id
        if key not in self._list_styles:
            self._list_styles[key] = _style_is_list(style)
        return self._list_styles[key]


def _style_is_list(style) -> bool:
    seen = 0
    while style is not None and seen < 10:
        name = (style.name or "").lower()
        if name.startswith(("list bullet", "list number")):
            return True
        if style.element.find(f"{_w('pPr')}/{_w('numPr')}") is not None:
            return True
        style, seen = style.base_style, seen + 1
    return False


def _nested_table_lines(table, walker: _Walker) -> list[str]:
    lines = []
    for tr in _children(table, (_TR,)):
        texts = [walker._cell_text(tc).replace("\n", " ") for tc in _children(tr, (_TC,))]
        if any(t.strip() for t in texts):
            lines.append(" | ".join(texts))
    return lines


def _int_attr(element, default: int = 1) -> int:
    if element is None:
        return default
    try:
        return int(element.get(_VAL, default))
    except ValueError:
        return default


def _heading_level(element, style_name: str) -> int | None:
    match = _HEADING_STYLE.match(style_name)
    if match:
        return min(6, max(1, int(match.group(2))))
    if style_name.lower() in _TITLE_STYLES:
        return 1
    outline = element.find(f"{_w('pPr')}/{_w('outlineLvl')}")
    if outline is not None:
        level = _int_attr(outline, 9)
        if 0 <= level < 6:
            return level + 1
    return None


def _all_bold(paragraph) -> bool:
    """Every run holding text is bold, directly, by its character style or the paragraph's."""
    style_bold = _inherited_bold(paragraph.style)
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    for run in runs:
        bold = run.bold
        if bold is None and run.style is not None:
            bold = run.style.font.bold
        if bold is None:
            bold = style_bold
        if not bold:
            return False
    return True


def _inherited_bold(style) -> bool:
    seen = 0
    while style is not None and seen < 10:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style, seen = style.base_style, seen + 1
    return False
