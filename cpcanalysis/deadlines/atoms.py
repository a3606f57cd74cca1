"""Atoms: the smallest dated things a plan writes ("March 2025", "Q3 2024/25", "Summer 2026"),
and the calendar days each one covers.

An atom may lack its year ("Jul" in "Jul-Nov 2024", "March" alone); :func:`resolve` then takes the
year from a neighbour or from the reference date, and says so in a note, or refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from cpcanalysis.deadlines.model import EARLIEST, LATEST, add_months, in_bounds, month_end
from cpcanalysis.deadlines.vocabulary import periods
from cpcanalysis.errors import CpcError

_ONE_DAY = timedelta(days=1)
DATE_UNITS = frozenset({"day", "week", "month"})


class Unreadable(CpcError):
    """A deadline phrase names no day the calendar can place; the message is the reading's note."""


@dataclass(frozen=True)
class Atom:
    unit: str  # day | week | month | quarter | half | season | part | year | financial_year
    year: int | None = None  # for financial units, the year the financial year starts in
    basis: str = "calendar"  # calendar | financial
    basis_given: bool = True  # False: a quarter with no year, read as financial unless told
    month: int | None = None
    day: int | None = None
    name: str | None = None  # quarter/half number, season, part; "start"/"end" for weeks
    notes: tuple[str, ...] = ()
    error: str | None = None  # the atom was recognised but names no real date

    @property
    def kind(self) -> str:
        return "date" if self.unit in DATE_UNITS else "period"

    def with_year(self, year: int, basis: str | None = None) -> Atom:
        if basis is not None and not self.basis_given:
            return replace(self, year=year, basis=basis, basis_given=True)
        return replace(self, year=year)


def error_atom(message: str) -> Atom:
    return Atom(unit="error", error=message)


def bounds(atom: Atom, year: int | None = None) -> tuple[date, date]:
    """First and last day ``atom`` covers, in ``year`` when it has none of its own."""
    y = atom.year if year is None else year
    if atom.error is not None:
        raise Unreadable(atom.error)
    if y is None:
        raise Unreadable("no year given")
    if not EARLIEST.year - 1 <= y <= LATEST.year:
        raise Unreadable(f"year {y} is outside {EARLIEST.year}-{LATEST.year}")
    if atom.unit in ("day", "week"):
        assert atom.month is not None and atom.day is not None
        try:
            day = date(y, atom.month, atom.day)
        except ValueError as exc:
            raise Unreadable(f"{atom.day}/{atom.month}/{y} is not a real date") from exc
        if atom.unit == "day":
            return day, day
        first = day if atom.name == "start" else day - timedelta(days=6)
        return first, first + timedelta(days=6)
    if atom.unit == "month":
        assert atom.month is not None
        return date(y, atom.month, 1), month_end(y, atom.month)
    shape = periods()[(atom.unit, atom.name or "year", atom.basis)]
    base = date(y, _BASIS_MONTH[atom.basis], 1)
    first = add_months(base, shape.offset_months)
    return first, add_months(first, shape.months) - _ONE_DAY


_BASIS_MONTH = {"calendar": 1, "financial": 4, "academic": 9}


def checked(first: date, last: date | None) -> tuple[date, date | None]:
    if not in_bounds(first, last):
        raise Unreadable(f"a date outside {EARLIEST.year}-{LATEST.year} ({first})")
    return first, last


def place(atom: Atom, reference: date | None) -> Atom:
    """``atom`` with its year: its own, or the first that puts its last day on or after
    ``reference`` (deadlines are written to fall after the peer challenge they answer)."""
    if atom.error is not None or atom.year is not None:
        return atom
    if reference is None:
        raise Unreadable("no year given and no reference date to take it from")
    for year in range(reference.year - 1, reference.year + 3):
        candidate = atom.with_year(year)
        try:
            _, last = bounds(candidate)
        except Unreadable:
            continue  # 29 February in a year that has none
        if last >= reference:
            note = f"no year given: read as {year}, the first on or after {reference}"
            if not atom.basis_given:
                note += f"; a {atom.unit} with no year is read as a financial-year {atom.unit}"
            return replace(candidate, notes=(*candidate.notes, note))
    raise Unreadable("no year given and none fits the reference date")


def resolve(atom: Atom, reference: date | None) -> tuple[date, date, tuple[str, ...]]:
    """The first and last day ``atom`` covers (placed by :func:`place`), and its notes."""
    atom = place(atom, reference)
    first, last = bounds(atom)
    checked(first, last)
    return first, last, atom.notes


def borrow_year(atom: Atom, other: Atom, *, before: bool) -> Atom:
    """``atom`` (with no year) given ``other``'s year: "Jul-Nov 2024", "March and June 2025".

    ``before``: ``atom`` comes first, so it may fall in the year before ("Nov-Feb 2025" starts in
    November 2024); otherwise it may fall in the year after ("March 2025 - June").
    """
    assert other.year is not None
    moved = atom.with_year(other.year, other.basis)
    if moved.unit in ("month", "day", "week") and other.basis == "financial":
        assert moved.month is not None
        moved = replace(moved, year=other.year + (1 if moved.month < 4 else 0))
    try:
        first, _ = bounds(moved)
        other_first, _ = bounds(other)
    except Unreadable:
        return moved
    if before and first > other_first:
        assert moved.year is not None
        return replace(
            moved,
            year=moved.year - 1,
            notes=(*moved.notes, f"start read as {moved.year - 1}: the range crosses a year end"),
        )
    if not before and first < other_first:
        assert moved.year is not None
        return replace(
            moved,
            year=moved.year + 1,
            notes=(*moved.notes, f"end read as {moved.year + 1}: the range crosses a year end"),
        )
    return moved
