"""The calendar meaning of a dated expression: its kind, first and last day, precision and notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cpcanalysis.deadlines.atoms import Atom, Unreadable, borrow_year, bounds, checked, place
from cpcanalysis.deadlines.grammar import (
    Before,
    OpenFrom,
    Relative,
    RelativePeriod,
    Span,
)
from cpcanalysis.deadlines.model import shift

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Dated:
    kind: str
    start: date | None
    end: date | None
    precision: str | None
    notes: tuple[str, ...] = ()


def evaluate(
    expr: Atom | Span | OpenFrom | Before | Relative | RelativePeriod, reference: date | None
) -> Dated:
    """What ``expr`` means in the calendar; raises :class:`Unreadable` (with the reason)."""
    if isinstance(expr, Atom):
        return _atom(expr, reference)
    if isinstance(expr, Span):
        return _span(expr, reference)
    if isinstance(expr, OpenFrom):
        since = evaluate(expr.since, reference)
        assert since.start is not None and since.end is not None
        start, notes = since.start, since.notes
        if expr.after:
            start = since.end + _ONE_DAY
            notes = (*notes, f"{expr.word!r} read as starting {start}")
        checked(start, None)
        return Dated("open_ended", start, None, since.precision, notes)
    if isinstance(expr, Before):
        what = evaluate(expr.what, reference)
        assert what.start is not None
        due = what.start - _ONE_DAY
        checked(due, due)
        return Dated("date", due, due, "day", (*what.notes, f"'before' read as due by {due}"))
    if isinstance(expr, Relative):
        return _relative(expr, reference)
    return _relative_period(expr, reference)


def _atom(atom: Atom, reference: date | None) -> Dated:
    atom = place(atom, reference)
    first, last = checked(*bounds(atom))
    return Dated(atom.kind, first, last, atom.unit, atom.notes)


def _span(span: Span, reference: date | None) -> Dated:
    """From the start of the first atom to the end of the last; a missing year is shared."""
    first, last = span.first, span.last
    if last.year is None and first.year is not None and last.error is None:
        last = borrow_year(last, first, before=False)
    last = place(last, reference)
    _, last_end = bounds(last)
    checked(*bounds(last))
    if first.year is None and first.error is None:
        first = borrow_year(first, last, before=True)
    first_start, _ = checked(*bounds(first))
    if last_end < first_start:
        raise Unreadable(f"the range ends ({last_end}) before it starts ({first_start})")
    notes = tuple(dict.fromkeys((*first.notes, *last.notes)))
    return Dated("period", first_start, last_end, last.unit, notes)


def _relative(expr: Relative, reference: date | None) -> Dated:
    count = f"{expr.count} {expr.unit}{'s' if expr.count != 1 else ''}"
    if expr.anchor == "event":
        raise Unreadable(f"counted from an event with no date ({expr.anchor_text!r})")
    if expr.anchor == "date":
        assert expr.anchor_date is not None
        base = evaluate(expr.anchor_date, reference)
        assert base.start is not None and base.end is not None
        moved_end = shift(base.end + _ONE_DAY, expr.count, expr.unit) - _ONE_DAY
        if expr.within:
            checked(base.start, moved_end)
            note = f"within {count} of {expr.anchor_text!r}"
            return Dated("period", base.start, moved_end, base.precision, (*base.notes, note))
        moved_start = shift(base.start, expr.count, expr.unit)
        checked(moved_start, moved_end)
        note = f"{count} after {expr.anchor_text!r}"
        return Dated(base.kind, moved_start, moved_end, base.precision, (*base.notes, note))
    since = f" ({expr.anchor_text!r})" if expr.anchor_text else ""
    within = "within " if expr.within else ""
    if reference is None:
        note = f"{within}{count} of the reference date{since}; no reference date given"
        return Dated("relative", None, None, None, (note,))
    due = shift(reference, expr.count, expr.unit)
    checked(reference, due)
    if expr.within:
        note = f"within {count} of the reference date {reference}{since}"
        return Dated("period", reference, due, "day", (note,))
    note = f"{count} after the reference date {reference}{since}"
    return Dated("date", due, due, "day", (note,))


def _relative_period(expr: RelativePeriod, reference: date | None) -> Dated:
    words = f"{expr.part + ' of ' if expr.part else ''}{expr.which} {expr.unit.replace('_', ' ')}"
    if reference is None:
        return Dated("relative", None, None, None, (f"{words!r} needs a reference date",))
    step = 1 if expr.which == "next" else 0
    fy = reference.year - (1 if reference.month < 4 else 0)
    if expr.unit == "month":
        first = shift(date(reference.year, reference.month, 1), step, "month")
        atom = Atom("month", first.year, month=first.month)
    elif expr.unit == "quarter":
        index = ((reference.month - 4) % 12) // 3 + step
        atom = Atom("quarter", fy + index // 4, basis="financial", name=str(index % 4 + 1))
    else:
        basis = "financial" if expr.unit == "financial_year" else "calendar"
        year = (fy if basis == "financial" else reference.year) + step
        atom = Atom(expr.unit, year, basis=basis)
        if expr.part in ("early", "mid", "late"):
            atom = Atom("part", year, basis=basis, name=expr.part)
    result = _atom(atom, reference)
    note = f"{words!r} read against the reference date {reference}"
    return Dated(result.kind, result.start, result.end, result.precision, (note,))
