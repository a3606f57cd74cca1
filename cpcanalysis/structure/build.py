"""Numbering recommendations and turning collected groups into canonical records.

- Labels as printed are kept ("5.", "R1:"); unlabelled recommendations are numbered by position,
  continuing from the last number seen.
- A cell holding several numbered recommendations ("9.Engage ... 10.Accelerate ...") is split,
  and every other cell of its rows is divided between them: deadlines by the deadline grammar,
  owners by run-together names, action and update text at the sentence boundaries that best match
  each recommendation's words. A cell that will not divide goes whole to each, with an issue.
- A labelled recommendation whose text introduces a list with a colon ("... by: Aligning ...")
  is a stem with parts when unlabelled rows follow it before the next label: the parts are
  "5a", "5b", ... of one recommendation, each keeping the stem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from cpcanalysis.issues import IssueLog
from cpcanalysis.structure.assemble import ActionRow, Cell, Collected, Group, Segment
from cpcanalysis.structure.lists import divide_text, split_owner_groups
from cpcanalysis.structure.numbering import (
    Label,
    cross_reference,
    introduces_parts,
    parse_label,
    part_letter,
    split_merged,
    split_stem,
)
from cpcanalysis.structure.pairing import ActionDraft, divide_action_row, read_deadline_cell


@dataclass
class RecDraft:
    rec_id: str
    rec_no: int
    rec_part: str | None
    rec_label: str | None
    stem: str | None
    text: str
    source_row: int | None
    source_rows: list[int]
    rows: list[ActionRow]
    title: str | None = None
    source_table: str | None = None


def _divide_cell(
    role: str, cell: Cell, m: int, targets: list[str], reference: date | None
) -> list[str] | None:
    if role == "deadline":
        found = read_deadline_cell(cell.text, reference)
        return [d.text for d in found] if len(found) == m else None
    if role in ("lead", "sponsor"):
        groups = split_owner_groups(cell.text, m)
        return [" / ".join(g) for g in groups] if groups else None
    if role in ("action", "update", "revised_deadline"):
        return divide_text(cell.text, m, targets)
    return None  # status and other cells are shared


def _split_group(group: Group, pieces: list[str], reference, log: IssueLog) -> list[Group]:
    """Divide a group whose recommendation cell holds ``len(pieces)`` recommendations."""
    m = len(pieces)
    assert group.rec is not None
    log.info(
        "merged_recommendations",
        f"one cell holds {m} recommendations; split, and the row's cells divided between them",
        row=group.rec.row,
        table=group.rec.table,
        column=group.rec.column,
    )
    out = [Group(replace(group.rec, text=p)) for p in pieces]
    for row in group.rows:
        divided: list[list[Segment]] = [[] for _ in range(m)]
        for seg in row.segments:
            for i, part in enumerate(_divide_segment(seg, pieces, reference, log)):
                divided[i].append(part)
        for i in range(m):
            out[i].rows.append(ActionRow(divided[i]))
    return out


def _divide_segment(seg: Segment, pieces: list[str], reference, log: IssueLog) -> list[Segment]:
    """One physical row's cells divided between the ``len(pieces)`` recommendations."""
    m = len(pieces)
    parts: list[Segment] = [{} for _ in range(m)]
    targets = list(pieces)
    # the action first: its divided parts help divide the update
    for role in sorted(seg, key=lambda r: r != "action"):
        cell = seg[role]
        texts = _divide_cell(role, cell, m, targets, reference)
        if texts is None:
            texts = [cell.text] * m
            if role not in ("status", "other", "ref", "section"):
                log.warning(
                    "undivided_cell",
                    f"{role} cell does not divide between the {m} recommendations; "
                    "given whole to each",
                    row=cell.row,
                    table=cell.table,
                    column=cell.column,
                )
        for i, text in enumerate(texts):
            parts[i][role] = replace(cell, text=text)
        if role == "action":
            targets = [f"{p} {t}" for p, t in zip(pieces, texts, strict=True)]
    return parts


def _entries(collected: Collected, reference, log) -> list[tuple[Label | None, str, Group]]:
    entries: list[tuple[Label | None, str, Group]] = []
    for group in collected.groups:
        if group.rec is None:
            entries.append((None, "", group))
            continue
        pieces = split_merged(group.rec.text)
        subgroups = [group] if len(pieces) == 1 else _split_group(group, pieces, reference, log)
        for sub in subgroups:
            assert sub.rec is not None  # a split group keeps a recommendation cell
            label, text = parse_label(sub.rec.text)
            if label is None and len(subgroups) == 1:
                label = _ref_label(sub, log)
            entries.append((label, text, sub))
    return entries


