"""PDFs: ruled tables through pdfplumber, joined across pages, and a text-layout fallback.

How a PDF is read:

1. Pages are parsed once each by pdfminer, keeping only characters, ruling lines and images
   (:mod:`._pdf_objects`); ruled tables come from pdfplumber's line-based table finder run on
   those lines; the cells' words are placed in one pass (not re-extracted per cell), and
   wrapped lines inside a cell are re-joined (:mod:`._pdf_text`), keeping real line breaks and
   list items as ``"\\n"``.
2. Spans (a cell covering several rows or columns) are filled like merged cells elsewhere; a
   cell across the whole table is a ``heading`` row flagged ``full-width``.
3. A table that continues on the next page (the first table there has the same columns and no
   text stands between them) is joined to it, the rows that repeat its first rows (a header
   printed again on every page) are removed, and a row split by the page break is joined to
   its rest (:mod:`._pdf_join`).
4. If no page has a ruled table (a single ruled box round a title or note does not count), tables
   are found from the text layout alone (aligned columns, gaps between rows) and a note says so.
5. Outside tables, lines that wrap one paragraph are joined; wholly bold ones are ``heading``
   rows flagged ``bold`` (lines that repeat on most pages, such as running headers, are
   dropped), and the first prose paragraph under a heading, when a table follows before the
   next heading, is a ``heading`` row flagged ``paragraph``; other prose is not emitted,
   except that a line reading as a colour legend ("Green = complete, Amber = on track") fills
   ``RawDocument.legend`` (:mod:`._legend`).

Where rows come from: ``table`` is ``"table N"`` (N counts the joined tables from 1) and ``line``
is the row's 1-based position in the joined table (repeated headers and blank rows not
counted); every row carries a ``"page P"`` flag. Headings have ``table=None`` and ``line`` = the
1-based number of the line among the page's lines outside tables.

A PDF with no text at all (a scan) raises :class:`ScannedPdfError`; a password-protected one
:class:`EncryptedFileError`; anything else unreadable :class:`CorruptFileError`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.readers._failures import (
    CorruptFileError,
    EncryptedFileError,
    ScannedPdfError,
    converting_failures,
)
from cpcanalysis.readers._grid import Grid, Merge, chosen_tables, grid_rows
from cpcanalysis.readers._legend import legend_in_lines
from cpcanalysis.readers._pdf_join import (
    CellPlace,
    PageTable,
    continues,
    split_row,
    spread_join,
    without_repeats,
)
from cpcanalysis.readers._pdf_objects import PageContent, check_inflation, open_pages
from cpcanalysis.readers._pdf_text import (
    Line,
    cell_text,
    group_lines,
    join_paragraphs,
    layout_tables,
)
from cpcanalysis.readers.contract import Note, RawDocument, RawRow, ReadHints, UnderHeading

WHAT = "PDF"
SNAP = 1.0  # points: cell edges closer than this are the same grid line
MARGIN = 0.08  # of the page height: running headers and footers live in the top/bottom margin


@dataclass
class Page:
    number: int
    height: float
    tables: list[PageTable] = field(default_factory=list)
    outside: list[Line] = field(default_factory=list)  # lines of text outside tables
    chars: int = 0
    images: int = 0


def read(path: Path, hints: ReadHints) -> RawDocument:
    """Read a PDF's tables (and bold headings) into raw rows."""
    with path.open("rb") as handle:
        if b"%PDF" not in handle.read(1024):
            raise CorruptFileError(
                "is not a PDF (no %PDF header in its first bytes)",
                path=path,
                hint="check the file is complete and has the right extension",
            )
    notes: list[Note] = []
    with converting_failures(path, WHAT, hint="download it again or print it to a new PDF"):
        check_inflation(path)
        contents = _contents(path, hints.pages)
        if hints.pages is not None:
            notes.append(_pages_read(path, hints.pages, contents))
        pages = [_read_page(content, ruled=True) for content in contents]
        if sum(p.chars for p in pages) == 0:
            scanned = any(p.images for p in pages)
            raise ScannedPdfError(
                "has no text layer: its pages are images (a scan)"
                if scanned
                else "has no text on any page",
                path=path,
                hint="run OCR on it first (e.g. ocrmypdf) and read the OCR'd copy",
            )
        if not any(p.tables for p in pages):
            pages = [_read_page(content, ruled=False) for content in contents]
            notes.append(
                Note(
                    "text_layout",
                    f"{path.name}: no ruled tables; columns were inferred from text layout",
                )
            )
    notes += [
        Note("no_text_layer", f"page {p.number} has no text layer (scanned?)")
        for p in pages
        if not p.chars
    ]
    rows, joined = _document_rows(pages)
    notes += joined
    rows = chosen_tables(
        path,
        rows,
        hints.table,
        missing="has text but no table, ruled or aligned",
        hint="check this is the action plan; if its table is an image, run OCR first",
    )
    legend = legend_in_lines(line.text for page in pages for line in page.outside)
    return RawDocument(path=path, format="pdf", rows=rows, notes=notes, legend=legend)


