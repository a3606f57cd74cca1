"""Revised deadlines read from progress-update text.

Trackers rarely have a revised-deadline column; the new target usually sits in the update
("now expected in early 2026", "PROPOSED NEW TARGET – April 2017", "A PM system will be
implemented in 2025"). Dates are found with the deadline grammar (``find_deadlines``); whether a
date is a new target is decided by the nearest cue phrase before it in the same sentence
(``cpcanalysis/data/slippage/cues.toml``): a revision cue makes it one, a past-event cue
("approved by Cabinet (April 2025)") or no cue at all does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from cpcanalysis.deadlines import find_deadlines
from cpcanalysis.slippage.vocabulary import cues

# Sentence ends: . ! ? ; followed by a space, a bullet, or a list number such as " 2) ".
_SENTENCE_END = re.compile(r"[.!?;](?=\s)|•|\s\d{1,2}\)\s")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class TextRevision:
    """A date in update text that signals a new target."""

    end: date  # due date the phrase means (last day of its period)
    phrase: str  # the date as written
    cue: str  # the revision cue that introduced it, as written
    evidence: str  # the text from the cue to the end of the date


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    forward: bool


@cache
def _cue_pattern() -> re.Pattern[str]:
    vocab = cues()
    phrases = sorted({*vocab.revision, *vocab.past}, key=lambda p: (-len(p), p))
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)
    # a lookahead finds the longest cue starting at every position, overlaps included
    return re.compile(rf"(?=\b({alternation})\b)", re.IGNORECASE)


# a past-event word inside a future construction ("expected to be agreed in", "will be
# approved") does not report a past event
_FUTURE_BEFORE = re.compile(r"\b(?:to|will|would|should|shall|must|can)\s+be\s+$", re.IGNORECASE)


def _cues_in(text: str) -> list[_Cue]:
    """Cue phrases in ``text``; where cues overlap, the longest wins (then the earliest)."""
    revision = {p.lower() for p in cues().revision}
    found = [
        _Cue(m.start(1), m.end(1), " ".join(m.group(1).lower().split()) in revision)
        for m in _cue_pattern().finditer(text)
    ]
    found = [c for c in found if c.forward or not _FUTURE_BEFORE.search(text[: c.start])]
    kept: list[_Cue] = []
    for cue in sorted(found, key=lambda c: (c.start - c.end, c.start)):
        if all(cue.end <= k.start or cue.start >= k.end for k in kept):
            kept.append(cue)
    return sorted(kept, key=lambda c: c.start)


def _sentence_start(text: str, position: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, position):
        start = m.end()
    return start


def _locate(text: str, phrase: str, after: int) -> int:
    at = text.find(phrase, after)
    if at < 0:
        at = text.lower().find(phrase.lower(), after)
    return at


def revisions_in_text(text: str | None, *, reference: date | None = None) -> list[TextRevision]:
    """Every date in ``text`` that signals a new target, in the order they appear.

    ``reference`` is the date the text speaks for (the document's as-of date); it resolves
    dates without a year ("late October"). Dates the grammar cannot give a due date for are
    skipped.
    """
    if not text:
        return []
    found = find_deadlines(text, reference=reference)
    all_cues = _cues_in(text)
    max_words = cues().max_words
    out: list[TextRevision] = []
    cursor = 0
    last: tuple[_Cue, int] | None = None  # the cue of the last target and where that date ended
    for phrase, deadline in found:
        at = _locate(text, phrase, cursor)
        if at < 0:
            continue
        cursor = at + len(phrase)
        if deadline.end is None:
            continue
        floor = _sentence_start(text, at)
        before = [c for c in all_cues if floor <= c.start and c.end <= at]
        if not before:
            continue
        cue = before[-1]
        if not cue.forward or len(_WORD.findall(text[cue.end : at])) > max_words:
            continue
        # a cue introduces one date, or a short list of them ("in late 2025 and early 2026");
        # a later date in its sentence is context ("as part of the 2026/27 budget")
        if last is not None and last[0] == cue and len(_WORD.findall(text[last[1] : at])) > 3:
            continue
        last = (cue, cursor)
        out.append(
            TextRevision(
                end=deadline.end,
                phrase=text[at:cursor],
                cue=text[cue.start : cue.end],
                evidence=" ".join(text[cue.start : cursor].split()),
            )
        )
    return out


def latest_revision(
    text: str | None, *, reference: date | None = None, later_than: date | None = None
) -> TextRevision | None:
    """The revision signal in ``text`` with the latest due date after ``later_than``.

    A dated phrase earlier than (or equal to) the current due date is read as an interim
    milestone, not a revision; when the update names several later targets ("a draft in late
    2025 and early 2026") the last one is the new target. None when nothing qualifies or when
    there is no due date to revise (``later_than`` is None).
    """
    if later_than is None:
        return None
    later = [r for r in revisions_in_text(text, reference=reference) if r.end > later_than]
    return max(later, key=lambda r: r.end, default=None)
