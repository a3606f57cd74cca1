"""PDF words into lines and cell text, and tables found from text layout alone.

PDFs hold positioned words, not paragraphs. Two things are rebuilt here:

- **cell text** (:func:`cell_text`): a cell's words grouped into lines; consecutive lines are
  joined with a space where the break was only wrapping (the next line's first word would not
  have fitted on the line before), and with ``"\\n"`` where it was a real break (a short line, or
  a line starting with a list marker such as ``•``, ``-``, ``1.`` or ``a)``);
- **tables without rules** (:func:`layout_tables`), the fallback when a PDF has no ruled table:
  lines are cut into segments at wide gaps, column starts are the left edges that segments share,
  a vertical gap clearly wider than the gaps between a cell's wrapped lines starts a new row
  (:func:`row_gap`), and a one-segment line that is wholly bold after a row gap (a heading), or
  set in another font size than the table (prose), ends the table above it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

_LIST_MARKER = re.compile(r"^([•●▪◦‣○■□\-–—*]|\d{1,2}[.)]|[a-zA-Z][.)]|\(?[ivx]{1,4}\))(\s|$)")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_WORD_DASH = re.compile(r"[^\s\-–—][-–—]$")  # a hyphen or dash ending a word, not a spaced dash
SPACE_WIDTH = 0.28  # of the font size: a space in common proportional fonts
COLUMN_GAP = 0.6  # of the font size: a wider gap between two words separates columns
ROW_GAP = 1.0  # of the font size: a row gap when there are too few lines to measure one
WRAP_GAP = 0.65  # of the font size: the widest gap between the wrapped lines of one cell
SIZE_TOLERANCE = 0.5  # points: lines this close in font size are set in the same size
TOLERANCE = 2.0  # points


@dataclass
class Line:
    words: list[dict] = field(default_factory=list)
    joined: str | None = None  # the text of several visual lines read as one (a wrapped heading)

    @property
    def top(self) -> float:
        return min(w["top"] for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w["bottom"] for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]

    @property
    def size(self) -> float:
        return max(float(w.get("size") or 10.0) for w in self.words)

    @property
    def text(self) -> str:
        if self.joined is not None:
            return self.joined
        return " ".join(w["text"] for w in self.words)

    @property
    def bold(self) -> bool:
        return all(_BOLD_FONT.search(str(w.get("fontname", ""))) for w in self.words)


def group_lines(words: list[dict]) -> list[Line]:
    """Words (as pdfplumber gives them) into lines, top to bottom, left to right."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        size = float(word.get("size") or 10.0)
        if lines and abs(word["top"] - lines[-1].words[0]["top"]) <= size * 0.4:
            lines[-1].words.append(word)
        else:
            lines.append(Line([word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def join_paragraphs(lines: list[Line]) -> list[Line]:
    """Lines that wrap one heading or paragraph (both bold or both not, the same size and left
    edge, the tight gap of wrapped lines) joined into one line; other lines as they are."""
    out: list[Line] = []
    for line in lines:
        above = out[-1] if out else None
        if (
            above is not None
            and above.bold == line.bold
            and abs(above.size - line.size) <= SIZE_TOLERANCE
            and abs(above.x0 - line.x0) <= TOLERANCE
            and 0 <= line.top - above.bottom <= WRAP_GAP * line.size
        ):
            out[-1] = Line(above.words + line.words, join_wrapped(above.text, line.text))
        else:
            out.append(line)
    return out


def cell_text(lines: list[Line], right_edge: float) -> str:
    """Lines of one cell as text: wrapped lines re-joined, real breaks kept as ``"\\n"``.

    ``right_edge`` is where text in this cell wraps (the cell's right side less its padding).
    """
    merged: list[Line] = []
    for line in lines:  # segments of one visual line (cut at a wide gap) are one line again
        if merged and abs(line.top - merged[-1].top) <= line.size * 0.4:
            merged[-1] = Line(sorted(merged[-1].words + line.words, key=lambda w: w["x0"]))
        else:
            merged.append(line)
    out = ""
    previous: Line | None = None
    for line in merged:
        if previous is None:
            out = line.text
        else:
            out = (
                join_wrapped(out, line.text)
                if wrapped(previous, line, right_edge)
                else (out + "\n" + line.text)
            )
        previous = line
    return out


def join_wrapped(before: str, after: str) -> str:
    """Two pieces of one wrapped line of text joined: with a space, except after a hyphen or
    dash that ends a word ("problem-" + "solving", "2026–" + "2031"), where the line broke at
    the dash; a dash standing alone ("Chief Executive –") keeps its space."""
    if not before:
        return after
    if not after:
        return before
    if _WORD_DASH.search(before):
        return before + after
    return f"{before} {after}"


def wrapped(previous: Line, line: Line, right_edge: float) -> bool:
    """Whether ``line`` continues ``previous`` by wrapping: its first word would not have fitted
    at the end of ``previous`` before ``right_edge``, and it does not start a list item."""
    if _LIST_MARKER.match(line.text):
        return False
    first = line.words[0]
    needed = previous.x1 + SPACE_WIDTH * line.size + (first["x1"] - first["x0"])
    return needed > right_edge - TOLERANCE


def _segments(line: Line) -> list[Line]:
    segments = [Line([line.words[0]])]
    for word in line.words[1:]:
        gap = word["x0"] - segments[-1].x1
        if gap > COLUMN_GAP * float(word.get("size") or 10.0):
            segments.append(Line([word]))
        else:
            segments[-1].words.append(word)
    return segments


def _column_starts(lines: list[list[Line]]) -> list[float]:
    """Left edges shared by segments of several multi-segment lines."""
    edges = sorted(s.x0 for segments in lines if len(segments) > 1 for s in segments)
    clusters: list[list[float]] = []
    for x in edges:
        if clusters and x - clusters[-1][-1] <= TOLERANCE * 1.5:
            clusters[-1].append(x)
        else:
            clusters.append([x])
    return [min(c) for c in clusters if len(c) >= 2]


@dataclass
class LayoutTable:
    """A table found from text layout on one page."""

    columns: list[float]
    top: float
    bottom: float
    cells: list[list[list[Line]]] = field(default_factory=list)  # rows -> columns -> segments
    rows: list[tuple[str, ...]] = field(default_factory=list)  # the cell texts, once closed


def layout_tables(lines: list[Line], page_width: float) -> tuple[list[LayoutTable], list[Line]]:
    """Tables found from alignment alone, and the lines left outside them (headings included)."""
    cut = [_segments(line) for line in lines]
    columns = _column_starts(cut)
    table_lines = [i for i, segments in enumerate(cut) if len(segments) > 1]
    if len(columns) < 2 or len(table_lines) < 2:
        return [], lines
    first, last = table_lines[0], table_lines[-1]
    size = _table_size([lines[i] for i in table_lines])
    gap = row_gap(lines[first : last + 1], size)
    while last + 1 < len(lines) and _continues_cell(lines[last], lines[last + 1], columns, gap):
        last += 1  # wrapped lines of the last row, below the last multi-column line
    tables: list[LayoutTable] = []
    outside = lines[:first]
    current: LayoutTable | None = None
    previous: Line | None = None
    for line, segments in zip(lines[first : last + 1], cut[first : last + 1], strict=True):
        new_row = previous is None or line.top - previous.bottom > gap
        previous = line
        if len(segments) == 1 and (
            abs(line.size - size) > SIZE_TOLERANCE or (new_row and line.bold)
        ):
            current = None  # a heading or prose between tables ends the one above
            outside.append(line)
            continue
        if current is None:
            current = LayoutTable(columns, line.top, line.bottom)
            tables.append(current)
            new_row = True
        if new_row:
            current.cells.append([[] for _ in columns])
        for segment in segments:
            current.cells[-1][_column_of(segment.x0, columns)].append(segment)
        current.bottom = line.bottom
    rights = _column_rights(columns, page_width)
    for table in tables:
        table.rows = [
            tuple(cell_text(cell, right) for cell, right in zip(row, rights, strict=True))
            for row in table.cells
        ]
    return tables, outside + lines[last + 1 :]


def _table_size(lines: list[Line]) -> float:
    """The font size most of the table's multi-column lines are set in."""
    sizes = Counter(round(line.size, 1) for line in lines)
    return max(sizes.items(), key=lambda pair: (pair[1], -pair[0]))[0]


def row_gap(lines: list[Line], size: float) -> float:
    """The vertical gap (points) above which a line starts a new row of an unruled table.

    Tables differ: one office suite leaves 0.8 of the font size between rows and 0.15 between
    the wrapped lines of a cell, another 2.5 and 0.6. So the gaps between adjacent lines in the
    table's font size are sorted and cut at the first clear jump above the smallest (the
    smallest being a wrap, at most :data:`WRAP_GAP` of the font size); without a jump, or
    when even the smallest gap is wider than a wrap, every line starts a row.
    """
    gaps = sorted(
        max(0.0, b.top - a.bottom)
        for a, b in pairwise(lines)
        if abs(a.size - size) <= SIZE_TOLERANCE and abs(b.size - size) <= SIZE_TOLERANCE
    )
    if not gaps:
        return ROW_GAP * size
    smallest = gaps[0]
    if smallest <= WRAP_GAP * size:
        for below, above in pairwise(gaps):
            if above > 2 * max(smallest, 0.05 * size) and above > smallest + 0.25 * size:
                return (below + above) / 2
    return smallest / 2


def _column_of(x: float, columns: list[float]) -> int:
    index = 0
    for i, start in enumerate(columns):
        if x + TOLERANCE * 1.5 >= start:
            index = i
    return index


def _continues_cell(line: Line, below: Line, columns: list[float], gap: float) -> bool:
    near = below.top - line.bottom <= gap
    return near and any(abs(below.x0 - start) <= TOLERANCE * 1.5 for start in columns)


def _column_rights(columns: list[float], page_width: float) -> list[float]:
    """Where text wraps in each column: short of the next column's start (a column gap of about
    the font size, taken as 9 points), or the page's right margin mirrored from its left one."""
    gap = 9.0
    return [start - gap for start in columns[1:]] + [page_width - columns[0]]