def _pages_read(path: Path, pages: tuple[int, int], contents: list[PageContent]) -> Note:
    """The note that only the pages plans.toml names were read, or the error that the PDF
    has none of them."""
    asked = f"{pages[0]}-{pages[1]}" if pages[1] != pages[0] else str(pages[0])
    if not contents:
        raise ReadError(
            f"hints.pages = {asked!r}, but the PDF ends before page {pages[0]}",
            path=path,
            hint="count the pages as a PDF viewer numbers them, from 1",
        )
    last = contents[-1].number
    ends = f" (the PDF ends at page {last})" if last < pages[1] else ""
    return Note(
        "pages_chosen", f"pages {asked} read, as plans.toml's hints.pages asks{ends}; others left"
    )


def _contents(path: Path, pages: tuple[int, int] | None) -> list[PageContent]:
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        return list(open_pages(path, pages))
    except PDFPasswordIncorrect:
        raise EncryptedFileError(
            "is a password-protected PDF, so its text cannot be read",
            path=path,
            hint="open it with the password and print or save an unprotected copy",
        ) from None


def _read_page(content: PageContent, ruled: bool) -> Page:
    number = content.number
    result = Page(number, content.height, chars=content.char_count, images=content.images)
    if not result.chars:
        return result
    page_words = content.words
    if ruled:
        taken = [False] * len(page_words)
        for table in content.find_tables():
            if len(table.rows) < 2 or max(len(row.cells) for row in table.rows) < 2:
                continue  # a box drawn round a title or a note, not a table
            result.tables.append(_ruled_table(table, page_words, taken, number))
        outside = [w for w, t in zip(page_words, taken, strict=True) if not t]
        result.outside = join_paragraphs(group_lines(outside))
    else:
        found, outside_lines = layout_tables(group_lines(page_words), content.width)
        result.outside = join_paragraphs(outside_lines)
        for table in found:
            grid = Grid(None)
            for r, cells in enumerate(table.rows):
                for c, text in enumerate(cells):
                    grid.put(r, c, text)
            columns = tuple(table.columns)
            result.tables.append(
                PageTable(number, table.top, table.bottom, columns, grid_rows(grid))
            )
    return result


def _edges(values) -> list[float]:
    edges: list[float] = []
    for value in sorted(values):
        if not edges or value - edges[-1] > SNAP:
            edges.append(value)
    return edges


def _ruled_table(table, words: list[dict], taken: list[bool], page: int) -> PageTable:
    """A pdfplumber table as grid rows, its cells' words found by position in one pass."""
    cells = [cell for row in table.rows for cell in row.cells if cell is not None]
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    owner: dict[tuple[int, int], int] = {}
    spans = []
    for index, (x0, top, x1, bottom) in enumerate(cells):
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        spans.append((r0, c0, max(r0, r1 - 1), max(c0, c1 - 1)))
        for r in range(r0, max(r0 + 1, r1)):
            for c in range(c0, max(c0 + 1, c1)):
                owner.setdefault((r, c), index)
    contents: list[list[dict]] = [[] for _ in cells]
    x_lo, top_lo, x_hi, bottom_hi = table.bbox
    for i, word in enumerate(words):
        cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        if not (x_lo <= cx <= x_hi and top_lo <= cy <= bottom_hi):
            continue
        found = owner.get((bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1))
        if found is not None:
            contents[found].append(word)
            taken[i] = True
    grid = Grid(None)
    places: dict[tuple[int, int], CellPlace] = {}
    for index, (r0, c0, r1, c1) in enumerate(spans):
        lines = group_lines(contents[index])
        padding = lines[0].x0 - cells[index][0] if lines else 0.0
        right = cells[index][2] - max(0.0, padding)
        if lines:
            grid.put(r0, c0, cell_text(lines, right))
        if r1 > r0 or c1 > c0:
            grid.merges.append(Merge(r0, c0, r1, c1))
        place = CellPlace(lines, right, merged_down=r1 > r0)
        places.update(((r, c), place) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1))
    left = min((c for (_r, c), text in grid.cells.items() if text.strip()), default=0)
    rows = grid_rows(grid)
    return PageTable(page, float(top_lo), float(bottom_hi), tuple(xs), rows, places, left)