# a Ref / No. column's value that is a recommendation's number: "3", "R3", "Rec 3", "3." (not
# "3.2", which numbers an action)
_REF_LETTER = re.compile(r"\(?([a-z])[.)]", re.IGNORECASE)
_REF_NUMBER = re.compile(r"(?:(?:recommendation|rec|r)\s*\.?\s*)?(\d{1,3})\s*[.:)]?", re.IGNORECASE)


def _ref_label(group: Group, log: IssueLog) -> Label | None:
    """The label a recommendation printed without a number has in its Ref column, if any."""
    cells = [seg["ref"] for seg in (group.rows[0].segments if group.rows else []) if "ref" in seg]
    if group.ref is not None:
        cells.insert(0, group.ref)
    if not cells:
        return None
    printed = cells[0].text.strip()
    letter = _REF_LETTER.fullmatch(printed)
    if letter is not None:  # "a)" in the number column: a part of the stem above
        return Label(printed, 0, None, letter.group(1).lower())
    m = _REF_NUMBER.fullmatch(printed)
    if m is None:
        return None
    log.info(
        "number_from_ref",
        f"recommendation numbered {int(m.group(1))} from its {cells[0].column!r} column",
        row=cells[0].row,
        table=cells[0].table,
        column=cells[0].column,
    )
    return Label(cells[0].text.strip(), int(m.group(1)), None)


def _rec_rows(group: Group) -> list[int]:
    rows = {c.row for r in group.rows for seg in r.segments for c in seg.values()}
    if group.rec is not None:
        rows.add(group.rec.row)
    return sorted(rows)


Entry = tuple[Label | None, str, Group]  # a recommendation cell's label, text and rows


def _number(label: Label | None, next_no: int, rec: Cell | None, log: IssueLog) -> int:
    """The rec_no of an entry (its recommendation cell ``rec``): its printed number, else the
    next by position."""
    if label is None or label.part is not None or label.letter is not None:
        # "1.1", "2.4" are recommendations in their own right, numbered by position (the
        # printed label is their rec_id); letters outside a stem number by position too
        return next_no
    if label.number != next_no:
        log.warning(
            "numbering",
            f"recommendation labelled {label.printed!r} where {next_no} was expected; "
            "the label is kept",
            row=rec.row if rec else None,
            table=rec.table if rec else None,
        )
    return label.number


def _is_part(entry: Entry) -> bool:
    label = entry[0]
    return label is None or label.letter is not None


def _parts(entries: list[Entry], i: int) -> tuple[str, list[tuple[str | None, str, Group]]] | None:
    """(stem, [(letter, text, rows), ...]) when entry ``i`` is a numbered stem with parts.

    The parts are the entries after it that carry a letter ("(a)", "b)", in the label or the
    Ref column) or no label at all, up to the next numbered recommendation. They are parts
    when any carries a letter, when the stem ends by introducing them ("... by:"), or when the
    stem's own cell holds the first part after its colon and a numbered recommendation follows
    the unlabelled rows.
    """
    label, text, group = entries[i]
    if label is None or label.letter is not None or label.part is not None:
        return None
    n = 0
    while i + 1 + n < len(entries) and _is_part(entries[i + 1 + n]):
        n += 1
    followers = entries[i + 1 : i + 1 + n]
    if not followers:
        return None
    lettered = followers[0][0] is not None  # "(a)" right after the stem
    split = split_stem(text)
    closed = i + 1 + n < len(entries)
    if not (lettered or introduces_parts(text) or (split is not None and closed)):
        return None
    members = [(f[0].letter if f[0] else None, f[1], f[2]) for f in followers]
    if split is not None and not introduces_parts(text):
        return split[0], [(None, split[1], group), *members]
    if group.rows:  # the stem's own row holds actions: they belong to its first part
        first_letter, first_text, first = members[0]
        merged = Group(first.rec, [*group.rows, *first.rows], first.from_heading)
        members[0] = (first_letter, first_text, merged)
    return text, members


def _part_drafts(no: int, label: Label, stem: str, members, log: IssueLog) -> list[RecDraft]:
    drafts = []
    letters = [letter or part_letter(index) for index, (letter, _, _) in enumerate(members)]
    for index, ((_, part_text, part_group), letter) in enumerate(
        zip(members, letters, strict=True)
    ):
        drafts.append(
            RecDraft(
                rec_id=f"{no}{letter}",
                rec_no=no,
                rec_part=letter,
                rec_label=label.printed if index == 0 else None,
                stem=stem,
                text=part_text,
                source_row=part_group.rec.row if part_group.rec else None,
                source_rows=_rec_rows(part_group),
                source_table=part_group.rec.table if part_group.rec else None,
                rows=part_group.rows,
            )
        )
    log.info(
        "stem_with_parts",
        f"recommendation {no} is a stem with {len(members)} parts "
        f"({no}{letters[0]}-{no}{letters[-1]})",
        row=drafts[0].source_row,
        table=drafts[0].source_table,
    )
    return drafts


