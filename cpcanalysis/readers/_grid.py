"""Tables as positioned text with merged regions, turned into raw rows the same way in every format.

Every tabular reader (sheets, Word and HTML tables, ruled PDF tables) builds a :class:`Grid`:
0-based ``(row, column) -> text`` plus the merged regions it knows of. :func:`grid_rows` then
applies one set of rules, so a layout reads alike whatever format it came in:

- the used area is the rectangle of non-blank cells; blank rows are skipped, blank edge columns
  trimmed, every emitted row has the same width;
- a merged region is filled with its top-left text, across and down;
- the used area is charged to the document's cell budget (:mod:`._budget`) before it is laid
  out, and a table wider than the column limit is refused;
- a merged region spanning the whole used width (wider than one column) is a full-width row: it
  becomes one ``heading`` row flagged ``full-width``, emitted once even if it is several rows tall.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.readers._budget import charge_layout, check_columns
from cpcanalysis.readers._failures import NoTableError
from cpcanalysis.readers.contract import RawRow

# HTML caps colspan at 1000; the same cap keeps damaged spans from allocating huge rows
MAX_SPAN = 1000


@dataclass(frozen=True)
class Merge:
    """A merged region, 0-based and inclusive at both ends."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass
class Grid:
    """One table or sheet: positioned cell text, merged regions and per-row flags."""

    name: str | None
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[Merge] = field(default_factory=list)
    row_flags: dict[int, tuple[str, ...]] = field(default_factory=dict)
    first_line: int = 1  # the source line (row number) of grid row 0
    hidden: bool = False  # a hidden sheet: every row is flagged ``hidden-sheet``
    hidden_columns: list[str] = field(default_factory=list)  # letters of hidden sheet columns
    reordered_dates: int = 0  # date cells whose month-first format was written day first

    def put(self, row: int, column: int, text: str) -> None:
        if text:
            self.cells[(row, column)] = text


def from_spans(name: str | None, rows: Sequence[Iterable[tuple[str, int, int]]]) -> Grid:
    """Lay out rows of ``(text, rowspan, colspan)`` cells the way HTML does.

    Each row lists its cells left to right; a position already taken by a cell spanning down from
    a row above is skipped. Spans are clipped to the table's rows and to :data:`MAX_SPAN`.
    """
    grid = Grid(name)
    taken: set[tuple[int, int]] = set()
    for r, cells in enumerate(rows):
        c = 0
        for text, rowspan, colspan in cells:
            while (r, c) in taken:
                c += 1
            rowspan = max(1, min(rowspan, len(rows) - r, MAX_SPAN))
            colspan = max(1, min(colspan, MAX_SPAN))
            grid.put(r, c, text)
            if rowspan > 1 or colspan > 1:
                charge_layout(rowspan * colspan, f"the spanned cells of {name or 'a table'}")
                grid.merges.append(Merge(r, c, r + rowspan - 1, c + colspan - 1))
                taken.update(
                    (r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan) if dr
                )
            c += colspan
    return grid


def grid_rows(grid: Grid) -> list[RawRow]:
    """The grid as raw rows: merges filled, full-width regions as headings, blanks skipped."""
    used = [pos for pos, text in grid.cells.items() if text.strip()]
    if not used:
        return []
    top = min(r for r, _ in used)
    bottom = max(r for r, _ in used)
    left = min(c for _, c in used)
    right = max(c for _, c in used)
    width = right - left + 1
    what = f"the used area of {grid.name!r}" if grid.name else "the table's used area"
    check_columns(width, what)
    charge_layout(width * (bottom - top + 1), f"{what} ({bottom - top + 1:,} x {width:,})")
    dense = [
        [grid.cells.get((r, c), "") for c in range(left, right + 1)] for r in range(top, bottom + 1)
    ]
    headings: dict[int, str] = {}
    covered: set[int] = set()
    for merge in grid.merges:
        text = grid.cells.get((merge.top, merge.left), "")
        if not text.strip():
            continue
        if width > 1 and merge.left <= left and merge.right >= right:
            headings.setdefault(merge.top, text)
            covered.update(range(merge.top + 1, merge.bottom + 1))
            continue
        for r in range(max(merge.top, top), min(merge.bottom, bottom) + 1):
            for c in range(max(merge.left, left), min(merge.right, right) + 1):
                dense[r - top][c - left] = text
    rows: list[RawRow] = []
    for r in range(top, bottom + 1):
        line = grid.first_line + r
        flags = grid.row_flags.get(r, ()) + (("hidden-sheet",) if grid.hidden else ())
        if r in headings:
            rows.append(RawRow("heading", (headings[r],), line, grid.name, ("full-width", *flags)))
        elif r not in covered and any(cell.strip() for cell in dense[r - top]):
            rows.append(RawRow("row", tuple(dense[r - top]), line, grid.name, flags))
    return rows


def chosen_tables(
    path: Path, rows: list[RawRow], wanted: int | None, *, missing: str, hint: str
) -> list[RawRow]:
    """The rows a reader returns: all of them, or table ``wanted`` when the manifest names one.
    A document with no table at all is refused with ``missing`` and ``hint``."""
    if not any(r.table is not None for r in rows):
        raise NoTableError(missing, path=path, hint=hint)
    return rows if wanted is None else select_table(path, rows, wanted)


def select_table(path: Path, rows: list[RawRow], wanted: int) -> list[RawRow]:
    """Keep table ``wanted`` (1-based, named ``"table N"``) and the headings just before it."""
    tables = list(dict.fromkeys(r.table for r in rows if r.table is not None))
    name = f"table {wanted}"
    if name not in tables:
        raise ReadError(
            f"has {len(tables)} table(s); table {wanted} was asked for",
            path=path,
            hint="fix table in the manifest entry (1-based)",
        )
    start = next(i for i, r in enumerate(rows) if r.table == name)
    before = start
    while before > 0 and rows[before - 1].table is None:
        before -= 1
    return rows[before:start] + [r for r in rows[start:] if r.table == name]
