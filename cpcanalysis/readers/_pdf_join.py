"""A ruled PDF table that runs over pages, read as one table.

Office suites print a long table page after page, usually with its header row repeated at the
top of each page, and let a row that does not fit break across the page: the part that fits
stays at the foot of one page, the rest (in the cells whose text overflowed) opens the table on
the next. Three rules put the table back together:

- a table continues the one on the page before when it opens the next page (nothing printed
  between them) and has the same column edges (:func:`continues`);
- rows at the top of a continuation that repeat the table's own first rows (a reprinted
  header) are dropped (:func:`without_repeats`);
- the first row left is the rest of a split row (:func:`split_row`) when it has text only in
  columns where the row above it has text, leaves blank a column the row above fills (not a cell
  merged down, which is blank on the new page whatever happens), and in each column where both
  have text its first line could not have fitted at the end of the row above's last line
  (wrapping) or starts in lower case. Its cells are then joined to the row above, as the lines
  of one cell are: "December" + "2024" reads "December 2024", "problem-" + "solving" reads
  "problem-solving"; rows below it that share a merged cell with its rest (a recommendation
  merged down over its actions) take the joined text too (:func:`spread_join`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cpcanalysis.readers._pdf_text import Line, join_wrapped, wrapped
from cpcanalysis.readers.contract import RawRow

EDGE_TOLERANCE = 2.0  # points: column edges this close are the same edge on the next page


@dataclass(frozen=True)
class CellPlace:
    """Where a cell's text sits: its lines, where it wraps, and whether it is merged down."""

    lines: list[Line]
    right: float
    merged_down: bool


@dataclass
class PageTable:
    """One table as found on one page, before joining."""

    page: int
    top: float
    bottom: float
    columns: tuple[float, ...]  # x positions of its column edges (or column starts)
    rows: list[RawRow]
    # grid position (0-based row, column) -> the cell covering it (ruled tables only)
    places: dict[tuple[int, int], CellPlace] = field(default_factory=dict)
    left: int = 0  # the grid column of the rows' first cell


def continues(previous: PageTable, table: PageTable) -> bool:
    """Same columns, on the next page, with nothing between (checked by the caller)."""
    if table.page != previous.page + 1 or len(table.columns) != len(previous.columns):
        return False
    return all(
        abs(a - b) <= EDGE_TOLERANCE for a, b in zip(table.columns, previous.columns, strict=True)
    )


def without_repeats(first: list[RawRow], rows: list[RawRow]) -> list[RawRow]:
    """Drop the leading rows that repeat the table's own first rows (a reprinted header)."""
    skip = 0
    while (
        skip < len(rows)
        and skip < len(first)
        and (rows[skip].kind, rows[skip].cells) == (first[skip].kind, first[skip].cells)
    ):
        skip += 1
    return rows[skip:]


def split_row(above: PageTable, last: RawRow, below: PageTable, first: RawRow) -> RawRow | None:
    """``last`` (the foot of ``above``) joined with ``first`` (the top of ``below``) when
    ``first`` is the rest of a row split by the page break; else None."""
    if last.kind != "row" or first.kind != "row" or len(last.cells) != len(first.cells):
        return None
    shared = []
    evidence = False
    for c, (top_text, rest) in enumerate(zip(last.cells, first.cells, strict=True)):
        if rest.strip() and not top_text.strip():
            return None  # text of its own where the row above has none: a row of its own
        place = above.places.get((last.line - 1, c + above.left))
        if top_text.strip() and not rest.strip() and place is not None:
            evidence = evidence or not place.merged_down
        if top_text.strip() and rest.strip():
            shared.append(c)
    if not shared or not evidence:
        return None
    joins = [_wraps(above, last, below, first, c) for c in shared]
    if not all(joins):
        return None
    cells = list(last.cells)
    for c in shared:
        cells[c] = join_wrapped(last.cells[c], first.cells[c])
    return RawRow("row", tuple(cells), last.line, last.table, last.flags)


def _wraps(above: PageTable, last: RawRow, below: PageTable, first: RawRow, c: int) -> bool:
    """The text of column ``c`` on the next page carries on the line it broke off."""
    if first.cells[c].lstrip()[:1].islower():
        return True
    top = above.places.get((last.line - 1, c + above.left))
    rest = below.places.get((first.line - 1, c + below.left))
    if top is None or rest is None or not top.lines or not rest.lines:
        return False
    return wrapped(top.lines[-1], rest.lines[0], top.right)


def spread_join(
    below: PageTable, first: RawRow, joined: RawRow, rows: list[RawRow]
) -> list[RawRow]:
    """``rows`` (the rest of ``below`` after ``first``) with the joined text put in the cells
    that share a merged cell with ``first``: a recommendation merged down over several actions
    shows, on the new page, only the part of its text that overflowed, in every row it spans."""
    spans = {
        c: place
        for c, text in enumerate(first.cells)
        if text.strip()
        and (place := below.places.get((first.line - 1, c + below.left))) is not None
        and place.merged_down
    }
    if not spans:
        return rows
    out = []
    for row in rows:
        cells = list(row.cells)
        for c, place in spans.items():
            if c < len(cells) and below.places.get((row.line - 1, c + below.left)) is place:
                cells[c] = joined.cells[c]
        out.append(RawRow(row.kind, tuple(cells), row.line, row.table, row.flags))
    return out
