"""Spreadsheet cell values as the text a reader emits: numbers as written, dates in ISO form.

- Numbers: an integral float is written without ``.0`` (``1`` not ``1.0``); others use Python's
  shortest round-trip form (``2.4``).
- Dates: ``YYYY-MM-DD``; a date whose display format shows no day (``mmm-yy``, ``mmmm yyyy``)
  meant a month, so it becomes the month written out (``October 2024``), never a made-up 1st.
  (ISO ``2024-10`` would be the tidier spelling, but the deadline grammar reads ``2024-10`` as
  the year 2024; the written-out month is read as the month by every deadline parser.)
- Times of day: ``HH:MM`` (``HH:MM:SS`` when seconds are set); a date with a time keeps the date.
"""

from __future__ import annotations

import datetime as dt
import math
import re

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # spelled here, not by strftime, so the output does not depend on the locale
# quoted literals, [colour]/[$-809] sections and backslash escapes carry no date tokens
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


def render_number(value: float | int) -> str:
    """A number as written: ``1`` for 1.0, ``2.4`` for 2.4; booleans as ``TRUE``/``FALSE``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if math.isfinite(value) and value == int(value) and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def render_date(value: dt.date | dt.datetime | dt.time, month_only: bool = False) -> str:
    """ISO text for a date cell; ``month_only`` when its display format has no day."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    if month_only:
        return f"{_MONTHS[value.month - 1]} {value.year:04d}"
    return value.isoformat()


def excel_format_shows_day(number_format: str | None) -> bool:
    """Whether an Excel number format displays the day of the month (``d`` outside literals)."""
    if not number_format:
        return True
    section = number_format.split(";")[0]
    tokens = _FORMAT_NOISE.sub("", section).lower()
    if "y" not in tokens and "m" not in tokens:
        return True  # not a date format we understand: keep the full date
    return "d" in tokens