def number_recommendations(collected: Collected, reference, log: IssueLog) -> list[RecDraft]:
    entries = _entries(collected, reference, log)
    drafts: list[RecDraft] = []
    next_no = 1
    i = 0
    while i < len(entries):
        label, text, group = entries[i]
        row = group.rec.row if group.rec else None
        no = _number(label, next_no, group.rec, log)
        parts = _parts(entries, i)
        if parts is not None and label is not None:
            stem, members = parts
            drafts += _part_drafts(no, label, stem, members, log)
            i += 1 + len(members) - (1 if members[0][2] is group else 0)
        else:
            dotted = label is not None and label.part is not None
            drafts.append(
                RecDraft(
                    rec_id=f"{label.number}.{label.part}" if label and dotted else str(no),
                    rec_no=no,
                    rec_part=None,
                    rec_label=label.printed if label else None,
                    stem=None,
                    text=text,
                    source_row=row,
                    source_rows=_rec_rows(group),
                    rows=group.rows,
                    title=group.title,
                    source_table=group.rec.table if group.rec else None,
                )
            )
            if label is None and group.rec is not None:
                log.info(
                    "numbered_by_position",
                    f"recommendation has no number; numbered {no} by position",
                    row=row,
                    table=group.rec.table,
                )
            i += 1
        next_no = no + 1
    return drafts


def build_actions(
    recs: list[RecDraft], *, reference, legend: dict[str, str], log: IssueLog
) -> list[tuple[RecDraft, int, ActionDraft]]:
    """(recommendation, action_no, action) for every action, numbered within each
    recommendation or part (rec_id)."""
    _status_per_recommendation(recs, log)
    out = []
    counters: dict[str, int] = {}
    first_id: dict[int, str] = {}
    for rec in recs:
        first_id.setdefault(rec.rec_no, rec.rec_id)
    for rec in recs:
        for row in rec.rows:
            for action in divide_action_row(row, reference=reference, legend=legend, log=log):
                counters[rec.rec_id] = counters.get(rec.rec_id, 0) + 1
                _link_reference(action, rec, first_id, log)
                out.append((rec, counters[rec.rec_id], action))
    return out


def _status_cell(row: ActionRow) -> Cell | None:
    return next((seg["status"] for seg in row.segments if "status" in seg), None)


def _status_per_recommendation(recs: list[RecDraft], log: IssueLog) -> None:
    """A status given once per recommendation applies to all of its action rows.

    A tracker rates each recommendation, not each action, when every status in it sits on a
    recommendation's first action row and at least two recommendations leave their later action
    rows unrated (a merged RAG cell, exported). The later rows then take their first row's status,
    with an info issue; a tracker that rates any later row is left as it is.
    """
    rated_later = pattern = 0
    for rec in recs:
        if len(rec.rows) < 2:
            continue
        later = [_status_cell(row) for row in rec.rows[1:]]
        rated_later += sum(cell is not None for cell in later)
        pattern += _status_cell(rec.rows[0]) is not None and all(c is None for c in later)
    if rated_later or pattern < 2:
        return
    for rec in recs:
        first = _status_cell(rec.rows[0]) if rec.rows else None
        if first is None or len(rec.rows) < 2:
            continue
        for row in rec.rows[1:]:
            row.segments[0]["status"] = first
        log.info(
            "status_per_recommendation",
            f"status {first.text!r} is given once for recommendation {rec.rec_id}: "
            f"applied to its {len(rec.rows)} action rows",
            row=first.row,
            table=first.table,
            column=first.column,
        )


def _link_reference(action: ActionDraft, rec: RecDraft, first_id: dict, log: IssueLog) -> None:
    number = cross_reference(action.text)
    if number is None or number == rec.rec_no:
        return
    if number in first_id:
        action.refers_to = first_id[number]
        log.info(
            "cross_reference",
            f"action points to recommendation {number} instead of stating its own",
            row=action.source_row,
            table=action.source_table,
        )
    else:
        log.warning(
            "cross_reference_unresolved",
            f"action points to recommendation {number}, which the plan does not have",
            row=action.source_row,
            table=action.source_table,
        )
