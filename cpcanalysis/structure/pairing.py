"""Dividing one action row into actions: list cells paired by position.

An action row is one or more physical rows (segments) about the same actions. Its action cell may
list several actions (bullets, lines, or sentences when line breaks were lost); its deadline
cells may list several deadlines, and its owner and update cells several values, run together.
The rules, in order:

1. Deadlines are read per segment with :func:`cpcanalysis.deadlines.parse_deadlines`; K is their
   total count over the segments.
2. Action items come from :func:`lists.split_items`; a single item is split into sentences when
   there are exactly K of them (K > 1).
3. When the items number K, they are paired by position with the deadlines, and each segment's
   owner and update cells are divided into as many parts as it has deadlines (owners by
   :func:`lists.split_owner_groups`, updates by :func:`lists.divide_text`); a cell that will not
   divide is given whole to each of its segment's actions, with an info issue.
4. Otherwise every item shares the row's deadlines: one deadline is shared by all (but an owner
   cell listing exactly one line per item, in a row of one segment, is paired with
   the items line by line); several
   deadlines for one item become one deadline spanning them (a note says so); several items and a
   different number of deadlines are paired by position as far as they go, with a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from cpcanalysis.deadlines import Deadline, parse_deadline, parse_deadlines
from cpcanalysis.issues import IssueLog
from cpcanalysis.status import completion_said, read_status
from cpcanalysis.structure.assemble import ActionRow, Cell, Segment
from cpcanalysis.structure.lists import (
    BULLETS,
    divide_text,
    split_items,
    split_lead_in,
    split_owner_groups,
    split_people,
    split_sentences,
)


@lru_cache(maxsize=16384)
def read_deadline_cell(text: str, reference: date | None) -> tuple[Deadline, ...]:
    """The deadlines of one cell; each distinct phrase is parsed once per process."""
    return tuple(parse_deadlines(text, reference=reference))


@dataclass
class ActionDraft:
    """One action as structure read it; fields named as the ``actions`` table names them, the
    deadlines still parsed objects (:func:`cpcanalysis.structure.document.action_record`
    spreads them into columns)."""

    text: str | None
    deadline: Deadline | None
    deadline_text: str | None
    lead: list[str]
    sponsor: list[str]
    status_text: str | None
    status: str
    update_text: str | None
    revised_deadline: Deadline | None  # the revised-deadline cell, parsed
    revised_deadline_text: str | None
    other_text: str | None
    section: str | None
    source_row: int
    source_rows: list[int] = field(default_factory=list)
    refers_to: str | None = None  # rec_id of the recommendation a cross-reference names
    source_table: str | None = None  # the table source_row numbers within


@dataclass
class _Slot:
    """What one deadline position of a segment carries."""

    deadline: Deadline | None
    deadline_cell: Cell | None
    lead: list[str]
    sponsor: list[str]
    update: str | None
    segment: Segment


def _owner_parts(cell: Cell | None, k: int, log: IssueLog) -> list[list[str]]:
    if cell is None:
        return [[] for _ in range(k)]
    if k > 1:
        groups = split_owner_groups(cell.text, k)
        if groups is not None:
            return groups
        if len(split_owner_groups(cell.text, 1) or []) == 1 and len(split_people(cell.text)) == 1:
            return [split_people(cell.text) for _ in range(k)]  # one owner for all: shared
        log.info(
            "undivided_cell",
            f"owner cell does not divide into {k} run-together lists; given whole to each action",
            row=cell.row,
            table=cell.table,
            column=cell.column,
        )
    return [split_people(cell.text) for _ in range(k)]


def _update_parts(cell: Cell | None, k: int, log: IssueLog) -> list[str | None]:
    if cell is None:
        return [None] * k
    if k > 1:
        parts = divide_text(cell.text, k)
        if parts is not None:
            divided: list[str | None] = list(parts)
            return divided
        log.info(
            "undivided_cell",
            f"update does not divide into {k} parts; given whole to each action",
            row=cell.row,
            table=cell.table,
            column=cell.column,
        )
    return [cell.text] * k


def _slots(row: ActionRow, reference: date | None, log: IssueLog) -> list[_Slot]:
    slots: list[_Slot] = []
    owners: dict[str, Cell] = {}
    for seg in row.segments:
        # an owner cell left empty in a continuation row is read as merged with the one above
        for role in ("lead", "sponsor"):
            if role in seg:
                owners[role] = seg[role]
        cell = seg.get("deadline")
        found = list(read_deadline_cell(cell.text, reference)) if cell else []
        k = max(1, len(found))
        leads = _owner_parts(owners.get("lead"), k, log)
        sponsors = _owner_parts(owners.get("sponsor"), k, log)
        updates = _update_parts(seg.get("update"), k, log)
        for i in range(k):
            slots.append(
                _Slot(found[i] if found else None, cell, leads[i], sponsors[i], updates[i], seg)
            )
    return slots


def _listed(cell: Cell | None) -> bool:
    """Whether a cell keeps its own list structure (line breaks or bullets)."""
    return cell is not None and ("\n" in cell.text.strip() or any(b in cell.text for b in BULLETS))


def _action_items(
    row: ActionRow, dated: list[_Slot], log: IssueLog
) -> tuple[list[str], Cell | None]:
    k = len(dated)
    cell = next((seg["action"] for seg in row.segments if "action" in seg), None)
    if cell is None:
        return [], None
    lead, listed = split_lead_in(cell.text)
    if lead is not None:
        # the lead-in introduces the actions: kept with each, as the column's other text
        for seg in row.segments:
            if seg.get("action") is cell:
                kept = f"{cell.column}: {lead}"
                if "other" in seg:
                    kept = f"{seg['other'].text}\n{kept}"
                seg["other"] = Cell(kept, cell.row, "(other)")
        log.info(
            "lead_in",
            f"the action cell opens with a lead-in ({lead!r}): not an action; kept as other text",
            row=cell.row,
            table=cell.table,
            column=cell.column,
        )
    items = split_items(listed)
    # sentences stand for lost list items only when the dates lost their breaks too: an
    # action of two sentences beside a listed dates cell is one action with two milestones
    if len(items) == 1 and k > 1 and not any(_listed(s.deadline_cell) for s in dated):
        sentences = split_sentences(items[0])
        if len(sentences) == k:
            items = sentences
    return items, cell


def _merge_people(groups: list[list[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        for person in group:
            seen.setdefault(person, None)
    return list(seen)


def _join(values: Sequence[str | None]) -> str | None:
    kept: dict[str, None] = {}
    for value in values:
        if value:
            kept.setdefault(value, None)
    return "\n".join(kept) or None


def divide_action_row(
    row: ActionRow, *, reference: date | None, legend: dict[str, str], log: IssueLog
) -> list[ActionDraft]:
    slots = _slots(row, reference, log)
    dated = [s for s in slots if s.deadline is not None]
    items, action_cell = _action_items(row, dated, log)
    pairs: list[_Pair]
    if len(dated) > 1 and len(items) == len(dated):
        pairs = [(i, [slot], _deadlines([slot])) for i, slot in zip(items, dated, strict=True)]
    else:
        pairs = _shared(items, slots, dated, action_cell, log)
    return [
        _draft(item, group, deadlines, action_cell, reference=reference, legend=legend, log=log)
        for item, group, deadlines in pairs
    ]


def _lines(cell: Cell | None) -> list[str]:
    return [line.strip() for line in cell.text.split("\n") if line.strip()] if cell else []


def _line_slots(slot: _Slot, n: int, log: IssueLog) -> list[_Slot] | None:
    """``n`` slots for ``n`` listed actions sharing one deadline, when an owner cell lists one line
    per action (parallel lists in one row): line i goes with action i. None when no owner cell
    lists exactly ``n`` lines. (Update text is not divided so: its paragraphs need not follow
    the actions.)"""
    seg = slot.segment
    parts: dict[str, list[str]] = {}
    for role in ("lead", "sponsor"):
        lines = _lines(seg.get(role))
        if len(lines) == n:
            parts[role] = lines
    if not parts:
        return None
    for role in parts:
        log.info(
            "paired_by_line",
            f"{role} cell lists one line per action: paired with the actions by position",
            row=seg[role].row,
            table=seg[role].table,
            column=seg[role].column,
        )
    return [
        _Slot(
            slot.deadline,
            slot.deadline_cell,
            split_people(parts["lead"][i]) if "lead" in parts else slot.lead,
            split_people(parts["sponsor"][i]) if "sponsor" in parts else slot.sponsor,
            slot.update,
            seg,
        )
        for i in range(n)
    ]


_Pair = tuple[str | None, list[_Slot], list[Deadline]]  # item, its slots, its deadlines


def _deadlines(slots: list[_Slot]) -> list[Deadline]:
    return [s.deadline for s in slots if s.deadline is not None]


def _first_cell(slots: list[_Slot]) -> Cell:
    cell = slots[0].deadline_cell
    assert cell is not None  # a dated slot was read from a deadline cell
    return cell


def _shared(
    items: list[str], slots: list[_Slot], dated: list[_Slot], action_cell: Cell | None, log
) -> list[_Pair]:
    """(item, slots giving owners/status/update, deadlines) when they do not pair one to one."""
    all_deadlines = _deadlines(dated)
    if len(items) > 1 and len(dated) <= 1 and len(slots) == 1:
        lined = _line_slots(slots[0], len(items), log)
        if lined is not None:
            return [(item, [slot], all_deadlines) for item, slot in zip(items, lined, strict=True)]
    no_items: list[str | None] = [None]
    if len(dated) <= 1 or len(items) <= 1:
        if len(dated) > 1:
            log.info(
                "deadlines_spanned",
                f"{len(dated)} deadlines for one action: read as one deadline spanning them",
                row=_first_cell(dated).row,
                table=_first_cell(dated).table,
                column=_first_cell(dated).column,
            )
        return [(item, slots, all_deadlines) for item in (items or no_items)]
    log.warning(
        "list_lengths",
        f"{len(items)} actions but {len(dated)} deadlines: paired by position as far as they go",
        row=(action_cell or _first_cell(dated)).row,
        table=(action_cell or _first_cell(dated)).table,
    )
    pairs: list[_Pair] = []
    for i, item in enumerate(items):
        if i >= len(dated):  # more actions than deadlines: context of the last, no deadline
            pairs.append((item, [dated[-1]], []))
        elif i == len(items) - 1:  # the last action takes any deadlines left over
            pairs.append((item, dated[i:], all_deadlines[i:]))
        else:
            pairs.append((item, [dated[i]], [all_deadlines[i]]))
    return pairs


def _note_unreadable(deadline, reading, group: list[_Slot], status_cells: list[Cell], log) -> None:
    """Record a deadline or status that was given but could not be read."""
    cell = next((s.deadline_cell for s in group if s.deadline_cell is not None), None)
    if deadline is not None and deadline.kind == "unknown" and cell is not None:
        log.warning(
            "deadline_unreadable",
            f"deadline {deadline.text!r} could not be read: {deadline.note}",
            row=cell.row,
            table=cell.table,
            column=cell.column,
        )
    if status_cells and reading.status == "unknown":
        log.warning(
            "status_unreadable",
            f"status {status_cells[0].text!r} could not be read"
            + (f": {reading.note}" if reading.note else ""),
            row=status_cells[0].row,
            table=status_cells[0].table,
            column=status_cells[0].column,
        )


def _status_with_update(status: str, update: str | None, cells: list[Cell], log: IssueLog) -> str:
    """An update that says the action's work is done (anywhere in it: "was delivered in March",
    "has been completed"; see :func:`cpcanalysis.status.completion_said`) makes a Green or blank
    status complete; against an Amber, Red or not-started rating it is only flagged."""
    said = completion_said(update)
    if said is None or status == "complete":
        return status
    first = cells[0] if cells else None
    row, table, column = (first.row, first.table, first.column) if first else (None, None, None)
    where = "opens with" if (update or "").lstrip().startswith(said) else "says"
    if status in ("on_track", "unknown"):
        log.info(
            "completion_in_update",
            f"update text {where} {said!r}: status read as complete, not {status}",
            row=row,
            table=table,
            column=column,
        )
        return "complete"
    log.warning(
        "completion_conflict",
        f"update text {where} {said!r} but the status reads {status}; kept",
        row=row,
        table=table,
        column=column,
    )
    return status


def _draft(
    item: str | None,
    group: list[_Slot],
    deadlines: list[Deadline],
    action_cell: Cell | None,
    *,
    reference: date | None,
    legend: dict[str, str],
    log: IssueLog,
) -> ActionDraft:
    cells: list[Cell] = [action_cell] if action_cell else []
    if len(deadlines) == 1:
        deadline, deadline_text = deadlines[0], deadlines[0].text
    elif deadlines:
        deadline_text = " ".join(d.text for d in deadlines)
        deadline = parse_deadline(deadline_text, reference=reference)
    else:
        deadline, deadline_text = None, None
    segments: list[Segment] = []
    for slot in group:
        if not any(slot.segment is s for s in segments):
            segments.append(slot.segment)
    status_cells = [seg["status"] for seg in segments if "status" in seg]
    status_text = _join([c.text for c in status_cells])
    reading = read_status(status_text, legend=legend or None)
    _note_unreadable(deadline, reading, group, status_cells, log)
    update = _join([s.update for s in group])
    if reading.rest:
        update = f"{update}\n{reading.rest}" if update else reading.rest
        log.info(
            "status_spill",
            "status cell holds more than a status; the rest moved to update_text",
            row=status_cells[0].row,
            table=status_cells[0].table,
            column=status_cells[0].column,
        )
    status = _status_with_update(reading.status, update, status_cells or cells, log)
    revised_cell = next(
        (seg["revised_deadline"] for seg in segments if "revised_deadline" in seg), None
    )
    revised = parse_deadline(revised_cell.text, reference=reference) if revised_cell else None
    # a reference column ("Ref", "No.") has no field of its own: kept with the other columns
    refs = [f"{seg['ref'].column}: {seg['ref'].text}" for seg in segments if "ref" in seg]
    other = _join(refs + [seg["other"].text for seg in segments if "other" in seg])
    section = _join([seg["section"].text for seg in segments if "section" in seg])
    for seg in segments:
        cells.extend(seg.values())
    rows = sorted({c.row for c in cells})
    return ActionDraft(
        text=item,
        deadline=deadline,
        deadline_text=deadline_text,
        lead=_merge_people([s.lead for s in group]),
        sponsor=_merge_people([s.sponsor for s in group]),
        status_text=status_text,
        status=status,
        update_text=update,
        revised_deadline=revised,
        revised_deadline_text=revised_cell.text if revised_cell else None,
        other_text=other,
        section=section,
        source_row=action_cell.row if action_cell else rows[0],
        source_rows=rows,
        source_table=(action_cell or min(cells, key=lambda c: c.row)).table,
    )
