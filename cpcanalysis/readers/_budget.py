"""The cell budget: how much table one document may make a reader build, checked before it is built.

A few kilobytes can describe a huge table: one cell at XFD1048576 makes a sheet's used area 17
billion cells; a ``gridBefore``, ``colspan`` or ``number-columns-repeated`` of a million does the
same in a Word, HTML or OpenDocument table. Every reader charges what it is about to build to the
budget of the document being read, in two accounts of :data:`MAX_CELLS` each: the cells the file
makes a parser hold (a workbook's cell elements, counted before openpyxl loads them; repeated
rows and cells expanded; the fields of a text table; the words of a PDF) and the cells of the
tables laid out from them (each table's used area, rows x columns; span areas). The document is
refused with a one-line error naming the file and the limit as soon as either sum would pass
it, before the memory is spent. :func:`cpcanalysis.readers.read_document` opens one budget
per document; code that runs outside it (a unit test calling a reader's helper) gets a fresh
budget per charge, so a single charge is still checked.

The limits are far above any real plan (the largest trackers seen hold a few thousand rows of
ten to twenty columns) and low enough that reading any file under the size limit stays within
about 1 GB of memory (measured in ``tests/readers/test_hostile_input.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from cpcanalysis.errors import ReadError

MAX_CELLS = 1_000_000  # cells per document: used areas, spans, repeats, text-table fields
MAX_COLUMNS = 1_000  # columns of one table (HTML's own cap on colspan)
HINT = "a real plan is far smaller; the file may be damaged or built to exhaust memory"


class CellLimitError(ReadError):
    """The file would make the reader build more table than the budget allows."""


@dataclass
class _Budget:
    limit: int
    read: int = 0  # cells the file makes a parser hold (cell elements, expanded repeats...)
    laid_out: int = 0  # cells of the tables built from them (used areas, spans)


_current: ContextVar[_Budget | None] = ContextVar("cpcanalysis_cell_budget", default=None)


@contextmanager
def document_budget(limit: int = MAX_CELLS) -> Iterator[None]:
    """One budget for everything read inside the block (one document)."""
    token = _current.set(_Budget(limit))
    try:
        yield
    finally:
        _current.reset(token)


def charge(cells: int, what: str) -> None:
    """Count ``cells`` the file is about to make a parser hold, for ``what`` ("sheet 'Plan''s
    cells"); raise :class:`CellLimitError` if the document's total would pass the limit."""
    budget = _current.get() or _Budget(MAX_CELLS)
    budget.read = _within(budget.read + cells, budget.limit, what)


def charge_layout(cells: int, what: str) -> None:
    """Count ``cells`` of a table about to be laid out (its used area, a span), apart from the
    cells read: a table of a few cells can have a huge used area."""
    budget = _current.get() or _Budget(MAX_CELLS)
    budget.laid_out = _within(budget.laid_out + cells, budget.limit, what)


def _within(total: int, limit: int, what: str) -> int:
    if total > limit:
        raise CellLimitError(
            f"{what} would take the document to {total:,} cells, over the limit of {limit:,} cells",
            hint=HINT,
        )
    return total


def check_columns(columns: int, what: str) -> None:
    """Refuse a table wider than :data:`MAX_COLUMNS`."""
    if columns > MAX_COLUMNS:
        raise CellLimitError(
            f"{what} has {columns:,} columns, over the limit of {MAX_COLUMNS:,}", hint=HINT
        )
