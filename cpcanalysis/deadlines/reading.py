"""The public readings: a deadline cell as one deadline, as all the deadlines it holds, and the
deadline phrases found inside free text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from itertools import pairwise

from cpcanalysis.deadlines.atoms import Atom, Unreadable
from cpcanalysis.deadlines.evaluate import evaluate
from cpcanalysis.deadlines.grammar import DATED, IGNORED_ROLES, Item, Parser, Span, Status
from cpcanalysis.deadlines.lexer import Lexeme, lex
from cpcanalysis.deadlines.model import Deadline

_STATUS_NOTES = {
    "not_complete": "says it is not complete; no date given",
    "recurring": "recurring ({}); no due date",
    "horizon": "vague timescale ({}); no date given",
    "marker": "{}",
    "superseded": "{!r} names a date replaced, not a deadline",
}
_LEADING_CONNECTORS = frozenset({"and", "then"})
_CONNECTOR_SYMS = frozenset(",;&/-+|")
_FREE_TEXT_YEAR_CUES = frozenset({"cue", "in", "range", "from", "beyond", "before", "of"})


def parse_deadline(text: str | None, *, reference: date | None = None) -> Deadline:
    """Read a deadline cell as one deadline.

    >>> parse_deadline("Q3 2024/25").end
    datetime.date(2024, 12, 31)
    >>> parse_deadline("TBC").kind
    'unknown'

    A cell holding several deadlines reads from the start of the first to the end of the last,
    with a note; :func:`parse_deadlines` keeps them apart. ``reference`` is the date relative
    phrases count from ("within three months of the CPC"), and after which a month written
    without a year is placed.
    """
    stripped = (text or "").strip()
    readings = parse_deadlines(stripped, reference=reference)
    if not readings:
        return Deadline(stripped, None, None, "unknown", None, "blank")
    if len(readings) == 1:
        return replace(readings[0], text=stripped)
    return _combine(stripped, readings)


def parse_deadlines(text: str | None, *, reference: date | None = None) -> list[Deadline]:
    """Every deadline or milestone a cell holds, in order; ``[]`` for a blank cell.

    >>> [d.end.isoformat() for d in parse_deadlines("October 2024 September 2025")]
    ['2024-10-31', '2025-09-30']
    """
    stripped = (text or "").strip()
    if not stripped:
        return []
    by_line = _one_per_line(stripped, reference)
    if by_line is not None:
        return by_line
    lexemes = lex(stripped)
    items = _absorb_status_words(Parser(lexemes, stripped).items(), lexemes, stripped)
    if not items:
        note = f"no date found in {stripped!r}"
        return [Deadline(stripped, None, None, "unknown", None, note)]
    readings = []
    for n, item in enumerate(items):
        lo = 0 if n == 0 else lexemes[items[n - 1].last].end
        hi = len(stripped) if n == len(items) - 1 else lexemes[item.last].end
        last = n == len(items) - 1
        inside = range(
            0 if n == 0 else items[n - 1].last + 1, len(lexemes) if last else item.last + 1
        )
        segment = stripped[_segment_start(lexemes, inside, lo) : hi].strip()
        extra = _other_words(stripped, lexemes, inside, item)
        readings.append(_read(item, segment, reference, extra))
    return readings


_JOINS = re.compile(r"(?:[-–—/,]|\b(?:to|until|and|then|or))\s*$", re.IGNORECASE)
_OPENS = re.compile(r"^(?:[-–—/]|(?:to|until|and|then|or|onwards)\b)", re.IGNORECASE)


def _one_per_line(text: str, reference: date | None) -> list[Deadline] | None:
    """A cell with one deadline or status word on each of its lines ("September 2024",
    "Complete", "From March 2025") is a list: one reading per line, none glued to another.
    None when any line holds other than exactly one reading."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < 2 or any(_JOINS.search(a) or _OPENS.match(b) for a, b in pairwise(lines)):
        return None  # "July 2024 -" over "February 2025" is one range across the break
    readings = []
    for line in lines:
        found = parse_deadlines(line, reference=reference)
        if len(found) != 1 or (found[0].kind == "unknown" and found[0].note != "to be confirmed"):
            return None
        readings.extend(found)
    return readings