def _index(edges: list[float], value: float) -> int:
    return max(0, bisect_right(edges, value + SNAP) - 1)


@dataclass
class _OpenTable:
    name: str
    first: PageTable  # its first part: the rows a continuation may repeat
    last: PageTable  # its latest part
    count: int  # rows emitted so far
    foot: RawRow | None = None  # the latest part's last row, as that part numbered it


class _Tables:
    """The document's rows as tables are met: parts joined across pages, split rows mended."""

    def __init__(self) -> None:
        self.rows: list[RawRow] = []
        self.notes: list[Note] = []
        self.open: _OpenTable | None = None
        self._count = 0

    def add(self, part: PageTable, page: int) -> None:
        table = self.open
        if table is not None and continues(table.last, part):
            kept = without_repeats(table.first.rows, part.rows)
            joined = self._join_split(table, part, kept)
            if joined is not None:
                self.notes.append(
                    Note(
                        "split_row",
                        f"{table.name}: a row split by the break after page {page - 1} was "
                        f"joined with its rest on page {page}",
                    )
                )
                kept = spread_join(part, kept[0], joined, kept[1:])
            table.last = part
        else:
            self._count += 1
            table = self.open = _OpenTable(f"table {self._count}", part, part, 0)
            kept = part.rows
        table.foot = kept[-1] if kept else table.foot
        for row in kept:
            table.count += 1
            flags = (*row.flags, f"page {page}")
            self.rows.append(RawRow(row.kind, row.cells, table.count, table.name, flags))

    def _join_split(self, table: _OpenTable, part: PageTable, kept: list[RawRow]) -> RawRow | None:
        """Join the first row of ``part`` to the last row emitted when it is the rest of that
        row (split by the page break); the joined row, or None."""
        foot, rows = table.foot, self.rows
        if not kept or foot is None or not rows or rows[-1].table != table.name:
            return None
        joined = split_row(table.last, foot, part, kept[0])
        if joined is None:
            return None
        emitted = rows[-1]
        rows[-1] = RawRow(emitted.kind, joined.cells, emitted.line, emitted.table, emitted.flags)
        return joined


def _document_rows(pages: list[Page]) -> tuple[list[RawRow], list[Note]]:
    """Every page's tables and headings in reading order, tables joined across pages, the
    first paragraph under a heading above a table; and a note for each split row joined."""
    running = _running_lines(pages)
    tables = _Tables()
    under = UnderHeading()
    for page in pages:
        for _top, item in _reading_order(page, running):
            if isinstance(item, PageTable):
                tables.rows.extend(under.table())
                tables.add(item, page.number)
                continue
            tables.open = None  # text between two tables: the second is a new table
            number, line, bold = item
            flag = f"page {page.number}"
            heading = (
                RawRow("heading", (line.text,), number, None, ("bold", flag)) if bold else None
            )
            tables.rows.extend(under.row(heading, line.text, number, (flag,)))
    return tables.rows, tables.notes


_NUMBERS = re.compile(r"\d+")
_Item = PageTable | tuple[int, Line, bool]


def _reading_order(page: Page, running: set[str]) -> list[tuple[float, _Item]]:
    """Tables and lines outside them ``(number, line, is a bold heading)``, top to bottom.

    Lines in the top and bottom margins that are not bold (page numbers) and lines repeated on
    most pages, numbers aside (running headers and footers), are left out.
    """
    items: list[tuple[float, _Item]] = [(t.top, t) for t in page.tables]
    for number, line in enumerate(page.outside, start=1):
        if running_key(line.text) in running:
            continue
        if line.bold:
            items.append((line.top, (number, line, True)))
        elif not _in_margin(line, page):
            items.append((line.top, (number, line, False)))
    return sorted(items, key=lambda pair: pair[0])


def _in_margin(line: Line, page: Page) -> bool:
    return line.bottom < page.height * MARGIN or line.top > page.height * (1 - MARGIN)


def running_key(text: str) -> str:
    """A line's text with its numbers blanked: "Page 2 of 3" and "Page 3 of 3" are one line."""
    return _NUMBERS.sub("#", text)


def _running_lines(pages: list[Page]) -> set[str]:
    """Lines printed on most pages, numbers aside (running headers and footers, "Page 2 of
    3" wherever the footer sits): not headings of the plan, nor text between two parts of
    one table; as keys of :func:`running_key`."""
    if len(pages) < 2:
        return set()
    seen = Counter(key for page in pages for key in {running_key(ln.text) for ln in page.outside})
    return {key for key, count in seen.items() if count >= 2 and count * 2 > len(pages)}
