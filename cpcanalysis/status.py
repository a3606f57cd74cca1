"""Status cells to the schema's six statuses, keeping every word that is not the status label.

A cell is read in this order:

1. a **label**: the whole cell ("GREEN", "Complete", "RAG: Amber", "Green (on track)"), or a label
   standing apart at the start ("Complete - report to cabinet") or the end ("Service Improvement
   Plan. GREEN"). Colours follow the default reading unless the plan's legend says otherwise.
2. otherwise **prose**: status words and percentages inside the text ("75% complete", "Delays
   with this commencing seen"), negation included ("not yet complete" is not complete). Several
   cues combine cautiously: any off-track cue wins, then at-risk, and done-with-not-done reads as
   on track.
3. otherwise ``unknown``, with a note.

The vocabulary is data: ``cpcanalysis/data/status/vocabulary.csv``.
"""

from __future__ import annotations

import csv
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from cpcanalysis.errors import ParameterError
from cpcanalysis.package_data import read_data_text
from cpcanalysis.schema import STATUSES

_WORD = re.compile(r"[^\W_]+")
_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")
_SEPARATORS = "-–—:;(|,.!?/"
_JUNCTION = "-–—:;|,/"  # separators dropped where the label is cut out (stops, brackets stay)
_NEGATORS = frozenset({"not", "no", "never", "nor", "isn", "hasn", "haven", "wasn", "aren"})
# a completion said of the future ("will be complete by March", "due to be completed") is a plan,
# not a state: it reads as on track
_FUTURE = frozenset(
    {"will", "shall", "to", "expected", "due", "should", "planned", "aim", "aiming", "once", "when"}
)
_NEGATED = {
    "complete": "on_track",
    "on_track": "off_track",
    "off_track": "on_track",
    "at_risk": "on_track",
    "not_started": "on_track",
    "unknown": "unknown",
}
_LABEL_FORMS = frozenset({"colour", "letter", "word", "label", "legend"})
_PROSE_FORMS = frozenset({"word", "prose"})
_GLOSS_FORMS = frozenset({"colour", "word", "label", "prose"})


@dataclass(frozen=True)
class StatusReading:
    """A status cell read: the status, the label it came from, and the rest of the cell."""

    status: str  # one of cpcanalysis.schema.STATUSES
    label: str | None  # the label as written, None when inferred from prose or not found
    rest: str  # the cell without the label ("" when the cell was only a label)
    note: str | None = None


@dataclass(frozen=True)
class _Phrase:
    status: str
    form: str


@dataclass(frozen=True)
class _Word:
    text: str  # lower case
    start: int
    end: int


def normalise_status(text: str | None, *, legend: Mapping[str, str] | None = None) -> str:
    """The status a cell reads as: one of :data:`cpcanalysis.schema.STATUSES`.

    >>> normalise_status("GREEN"), normalise_status("Orange"), normalise_status("75% complete")
    ('on_track', 'at_risk', 'on_track')
    >>> normalise_status("Green", legend={"Green": "complete", "Amber": "on_track"})
    'complete'
    """
    return read_status(text, legend=legend).status


