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
  The first prose paragraph under a heading, when a table follows before the next heading (the
  recommendation's text under "Recommendation 2 – Financial resilience"), is a ``heading`` row
  flagged ``paragraph`` (:class:`~.contract.UnderHeading`); other prose is not emitted, except
  that a paragraph reading as a colour legend ("Green = complete, Amber = on track") fills
  ``RawDocument.legend`` (:mod:`._legend`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from cpcanalysis.readers._budget import charge
from cpcanalysis.readers._containers import count_elements, open_package
from cpcanalysis.readers._failures import converting_failures
from cpcanalysis.readers._grid import MAX_SPAN, Grid, Merge, chosen_tables, grid_rows
from cpcanalysis.readers._legend import legend_in_lines
from cpcanalysis.readers.contract import RawDocument, RawRow, ReadHints, UnderHeading

WHAT = "Word document (.docx)"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_HEADING_STYLE = re.compile(r"^(heading|título|titre|überschrift)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = {"title", "subtitle"}
_CELL_TAG = re.compile(rb"<w:tc[\s>]")  # a table cell in document.xml


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _SDT, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("sdt"), _w("t")
_SDT_CONTENT = _w("sdtContent")
_VAL = _w("val")


def read(path: Path, hints: ReadHints) -> RawDocument:
    """Read a Word document's tables and headings into raw rows."""
    package = open_package(path, WHAT, required=("word/document.xml",))
    with package, converting_failures(path, WHAT):
        cells = count_elements(package, "word/document.xml", _CELL_TAG)
    charge(cells, "the document's table cells")
    with converting_failures(path, WHAT):
        import docx

        document = docx.Document(str(path))
        walker = _Walker(document)
        rows = walker.rows()
    rows = chosen_tables(
        path,
        rows,
        hints.table,
        missing="has no tables",
        hint="the plan may be an image or an attachment; export its table to .docx or .xlsx",
    )
    return RawDocument(
        path=path, format="docx", rows=rows, legend=legend_in_lines(walker.paragraph_texts)
    )


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


class _Styles:
    """Facts about the document's styles, looked up once per style id.

    (python-docx's ``Paragraph.style`` scans every style on each call; a long table made that
    the reader's main cost.)
    """

    def __init__(self, document) -> None:
        from docx.enum.style import WD_STYLE_TYPE

        self._by_id = {style.style_id: style for style in document.styles}
        defaults = [
            style
            for style in self._by_id.values()
            if style.type == WD_STYLE_TYPE.PARAGRAPH and _toggle(style.element.get(_w("default")))
        ]
        self._default = defaults[0] if defaults else None
        self._paragraph: dict[str | None, tuple[str, bool, bool]] = {}
        self._character: dict[str | None, bool | None] = {}

    def paragraph(self, style_id: str | None) -> tuple[str, bool, bool]:
        """(name, is a list style, is bold) of a paragraph style id (None: the default)."""
        if style_id not in self._paragraph:
            style = self._by_id.get(style_id) if style_id else self._default
            name = ((style.name or "") if style is not None else "").strip()
            self._paragraph[style_id] = (name, _style_is_list(style), _inherited_bold(style))
        return self._paragraph[style_id]

    def character_bold(self, style_id: str | None) -> bool | None:
        if style_id not in self._character:
            style = self._by_id.get(style_id) if style_id else None
            self._character[style_id] = None if style is None else style.font.bold
        return self._character[style_id]


class _Walker:
    """One pass over a document body."""

    def __init__(self, document) -> None:
        from docx.text.paragraph import Paragraph

        self._document = document
        self._paragraph = Paragraph
        self._styles = _Styles(document)
        self.paragraph_texts: list[str] = []  # prose outside tables, where a legend may be

    def rows(self) -> list[RawRow]:
        rows: list[RawRow] = []
        under = UnderHeading()
        paragraphs = tables = 0
        for block in _blocks(self._document.element.body):
            if block.tag == _TBL:
                tables += 1
                rows.extend(under.table())
                rows.extend(grid_rows(self._table_grid(block, f"table {tables}")))
                continue
            paragraphs += 1
            text = self._paragraph(block, self._document).text
            if text.strip():
                self.paragraph_texts.append(text)
                rows.extend(under.row(self._heading(block, text, paragraphs), text, paragraphs))
        return rows

    def _heading(self, element, text: str, number: int) -> RawRow | None:
        style_name, _is_list, style_bold = self._styles.paragraph(_style_id(element, "pPr"))
        level = _heading_level(element, style_name)
        if level is not None:
            return RawRow("heading", (text.strip(),), number, None, (f"h{level}",))
        if self._all_bold(element, style_bold):
            return RawRow("heading", (text.strip(),), number, None, ("bold",))
        return None

    def _all_bold(self, element, style_bold: bool) -> bool:
        """Every run holding text is bold: directly, by its character style, or the paragraph's."""
        runs = [
            r for r in element.iter(_w("r")) if "".join(t.text or "" for t in r.iter(_T)).strip()
        ]
        if not runs:
            return False
        for run in runs:
            bold = _toggle(run.find(f"{_w('rPr')}/{_w('b')}"))
            if bold is None:
                bold = self._styles.character_bold(_style_id(run, "rPr"))
            if not (style_bold if bold is None else bold):
                return False
        return True

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
            text = self._paragraph(block, self._document).text
            if text.strip():
                lines.append(f"• {text.strip()}" if self._is_list(block) else text)
        return "\n".join(lines)

    def _is_list(self, element) -> bool:
        num_pr = element.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            num_id = num_pr.find(_w("numId"))
            return num_id is None or num_id.get(_VAL) != "0"
        return self._styles.paragraph(_style_id(element, "pPr"))[1]


def _style_id(element, properties: str) -> str | None:
    style = element.find(f"{_w(properties)}/{_w('pStyle' if properties == 'pPr' else 'rStyle')}")
    return None if style is None else style.get(_VAL)


def _toggle(element) -> bool | None:
    """A Word on/off property (an element or an attribute's text): absent is None, present is
    on unless its value says off."""
    if element is None:
        return None
    value = element if isinstance(element, str) else element.get(_VAL, "true")
    return value.lower() not in ("0", "false", "off")


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


def heading_level_of_style(style_name: str) -> int | None:
    """The heading level a paragraph style's name gives ("Heading 2": 2, "Title": 1), or None.
    (Shared with the OpenDocument reader: Writer names its styles the same way.)"""
    match = _HEADING_STYLE.match(style_name)
    if match:
        return min(6, max(1, int(match.group(2))))
    if style_name.lower() in _TITLE_STYLES:
        return 1
    return None


def _heading_level(element, style_name: str) -> int | None:
    level = heading_level_of_style(style_name)
    if level is not None:
        return level
    outline = element.find(f"{_w('pPr')}/{_w('outlineLvl')}")
    if outline is not None:
        level = _int_attr(outline, 9)
        if 0 <= level < 6:
            return level + 1
    return None


def _inherited_bold(style) -> bool:
    seen = 0
    while style is not None and seen < 10:
        if style.font.bold is not None:
            return bool(style.font.bold)
        style, seen = style.base_style, seen + 1
    return False
