"""PDF words into lines and cell text, and tables found from text layout alone.

PDFs hold positioned words, not paragraphs. Two things are rebuilt here:

- **cell text** (:func:`cell_text`): a cell's words grouped into lines; consecutive lines are
  joined with a space where the break was only wrapping (the next line's first word would not
  have fitted on the line before), and with ``"\\n"`` where it was a real break (a short line, or
  a line starting with a list marker such as ``•``, ``-``, ``1.`` or ``a)``);
- **tables without rules** (:func:`layout_tables`), the fallback when a PDF has no ruled table:
  lines are cut into segments at wide gaps, column starts are the left edges that segments share,
  a vertical gap wider than the font size starts a new row, and a wholly bold one-segment line
  between rows is a heading that ends the table above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LIST_MARKER = re.compile(r"^([•●▪◦‣○■□\-–—*]|\d{1,2}[.)]|[a-zA-Z][.)]|\(?[ivx]{1,4}\))(\s|$)")
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
SPACE_WIDTH = 0.28  # of the font size: a space in common proportional fonts
COLUMN_GAP = 0.6  # of the font size: a wider gap between two words separates columns
ROW_GAP = 1.0  # of the font size: a wider gap between two lines starts a new row
TOLERANCE = 2.0  # points


@dataclass
class Line:
    words: list[dict] = field(default_factory=list)

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
        elif _wrapped(previous, line, right_edge):
            out += " " + line.text
        else:
            out += "\n" + line.text
        previous = line
    return out


def _wrapped(previous: Line, line: Line, right_edge: float) -> bool:
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
    while last + 1 < len(lines) and _continues_cell(lines[last], lines[last + 1], columns):
        last += 1  # wrapped lines of the last row, below the last multi-column line
    rights = _column_rights(columns, page_width)
    tables: list[LayoutTable] = []
    outside = lines[:first]
    current: LayoutTable | None = None
    previous: Line | None = None
    for line, segments in zip(lines[first : last + 1], cut[first : last + 1], strict=True):
        new_row = previous is None or line.top - previous.bottom > ROW_GAP * line.size
        previous = line
        if new_row and len(segments) == 1 and line.bold:
            current = None  # a heading between tables ends the one above
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
    for table in tables:
        table.rows = [
            tuple(cell_text(cell, right) for cell, right in zip(row, rights, strict=True))
            for row in table.cells
        ]
    return tables, outside + lines[last + 1 :]


def _column_of(x: float, columns: list[float]) -> int:
    index = 0
    for i, start in enumerate(columns):
        if x + TOLERANCE * 1.5 >= start:
            index = i
    return index


def _continues_cell(line: Line, below: Line, columns: list[float]) -> bool:
    near = below.top - line.bottom <= ROW_GAP * below.size
    return near and any(abs(below.x0 - start) <= TOLERANCE * 1.5 for start in columns)


def _column_rights(columns: list[float], page_width: float) -> list[float]:
    """Where text wraps in each column: short of the next column's start (a column gap of about
    the font size, taken as 9 points), or the page's right margin mirrored from its left one."""
    gap = 9.0
    return [start - gap for start in columns[1:]] + [page_width - columns[0]]