def read_status(text: str | None, *, legend: Mapping[str, str] | None = None) -> StatusReading:
    """Read a status cell: the status, the label found (if any), and every other word in ``rest``.

    >>> read_status("Service Improvement Plan. GREEN")
    StatusReading(status='on_track', label='GREEN', rest='Service Improvement Plan.', note=None)
    """
    stripped = (text or "").strip()
    if not stripped:
        return StatusReading("unknown", None, "", "blank")
    table = _table(_legend_key(legend))
    words = [_Word(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(stripped)]
    found = _label(stripped, words, table)
    if found is None:
        return _from_prose(stripped, words, table)
    start, end, phrase = found
    label = stripped[start:end]
    before = stripped[:start].rstrip().rstrip(_JUNCTION).rstrip()
    after = stripped[end:].lstrip().lstrip(_JUNCTION).lstrip()
    rest = " ".join(part for part in (before, after) if part)
    notes = []
    if phrase.form == "legend":
        notes.append(f"{label!r} read by the plan's legend as {phrase.status}")
    if rest:
        prose = _from_prose(rest, [w for w in words if w.start >= end or w.end <= start], table)
        if prose.status not in ("unknown", phrase.status):
            notes.append(f"the rest of the cell reads as {prose.status} ({prose.note})")
    return StatusReading(phrase.status, label, rest, "; ".join(notes) or None)


_OPENING = re.compile(r"(?s)^(.*?)(?:[.;!\n]|$)")
_OPENING_WORDS = 6
# sentences of an update: . ! ? ; or a line break, a bullet, or a list number such as " 2) "
_SENTENCES = re.compile(r"[.!?;\n•]|\s\d{1,2}\)\s")


@dataclass(frozen=True)
class _Completion:
    statement: re.Pattern[str]
    before: frozenset[str]  # negation and future words, within `reach` words before it
    reach: int
    partial: re.Pattern[str]
    remaining: re.Pattern[str]


def _phrases(words: list[str]) -> re.Pattern[str]:
    ordered = sorted(words, key=lambda w: (-len(w), w))
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)
    return re.compile(rf"(?<![\w'])(?:{alternation})(?![\w'])", re.IGNORECASE)


@cache
def _completion() -> _Completion:
    data = tomllib.loads(read_data_text("status", "completion.toml"))
    return _Completion(
        statement=_phrases(data["statements"]),
        before=frozenset(w.lower() for w in (*data["negation"], *data["future"])),
        reach=int(data["reach"]),
        partial=_phrases(data["partial"]),
        remaining=_phrases(data["remaining"]),
    )


def _opening_done(text: str) -> str | None:
    """The opening sentence when it is short and reads as done ("Actions complete.")."""
    match = _OPENING.match(text)
    sentence = match.group(1).strip() if match else ""
    if not sentence or len(_WORD.findall(sentence)) > _OPENING_WORDS:
        return None
    return sentence if read_status(sentence).status == "complete" else None


def _part_done(text: str) -> bool:
    """A share below 100% anywhere in the update: progress on a part, not the whole."""
    return any(float(m.group(1)) < 100 for m in _PERCENT.finditer(text))


def _states_done(sentence: str, rules: _Completion) -> bool:
    """Whether ``sentence`` says plainly that the work is done: a statement, not negated, not
    of the future, not of a part, and nothing after it in the sentence says work remains."""
    if rules.partial.search(sentence):
        return False
    for found in rules.statement.finditer(sentence):
        before = re.findall(r"[\w']+", sentence[: found.start()].lower())[-rules.reach :]
        if rules.before.isdisjoint(before) and not rules.remaining.search(sentence[found.end() :]):
            return True
    return False


# a later sentence that plans more work with a date ("Benefits forms will be live by the end
# of February 2026") says the action is not finished
_PLANNED_WITH_A_DATE = re.compile(
    r"\b(?:will|shall|is due|are due|expected|planned|scheduled)\b.*\b(?:by|in|from|during)\s+"
    r"(?:the\s+end\s+of\s+)?(?:\w+\s+)?(?:19|20)\d\d\b",
    re.IGNORECASE,
)


def _work_remains(sentence: str, rules: _Completion) -> bool:
    if rules.remaining.search(sentence) or _PLANNED_WITH_A_DATE.search(sentence):
        return True
    return read_status(sentence).status in ("on_track", "at_risk", "off_track", "not_started")