def find_deadlines(
    text: str | None, *, reference: date | None = None
) -> list[tuple[str, Deadline]]:
    """Deadline phrases inside free text (a progress update), each with its reading, in order.

    Stricter than :func:`parse_deadline`: a bare year counts only after a word such as "in" or
    "by", months and days must carry their year, and status words are not deadlines.

    >>> [span for span, _ in find_deadlines("Draft in late 2025 and adoption in early 2026.")]
    ['late 2025', 'early 2026']
    """
    if not text or not text.strip():
        return []
    lexemes = lex(text)
    found = []
    for item in Parser(lexemes, text, strict=True).items():
        if not _counts_in_free_text(item, lexemes):
            continue
        span = text[lexemes[item.first].start : lexemes[item.last].end]
        reading = _read(item, span, reference, ())
        if reading.kind != "unknown":
            found.append((span, reading))
    return found


def _read(item: Item, text: str, reference: date | None, extra: tuple[str, ...]) -> Deadline:
    expr = item.expr
    if isinstance(expr, Status):
        if expr.kind in ("ongoing", "complete"):
            return Deadline(text, None, None, expr.kind, None, _join(extra))
        note = _STATUS_NOTES[expr.kind].format(expr.value)
        kind = "ongoing" if expr.kind == "recurring" else "unknown"
        return Deadline(text, None, None, kind, None, _join((note, *extra)))
    try:
        dated = evaluate(expr, reference)
    except Unreadable as exc:
        return Deadline(text, None, None, "unknown", None, _join((str(exc), *extra)))
    kind, notes = dated.kind, (*dated.notes, *item.marks)
    if item.complete:
        kind, notes = "complete", (*notes, "marked complete: the date says when, not a due date")
    return Deadline(text, dated.start, dated.end, kind, dated.precision, _join((*notes, *extra)))


def _combine(text: str, readings: list[Deadline]) -> Deadline:
    """One reading for a cell with several: from the first start to the last end."""
    listed = "; ".join(repr(r.text) for r in readings)
    inner = tuple(r.note for r in readings if r.note)
    dated = [r for r in readings if r.start is not None]
    if not dated:
        kinds = {r.kind for r in readings}
        kind = kinds.pop() if len(kinds) == 1 else "unknown"
        note = f"{len(readings)} readings in one cell ({listed})"
        return Deadline(text, None, None, kind, None, _join((note, *inner)))
    start = min(r.start for r in dated if r.start is not None)
    if len(dated) == 1:
        only = dated[0]
        note = f"{len(readings)} readings in one cell ({listed}); dated by {only.text!r}"
        return Deadline(text, start, only.end, only.kind, only.precision, _join((note, *inner)))
    note = (
        f"{len(dated)} deadlines in one cell ({listed}): read from the first start to the last end"
    )
    if any(r.end is None for r in dated):
        return Deadline(text, start, None, "open_ended", dated[0].precision, _join((note, *inner)))
    last = max(dated, key=lambda r: (r.end, r.start))
    kind = "complete" if all(r.kind == "complete" for r in dated) else "period"
    return Deadline(text, start, last.end, kind, last.precision, _join((note, *inner)))


