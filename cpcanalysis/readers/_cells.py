"""Spreadsheet cell values as the text a reader emits: numbers as written, dates as displayed.

- Numbers: an integral float is written without ``.0`` (``1`` not ``1.0``); others use Python's
  shortest round-trip form (``2.4``).
- Dates: the text the cell shows, its number format applied (:func:`render_date_shown`):
  ``dd/mm/yyyy`` gives ``31/03/2025``, ``d mmmm yyyy`` ``31 March 2025``, ``mmm-yy`` ``Mar-25``
  (month names spelled here, not by the locale). Three repairs, each so that the deadline
  grammar (day first, as UK plans write dates) reads the date the cell holds: the locale's
  short date (Excel's built-in format 14, stored as ``mm-dd-yy``) is shown as a UK machine
  shows it, ``dd/mm/yyyy``; a format that puts a numeric month before the day (``m/d/yyyy``) is
  written day first; a format without a year gets the year after it (and ``mmmmm``, one letter,
  is written as three). Time parts are left out (a deadline is a date). A cell without a date
  format gives ``YYYY-MM-DD``.
- Times of day: ``HH:MM`` (``HH:MM:SS`` when seconds are set).
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


def render_number(value: float | int) -> str:
    """A number as written: ``1`` for 1.0, ``2.4`` for 2.4; booleans as ``TRUE``/``FALSE``."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if math.isfinite(value) and value == int(value) and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def render_time(value: dt.time) -> str:
    """A time-of-day cell: ``HH:MM``, or ``HH:MM:SS`` when seconds are set."""
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LOCALE_SHORT_DATE = "mm-dd-yy"  # Excel's built-in 14 as files store it; shown per locale
UK_SHORT_DATE = "dd/mm/yyyy"
# a format's tokens: quoted text, escaped characters, [..] sections, runs of one letter, others
_TOKEN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|([dmyhsDMYHS])\1*|AM/PM|A/P|.', re.IGNORECASE)


def render_date_shown(value: dt.date, number_format: str | None) -> tuple[str, bool]:
    """The text a date cell displays under ``number_format``, and whether its order was
    changed to day first (see the module's notes)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    section = (number_format or "").split(";")[0]
    if section.strip().lower() == LOCALE_SHORT_DATE:
        section = UK_SHORT_DATE
    tokens = _date_tokens(section)
    kinds = [kind for kind, _ in tokens]
    if "d" not in kinds and "m" not in kinds and "y" not in kinds:
        return value.isoformat(), False
    reordered = _numeric_month_first(tokens)
    if reordered:
        tokens = _swap_day_and_month(tokens)
    text = "".join(_render(kind, width, value) for kind, width in tokens).strip(" ,-/.")
    if "y" not in kinds:
        text = f"{text} {value.year}"
    return text, reordered


def _date_tokens(section: str) -> list[tuple[str, int | str]]:
    """(kind, width) for date fields ("d", "m", "y"), ("lit", text) for the rest, stopping at
    the first time field."""
    tokens: list[tuple[str, int | str]] = []
    for match in _TOKEN.finditer(section):
        piece = match.group(0)
        letter = piece[0].lower()
        if piece.startswith('"'):
            tokens.append(("lit", piece[1:-1]))
        elif piece.startswith("\\"):
            tokens.append(("lit", piece[1:]))
        elif piece.startswith("["):
            continue  # a colour or locale: shows nothing
        elif letter in "hs" or piece.upper() in ("AM/PM", "A/P"):
            break  # a time of day follows: a deadline is a date
        elif letter in "dmy" and match.group(1):
            tokens.append((letter, len(piece)))
        else:
            tokens.append(("lit", piece))
    return tokens


def _numeric_month_first(tokens: list[tuple[str, int | str]]) -> bool:
    """Month then day, both as numbers, not after the year (``yyyy-mm-dd`` reads as it is)."""
    fields = [(kind, width) for kind, width in tokens if kind in ("d", "m", "y")]
    if fields and fields[0][0] == "y":
        return False
    numeric = [
        kind for kind, width in fields if kind != "y" and isinstance(width, int) and width <= 2
    ]
    return numeric == ["m", "d"]


def _swap_day_and_month(tokens: list[tuple[str, int | str]]) -> list[tuple[str, int | str]]:
    places = [i for i, (kind, width) in enumerate(tokens) if kind in ("d", "m")]
    swapped = list(tokens)
    swapped[places[0]], swapped[places[1]] = tokens[places[1]], tokens[places[0]]
    return swapped


def _render(kind: str, width: int | str, value: dt.date) -> str:
    if kind == "lit":
        return str(width)
    assert isinstance(width, int)
    if kind == "y":
        return f"{value.year % 100:02d}" if width <= 2 else f"{value.year:04d}"
    if kind == "d":
        if width >= 3:
            return _DAYS[value.weekday()][:3] if width == 3 else _DAYS[value.weekday()]
        return f"{value.day:0{width}d}"
    if width >= 3:
        name = _MONTHS[value.month - 1]
        return name[:3] if width in (3, 5) else name  # mmmmm (one letter) as mmm: readable
    return f"{value.month:0{width}d}"