def completion_said(update: str | None) -> str | None:
    """The sentence of an update text that says the action's work is done, else None.

    Trackers that rate by RAG colour often keep Green for done-and-dusted actions and say so in
    the update; the loader uses this to read such an action as complete. A sentence counts
    anywhere in the update when it states the work done ("was delivered in March", "has been
    completed", "is now complete", "went live"), neither negated nor of the future nor of a
    part (nor a share below 100% anywhere in the update), and no later sentence says work
    remains (statements and words:
    ``cpcanalysis/data/status/completion.toml``); so does a short opening that reads as done
    ("Actions complete."). "Digital and ICT Strategy complete and passed to service for
    delivery" reports one product, not the action, and does not count.

    >>> completion_said("Actions complete. Other evidence inc: training delivered.")
    'Actions complete'
    >>> completion_said("Scoping began in May. The new system went live in March 2025.")
    'The new system went live in March 2025'
    >>> completion_said("The review will have been completed by March") is None
    True
    """
    text = (update or "").strip()
    if _part_done(text):
        return None
    rules = _completion()
    sentences = [s.strip() for s in _SENTENCES.split(text) if s and s.strip()]
    opening = _opening_done(text)
    for k, sentence in enumerate(sentences):
        done = (k == 0 and opening is not None) or _states_done(sentence, rules)
        if done and not any(_work_remains(later, rules) for later in sentences[k + 1 :]):
            return opening if k == 0 and opening is not None else sentence
    return None


# ---- the label ---------------------------------------------------------------------------------
_Found = tuple[int, int, _Phrase]


def _label(text: str, words: list[_Word], table: Mapping) -> _Found | None:
    """(start, end, reading) of the label in ``text``, or None: the whole cell, else a label
    opening it, else one closing it."""
    first = _prefix_length(words, table)
    body = words[first:]
    if not body:
        return None
    whole = _whole_label(text, body, table)
    if whole is not None or first:
        return whole  # after a prefix ("RAG: Green and more"), only a whole label counts
    forms = _LABEL_FORMS - {"letter"}
    return _leading_label(text, body, table, forms) or _trailing_label(text, body, table, forms)


def _whole_label(text: str, body: list[_Word], table: Mapping) -> _Found | None:
    """The whole cell as the label ("Green", "Green (on track)", "Green - complete")."""
    whole = _match(body, 0, table, _LABEL_FORMS)
    if whole is None:
        return None
    n, phrase = whole
    tail = body[n:]
    gloss = _gloss(text, tail, table) if tail else None
    if tail and (gloss is None or gloss[0] != len(tail)):
        return None
    if gloss is not None and phrase.form == "colour" and gloss[1].form in ("word", "label"):
        phrase = gloss[1]  # "Green - complete": the word says what this plan's colour means
    return 0, len(text), phrase


def _leading_label(text: str, body: list[_Word], table: Mapping, forms) -> _Found | None:
    """A label opening the cell, set off by a separator or written in capitals."""
    leading = _match(body, 0, table, forms)
    if leading is None:
        return None
    n, phrase = leading
    after = text[body[n - 1].end :].lstrip()
    label = text[body[0].start : body[n - 1].end]
    if after[:1] in _SEPARATORS or _shouted(label):
        return body[0].start, body[n - 1].end, phrase
    return None


def _trailing_label(text: str, body: list[_Word], table: Mapping, forms) -> _Found | None:
    """A label closing the cell ("... Service Improvement Plan. GREEN")."""
    for n in range(min(4, len(body)), 0, -1):
        phrase = _exact(body[-n:], table, forms)
        if phrase is None:
            continue
        start, end = body[-n].start, body[-1].end
        before = text[:start].rstrip()
        if before[-1:] in _SEPARATORS or _shouted(text[start:end]):
            if before.endswith("(") and text[end:].lstrip().startswith(")"):
                start, end = len(before) - 1, text.index(")", end) + 1
            return start, end, phrase
        break
    return None


def _prefix_length(words: list[_Word], table: Mapping) -> int:
    found = _match(words, 0, table, frozenset({"prefix"}))
    return found[0] if found is not None and found[0] < len(words) else 0


def _gloss(text: str, tail: list[_Word], table: Mapping) -> tuple[int, _Phrase] | None:
    """The words after a label, when they only restate it: "Green (on track)", "Red - delayed".

    Any status phrase counts in brackets; set off by a dash or colon, only a label does (so
    "GREEN - good progress" keeps "good progress" as text).
    """
    before = text[: tail[0].start].rstrip()[-1:]
    if before == "(":
        return _match(tail, 0, table, _GLOSS_FORMS)
    if before and before in "-–—:,":
        return _match(tail, 0, table, _LABEL_FORMS - {"letter"})
    return None


def _shouted(label: str) -> bool:
    return len(label) > 1 and label.isupper()