def _absorb_status_words(items: list[Item], lexemes: list[Lexeme], text: str) -> list[Item]:
    """Fold status words into the dated item beside them.

    "Completed March 2024" is one item, complete; "March 2025 (TBC)" is March 2025 with a note.
    When the cell has a date, recurring words and vague horizons are milestone words ("Annual
    review March 2025"); alone, or with only yearless dates ("Annual - each March"), they are
    the reading.
    """
    has_date = any(isinstance(item.expr, DATED) and not _yearless(item.expr) for item in items)
    recurring = any(isinstance(i.expr, Status) and i.expr.kind == "recurring" for i in items)
    kept = [
        item
        for item in items
        if not (has_date and isinstance(item.expr, Status) and item.expr.kind in _MILESTONE_KINDS)
        and not (recurring and not has_date and _yearless(item.expr))  # "Annual - each March"
    ]
    out: list[Item | None] = list(kept)
    for n, item in enumerate(kept):
        expr = item.expr
        if not (isinstance(expr, Status) and expr.kind in ("complete", "marker", "superseded")):
            continue
        k = _dated_neighbour(out, n, lexemes)
        if k is None:
            continue
        target = out[k]
        assert target is not None
        word = text[lexemes[item.first].start : lexemes[item.last].end]
        marks = target.marks
        if expr.kind == "marker":
            marks = (*marks, f"also says {word!r} ({expr.value})")
        elif expr.kind == "superseded":
            marks = (*marks, f"{word!r} names the date replaced: not read as a deadline")
        out[k] = replace(
            target,
            first=min(item.first, target.first),
            last=max(item.last, target.last),
            complete=target.complete or expr.kind == "complete",
            marks=marks,
        )
        out[n] = None
    return [item for item in out if item is not None]


_MILESTONE_KINDS = frozenset({"recurring", "horizon"})


def _yearless(expr: object) -> bool:
    """An atom with no year of its own ("each March"): a recurring word then wins."""
    return isinstance(expr, Atom) and expr.year is None and expr.error is None


def _dated_neighbour(items: list[Item | None], n: int, lexemes: list[Lexeme]) -> int | None:
    """The dated item right after (else right before) item ``n``, with only cue words between."""
    this = items[n]
    assert this is not None
    for k in (n + 1, n - 1):
        other = items[k] if 0 <= k < len(items) else None
        if other is None or not isinstance(other.expr, DATED):
            continue
        gap = range(this.last + 1, other.first) if k > n else range(other.last + 1, this.first)
        if all(lexemes[m].role in IGNORED_ROLES for m in gap):
            return k
    return None


def _segment_start(lexemes: list[Lexeme], inside: range, lo: int) -> int:
    """Where a segment's own text starts: after the connectors that joined it to the previous."""
    for k in inside:
        lexeme = lexemes[k]
        if lexeme.role in _LEADING_CONNECTORS:
            continue
        if lexeme.role == "sym" and lexeme.value in _CONNECTOR_SYMS:
            continue
        return lexeme.start
    return lo


def _other_words(text: str, lexemes: list[Lexeme], inside: range, item: Item) -> tuple[str, ...]:
    """The words of a segment that no rule used, as runs ("Annual review"), in a note."""
    runs: list[list[int]] = []
    for k in inside:
        if item.first <= k <= item.last or lexemes[k].role in IGNORED_ROLES:
            continue
        if runs and _joinable(lexemes, runs[-1][-1], k, item):
            runs[-1].append(k)
        else:
            runs.append([k])
    if not runs:
        return ()
    quoted = ", ".join(repr(text[lexemes[r[0]].start : lexemes[r[-1]].end]) for r in runs)
    return (f"other words: {quoted}",)


def _joinable(lexemes: list[Lexeme], a: int, b: int, item: Item) -> bool:
    """Two unused words belong to one run when only cue words ("for", "by") lie between them."""
    return all(
        lexemes[m].role in IGNORED_ROLES
        and lexemes[m].role != "sym"
        and not item.first <= m <= item.last
        for m in range(a + 1, b)
    )


def _counts_in_free_text(item: Item, lexemes: list[Lexeme]) -> bool:
    expr = item.expr
    if isinstance(expr, Status):
        return False
    last = expr.last if isinstance(expr, Span) else expr
    if isinstance(last, Atom):
        if last.year is None:
            return False
        if last.unit == "year" and not isinstance(expr, Span):
            before = lexemes[item.first - 1].role if item.first > 0 else ""
            return before in _FREE_TEXT_YEAR_CUES
    return True


def _join(notes: tuple[str | None, ...]) -> str | None:
    kept = [note for note in dict.fromkeys(notes) if note]
    return "; ".join(kept) if kept else None
