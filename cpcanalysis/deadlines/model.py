"""What a deadline reads as, and the calendar arithmetic the grammar needs."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from cpcanalysis.errors import ParameterError
from cpcanalysis.schema import DEADLINE_KINDS

PRECISIONS: tuple[str, ...] = (
    "day",
    "week",
    "month",
    "quarter",
    "season",
    "part",
    "half",
    "year",
    "financial_year",
)
EARLIEST = date(1990, 1, 1)
LATEST = date(2100, 12, 31)


@dataclass(frozen=True)
class Deadline:
    """One deadline as read from a plan.

    ``end`` is the due date (the last day of the period the text names); ``start`` its first day.
    ``kind`` is one of :data:`cpcanalysis.schema.DEADLINE_KINDS`; ``precision`` the unit the text
    was written in; ``note`` says what was assumed, or why the text could not be read.
    """

    text: str
    start: date | None
    end: date | None
    kind: str
    precision: str | None = None
    note: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in DEADLINE_KINDS:
            msg = f"Deadline kind {self.kind!r} is not one of {DEADLINE_KINDS}"
            raise ParameterError(msg)
        if self.start and self.end and self.end < self.start:
            msg = f"Deadline {self.text!r} ends ({self.end}) before it starts ({self.start})"
            raise ParameterError(msg)


def two_digit_year(yy: int) -> int:
    """'24' is 2024; '95' is 1995 (two-digit years from 90 on are read as the 1990s)."""
    return 1900 + yy if yy >= 90 else 2000 + yy


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, moved back to the month's last day when it has fewer days."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def shift(day: date, count: int, unit: str) -> date:
    """``day`` moved by ``count`` days, weeks, months or years."""
    if unit == "day":
        return day + timedelta(days=count)
    if unit == "week":
        return day + timedelta(weeks=count)
    return add_months(day, count * (12 if unit == "year" else 1))


def in_bounds(*days: date | None) -> bool:
    return all(d is None or EARLIEST <= d <= LATEST for d in days)