def _match(words: list[_Word], i: int, table: Mapping, forms: frozenset[str]):
    """(length, phrase) of the longest phrase of ``forms`` starting at ``words[i]``."""
    for n in range(min(_longest(), len(words) - i), 0, -1):
        phrase = _exact(words[i : i + n], table, forms)
        if phrase is not None:
            return n, phrase
    return None


def _exact(words: list[_Word], table: Mapping, forms: frozenset[str]) -> _Phrase | None:
    phrase = table.get(tuple(w.text for w in words))
    return phrase if phrase is not None and phrase.form in forms else None


# ---- prose -------------------------------------------------------------------------------------
def _from_prose(text: str, words: list[_Word], table: Mapping) -> StatusReading:
    cues: list[tuple[str, str]] = []
    percent_ends = []
    for match in _PERCENT.finditer(text):
        share = float(match.group(1))
        if share <= 100:
            status = "complete" if share == 100 else "not_started" if share == 0 else "on_track"
            cues.append((status, match.group()))
            percent_ends.append(match.end())
    i = 0
    while i < len(words):
        found = _match(words, i, table, _PROSE_FORMS)
        if found is None:
            i += 1
            continue
        n, phrase = found
        i += n
        if any(0 <= words[i - n].start - end <= 2 for end in percent_ends):
            continue  # "75% complete" is read by its percentage
        status = phrase.status
        negated = any(w.text in _NEGATORS for w in words[max(0, i - n - 2) : i - n])
        if negated and phrase.status != "unknown":
            status = _NEGATED[status]
        elif status == "complete" and any(
            w.text in _FUTURE for w in words[max(0, i - n - 3) : i - n]
        ):
            status = "on_track"
        cues.append((status, text[words[i - n].start : words[i - 1].end]))
    if not cues:
        return StatusReading("unknown", None, text, "no status word found")
    status = _combine(cues)
    said = ", ".join(repr(phrase) for _, phrase in cues)
    return StatusReading(status, None, text, f"inferred from prose: {said}")


def _combine(cues: list[tuple[str, str]]) -> str:
    found = {status for status, _ in cues}
    for status in ("off_track", "at_risk"):
        if status in found:
            return status
    if "complete" in found and found & {"on_track", "not_started"}:
        return "on_track"  # part done, part not: in progress
    for status in ("on_track", "not_started", "complete"):
        if status in found:
            return status
    return "unknown"


# ---- vocabulary and legend ---------------------------------------------------------------------
@cache
def _base_table() -> dict[tuple[str, ...], _Phrase]:
    text = read_data_text("status", "vocabulary.csv")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    table = {}
    for row in csv.DictReader(lines):
        table[tuple(row["phrase"].split())] = _Phrase(row["status"], row["form"])
    return table


@cache
def _longest() -> int:
    return max(len(key) for key in _base_table())


def _legend_key(legend: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(k), str(v)) for k, v in (legend or {}).items()))


@cache
def _table(legend: tuple[tuple[str, str], ...]) -> Mapping[tuple[str, ...], _Phrase]:
    if not legend:
        return _base_table()
    table = dict(_base_table())
    for label, meaning in legend:
        key = tuple(w.lower() for w in _WORD.findall(label))
        if not key or len(key) > _longest():
            msg = f"legend label {label!r} has no words or more than {_longest()}"
            raise ParameterError(msg, hint="use labels as they appear in the status column")
        table[key] = _Phrase(_legend_status(label, meaning), "legend")
    return table


def _legend_status(label: str, meaning: str) -> str:
    """A legend's meaning as a status: a schema status ("on_track") or a status word."""
    words = tuple(w.lower() for w in _WORD.findall(meaning))
    candidate = "_".join(words)
    if candidate in STATUSES:
        return candidate
    phrase = _base_table().get(words)
    if phrase is not None and phrase.form in ("word", "label"):
        return phrase.status
    msg = f"the legend reads {label!r} as {meaning!r}, which is not a status"
    raise ParameterError(
        msg, hint=f"use one of {', '.join(STATUSES)} or a word such as 'Completed'"
    )
