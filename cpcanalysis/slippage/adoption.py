"""The adoption date of an action plan, as a document states it.

A council's tracker often says when its plan was agreed ("The action plan was agreed by Cabinet
on 10 December 2024"). Where the manifest gives no publication date for the chain's action plan,
the LGA timeline check uses that statement, cited. A sentence states the adoption when it names
the plan ("action plan"), an adoption verb ("agreed", "adopted", "approved") and a date of a
day, week or month, and no word of the future or of a draft stands before the verb. Words:
``[adoption]`` in ``cpcanalysis/data/slippage/timelines.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from cpcanalysis.deadlines import find_deadlines
from cpcanalysis.readers.contract import RawDocument, RawRow
from cpcanalysis.slippage.vocabulary import timelines

__all__ = ["StatedAdoption", "adoption_in_text", "adoption_stated"]

_SENTENCE = re.compile(r"[^.;!?\n•]+")
_QUOTED = 200  # characters of the sentence kept as evidence


@dataclass(frozen=True)
class StatedAdoption:
    date: date  # the day stated (the first day of a month stated alone)
    sentence: str  # the sentence as written
    evidence: str  # where it was read, and the sentence: "row 3: 'The action plan was ...'"


def _words(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    return re.compile(rf"\b(?:{alternation})\b", re.IGNORECASE)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = timelines().adoption
    return _words(words.subjects), _words(words.verbs), _words(words.unless)


def _date_near(sentence: str, verb_end: int) -> date | None:
    """The first day or month after the verb, else the last one before it."""
    allowed = timelines().adoption.precisions
    found = [
        (sentence.find(phrase), d.start)
        for phrase, d in find_deadlines(sentence)
        if d.kind == "date" and d.precision in allowed and d.start is not None
    ]
    after = [day for at, day in found if at >= verb_end]
    before = [day for at, day in found if 0 <= at < verb_end]
    return after[0] if after else (before[-1] if before else None)


def adoption_in_text(text: str | None) -> tuple[date, str] | None:
    """(date, sentence) of the first sentence of ``text`` that states the plan's adoption.

    >>> adoption_in_text("Update. The action plan was agreed by Cabinet on 10 December 2024.")
    (datetime.date(2024, 12, 10), 'The action plan was agreed by Cabinet on 10 December 2024')
    >>> adoption_in_text("The action plan will be agreed by Cabinet in January 2025.") is None
    True
    """
    if not text:
        return None
    subject, verb, unless = _patterns()
    if not (subject.search(text) and verb.search(text)):
        return None  # most cells: no sentence to read
    for match in _SENTENCE.finditer(text):
        sentence = match.group().strip()
        said = verb.search(sentence)
        if said is None or not subject.search(sentence) or unless.search(sentence[: said.start()]):
            continue
        day = _date_near(sentence, said.end())
        if day is not None:
            return day, sentence
    return None


def _place(row: RawRow) -> str:
    where = f"row {row.line}"
    return f"{row.table}, {where}" if row.table else where


def adoption_stated(doc: RawDocument) -> StatedAdoption | None:
    """The first statement of the plan's adoption in the document, in reading order (headings,
    prose and every table cell), with where it was read."""
    for row in doc.rows:
        for cell in row.cells:
            found = adoption_in_text(cell)
            if found is None:
                continue
            day, sentence = found
            quoted = sentence if len(sentence) <= _QUOTED else sentence[: _QUOTED - 3] + "..."
            return StatedAdoption(day, sentence, f"{_place(row)}: {quoted!r}")
    return None
