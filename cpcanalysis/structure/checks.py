"""Reading checks: signs, in a document's finished records, that it may have been read wrong.

A researcher loading thirty plans cannot open every file, so each document's reading is checked
after structure and every doubt becomes a ``warning`` with its own code in ``issues`` (and a
count, ``n_reading_warnings``, in ``plans``). Each check names what it saw and where; none
changes the records. The checks and their codes:

- ``duplicate_action``: two actions of one recommendation with the same text and deadline, or
  the same text read from the same source row (a row read twice);
- ``heading_only_recommendation``: a recommendation whose text is only a label or a heading
  ("Recommendation 3", "R3 – Finance");
- ``no_actions``: a recommendation with no action;
- ``page_break_split``: an action whose text stops mid-sentence at the foot of a page while the
  next row, on the next page, carries on in lower case;
- ``not_a_plan_table``: a recommendation whose "actions" read like a table that is not a plan
  (counts and percentages, a list of downloads, a sign-off or contacts table);
- ``repeated_recommendation_number``: two recommendations given the same identifier;
- ``part_as_recommendation``: a recommendation whose text starts in lower case, like a part of
  the stem above it read as a recommendation of its own;
- ``many_unreadable``: more than a quarter of the document's deadlines, or statuses, unreadable.

A number that jumps is warned while the recommendations are numbered (code ``numbering``) but is
not counted here: trackers drop finished recommendations and keep the others' numbers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from itertools import pairwise

from cpcanalysis.issues import IssueLog
from cpcanalysis.readers.contract import RawDocument

CHECK_CODES: tuple[str, ...] = (
    "duplicate_action",
    "heading_only_recommendation",
    "no_actions",
    "page_break_split",
    "not_a_plan_table",
    "repeated_recommendation_number",
    "part_as_recommendation",
    "many_unreadable",
)
UNREADABLE_SHARE = 0.25
_HEADING_WORDS = 3  # a recommendation of fewer words is a heading or label
_SENTENCE_END = re.compile(r"[.!?:;)\]”\"']\s*$")
_DANGLING = re.compile(r"\b(?:the|of|and|to|a|an|for|with|in|on|by|or|its|their)\s*$", re.I)
_NOT_AN_ACTION = re.compile(
    r"^(?:\d+(?:[.,]\d+)?\s*%?|£?\d[\d,.]*[km]?|(?:pdf|docx?|xlsx?)\b.*|\d+\s*(?:kb|mb)\b.*)$",
    re.IGNORECASE,
)
_NOT_A_PLAN = re.compile(
    r"\b(?:download|report author|background papers?|cookies?|privacy|contact us|sign-?off|"
    r"report cleared by|file size|accessibility)\b",
    re.IGNORECASE,
)

Records = list[dict]


def check_reading(recs: Records, actions: Records, doc: RawDocument, log: IssueLog) -> int:
    """Run every reading check on one document's records; returns the number of warnings."""
    before = _count(log)
    for check in _CHECKS:
        check(recs, actions, doc, log)
    return _count(log) - before


def _count(log: IssueLog) -> int:
    return sum(r["code"] in CHECK_CODES for r in log.records)


def _duplicate_actions(recs: Records, actions: Records, doc: RawDocument, log: IssueLog) -> None:
    seen: dict[tuple, dict] = {}
    for a in actions:
        if not a["text"]:
            continue
        for key in (
            (a["rec_id"], a["text"], a["deadline_text"]),
            ("row", a["text"], a["source_row"]),
        ):
            first = seen.setdefault(key, a)
            if first is not a:
                log.warning(
                    "duplicate_action",
                    f"action {a['rec_id']}/{a['action_no']} repeats action "
                    f"{first['rec_id']}/{first['action_no']} ({_clip(a['text'])!r}): a row read "
                    "twice?",
                    row=a["source_row"],
                    table=a["source_table"],
                )
                break


def _heading_only(recs: Records, actions: Records, doc: RawDocument, log: IssueLog) -> None:
    for r in recs:
        if len((r["text"] or "").split()) < _HEADING_WORDS and not r["stem"]:
            log.warning(
                "heading_only_recommendation",
                f"recommendation {r['rec_id']} reads only {r['text']!r}: a heading or label, "
                "its text missed?",
                row=r["source_row"],
                table=r["source_table"],
            )


