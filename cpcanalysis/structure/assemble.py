"""From a document's raw rows to recommendation and action records.

Two passes. :func:`collect` walks the rows in order and groups them: a header row sets what each
column is for; a heading, or a new text in the recommendation column, opens a recommendation; a
row with its own action text opens an action row; a row with no recommendation and no action
text continues the row above (merged cells, lists that spilled into the next row); a row whose
every cell starts in lower case and gives no deadline is the tail of the row above, its cells
appended to the cells above. :func:`build` then numbers the recommendations and divides each
action row into actions (see :mod:`cpcanalysis.structure.pairing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cpcanalysis.diagnostics import IssueLog
from cpcanalysis.readers.base import RawDocument, RawRow
from cpcanalysis.structure.roles import detect_roles


@dataclass
class Cell:
    text: str
    row: int
    column: str  # the header as printed


Segment = dict[str, Cell]  # role -> non-empty cell of one physical row


@dataclass
class ActionRow:
    segments: list[Segment]

    @property
    def first_row(self) -> int:
        return min(c.row for seg in self.segments for c in seg.values())


@dataclass
class Group:
    """One recommendation cell or heading (which may hold several merged recommendations)."""

    rec: Cell | None
    rows: list[ActionRow] = field(default_factory=list)
    from_heading: bool = False


@dataclass
class Collected:
    groups: list[Group]
    headings: list[RawRow]  # headings that were not recommendations (titles, group headings)
    header: dict[int, str] | None


def _segment(
    row: RawRow, roles: dict[int, str], headers: tuple[str, ...], log: IssueLog
) -> Segment:
    seg: Segment = {}
    for index, text in enumerate(row.cells):
        text = text.strip()
        if not text:
            continue
        role = roles.get(index)
        column = headers[index] if index < len(headers) else f"column {index + 1}"
        if role is None:
            # a column with no role is kept whole, labelled with its header
            role = "other"
            text = f"{column}: {text}" if column.strip() else text
            if "other" in seg:
                seg["other"] = Cell(f"{seg['other'].text}\n{text}", row.line, "(other)")
                continue
        seg[role] = Cell(text, row.line, column)
    if row.flags:
        log.info(f"row flagged {', '.join(row.flags)} in the source; read as usual", row=row.line)
    return seg


def _is_tail(seg: Segment) -> bool:
    """A row that only finishes the cells above it: every cell starts in lower case."""
    texts = [c.text for role, c in seg.items() if role != "other"]
    return bool(texts) and "deadline" not in seg and all(t[0].islower() for t in texts)


def _append_tail(group: Group, seg: Segment, log: IssueLog) -> None:
    target = group.rows[-1].segments[-1] if group.rows else {}
    for role, cell in seg.items():
        if role == "recommendation" and group.rec is not None:
            group.rec = Cell(f"{group.rec.text} {cell.text}", group.rec.row, group.rec.column)
        elif role in target:
            old = target[role]
            target[role] = Cell(f"{old.text} {cell.text}", old.row, old.column)
        else:
            target[role] = cell
        log.info(
            f"row continues the {role} text of the row above (starts in lower case); joined",
            row=cell.row,
            column=cell.column,
        )


def collect(doc: RawDocument, log: IssueLog) -> Collected:
    roles: dict[int, str] | None = None
    headers: tuple[str, ...] = ()
    pending: list[RawRow] = []
    context: list[RawRow] = []
    groups: list[Group] = []
    for row in doc.rows:
        if row.kind == "heading":
            pending.append(row)
            continue
        mapping = detect_roles(row.cells)
        if mapping is not None:
            if mapping != roles or tuple(row.cells) != headers:
                for index, role in mapping.items():
                    log.info(f"column read as {role}", row=row.line, column=row.cells[index])
            roles, headers = mapping, tuple(row.cells)
            continue
        if roles is None:
            text = " | ".join(c.strip() for c in row.cells if c.strip())
            log.info(f"row before any header row, kept as context: {text}", row=row.line)
            continue
        seg = _segment(row, roles, headers, log)
        if not seg:
            continue
        if pending:
            has_rec_column = "recommendation" in roles.values()
            *earlier, last = pending
            context.extend(earlier)
            if has_rec_column:
                context.append(last)
            else:
                groups.append(Group(Cell(last.cells[0].strip(), last.line, "(heading)"), [], True))
            pending = []
        _place(seg, groups, log)
    context.extend(pending)
    return Collected(groups, context, roles)


def _place(seg: Segment, groups: list[Group], log: IssueLog) -> None:
    if groups and _is_tail(seg):
        _append_tail(groups[-1], seg, log)
        return
    rec = seg.pop("recommendation", None)
    if rec is not None and not (groups and groups[-1].rec and groups[-1].rec.text == rec.text):
        groups.append(Group(rec))
    elif not groups:
        row = next(iter(seg.values())).row
        log.warning("actions before any recommendation: kept under an unnamed one", row=row)
        groups.append(Group(None))
    group = groups[-1]
    if not seg:
        return
    if "action" in seg or not group.rows:
        group.rows.append(ActionRow([seg]))
    else:
        group.rows[-1].segments.append(seg)
        log.info(
            "row has no recommendation or action text: its cells continue the action row above",
            row=next(iter(seg.values())).row,
        )
