"""The deadline grammar's vocabulary, read once from package data.

``cpcanalysis/data/deadlines/words.csv`` maps words and phrases to the role they play (a month, a
season, a connector, a status word...); ``periods.csv`` says which months each quarter, half,
season and part of a year covers. Both are data so that a new council's phrasing needs a line in
a CSV file, not new code.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import OSA

from cpcanalysis.errors import CpcError
from cpcanalysis.package_data import read_data_text

_MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True)
class Entry:
    role: str
    value: str


@dataclass(frozen=True)
class PeriodShape:
    offset_months: int
    months: int


def _rows(name: str) -> list[dict[str, str]]:
    text = read_data_text("deadlines", name)
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@cache
def phrases() -> dict[tuple[str, ...], Entry]:
    """Every known phrase, as a tuple of lower-case words, with its role and value."""
    table: dict[tuple[str, ...], Entry] = {}
    for row in _rows("words.csv"):
        key = tuple(row["phrase"].split())
        if key in table:
            msg = f"words.csv lists {row['phrase']!r} twice; keep one line per phrase"
            raise CpcError(msg, path="cpcanalysis/data/deadlines/words.csv")
        table[key] = Entry(row["role"], row["value"])
    return table


@cache
def longest_phrase() -> int:
    return max(len(key) for key in phrases())


@cache
def periods() -> dict[tuple[str, str, str], PeriodShape]:
    """(unit, name, basis) -> where the period sits in its year: ('quarter', '3', 'financial')."""
    return {
        (row["unit"], row["name"], row["basis"]): PeriodShape(
            int(row["offset_months"]), int(row["months"])
        )
        for row in _rows("periods.csv")
    }


@lru_cache(maxsize=4096)
def fuzzy_month(word: str) -> int | None:
    """A month for a misspelt month name one edit (or one swap of neighbours) from the real one.

    Only words of six letters or more that share the first letter are considered, so that short
    English words ("match", "marsh") are never read as months; shorter misspellings are listed in
    words.csv.
    """
    if len(word) < 6 or not word.isalpha():
        return None
    for number, name in enumerate(_MONTH_NAMES, start=1):
        if name[0] == word[0] and len(name) >= 6 and OSA.distance(word, name, score_cutoff=1) <= 1:
            return number
    return None


MONTH_NAMES = tuple(name.capitalize() for name in _MONTH_NAMES)