def _no_actions(recs: Records, actions: Records, doc: RawDocument, log: IssueLog) -> None:
    with_actions = {a["rec_id"] for a in actions}
    for r in recs:
        if r["rec_id"] not in with_actions:
            log.warning(
                "no_actions",
                f"recommendation {r['rec_id']} has no action",
                row=r["source_row"],
                table=r["source_table"],
            )


def _page_breaks(recs: Records, actions: Records, doc: RawDocument, log: IssueLog) -> None:
    # in reading order (the order of the records), the actions that have a page
    ordered = [a for a in actions if a["text"] and a["source_page"] is not None]
    for a, b in pairwise(ordered):
        pa, pb = a["source_page"], b["source_page"]
        if pb != pa + 1:
            continue
        ends_open = not _SENTENCE_END.search(a["text"]) and _DANGLING.search(a["text"])
        if ends_open or (b["text"][:1].islower() and not _SENTENCE_END.search(a["text"])):
            log.warning(
                "page_break_split",
                f"action {a['rec_id']}/{a['action_no']} ends mid-sentence at the foot of page "
                f"{pa} ({_clip(a['text'], tail=True)!r}) and the next row, on page {pb}, reads "
                f"{_clip(b['text'])!r}: one row split by the page break?",
                row=b["source_row"],
                table=b["source_table"],
            )


def _not_a_plan(recs: Records, actions: Records, doc: RawDocument, log: IssueLog) -> None:
    texts: dict[str, list[str]] = {}
    for a in actions:
        texts.setdefault(a["rec_id"], []).append((a["text"] or "").strip())
    for r in recs:
        mine = texts.get(r["rec_id"], [])
        odd = [t for t in mine if _NOT_AN_ACTION.match(t) or _NOT_A_PLAN.search(t)]
        if _NOT_A_PLAN.search(r["text"] or "") or (mine and 2 * len(odd) > len(mine)):
            log.warning(
                "not_a_plan_table",
                f"recommendation {r['rec_id']} ({_clip(r['text'])!r}) reads like a table that "
                f"is not the plan (counts, downloads, sign-off): {', '.join(mine[:3])!r}",
                row=r["source_row"],
                table=r["source_table"],
            )


def _numbering(recs: Records, actions: Records, doc: RawDocument, log: IssueLog) -> None:
    counts = Counter(r["rec_id"] for r in recs)
    for rec_id, n in counts.items():
        if n > 1:
            same = [r for r in recs if r["rec_id"] == rec_id]
            rows = [r["source_row"] for r in same]
            log.warning(
                "repeated_recommendation_number",
                f"{n} recommendations are numbered {rec_id} (rows {rows}): numbering repeats or "
                "restarts, or a part was read as a recommendation",
                row=same[1]["source_row"],
                table=same[1]["source_table"],
            )
    for r in recs:
        if (r["text"] or "")[:1].islower() and r["rec_part"] is None:
            log.warning(
                "part_as_recommendation",
                f"recommendation {r['rec_id']} starts in lower case ({_clip(r['text'])!r}): a "
                "part of the recommendation above read as one of its own?",
                row=r["source_row"],
                table=r["source_table"],
            )


def _unreadable(recs: Records, actions: Records, doc: RawDocument, log: IssueLog) -> None:
    for what, given, unread in (
        ("deadlines", "deadline_text", lambda a: a["deadline_kind"] == "unknown"),
        ("statuses", "status_text", lambda a: a["status"] == "unknown"),
    ):
        written = [a for a in actions if a[given]]
        bad = [a for a in written if unread(a)]
        if written and len(bad) > UNREADABLE_SHARE * len(written):
            log.warning(
                "many_unreadable",
                f"{len(bad)} of {len(written)} {what} could not be read (more than a quarter): "
                f"check the column and its vocabulary, e.g. {bad[0][given]!r}",
            )


def _clip(text: str | None, width: int = 60, *, tail: bool = False) -> str:
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    return "…" + text[-width:] if tail else text[:width] + "…"


_CHECKS: tuple[Callable[[Records, Records, RawDocument, IssueLog], None], ...] = (
    _duplicate_actions,
    _heading_only,
    _no_actions,
    _page_breaks,
    _not_a_plan,
    _numbering,
    _unreadable,
)
