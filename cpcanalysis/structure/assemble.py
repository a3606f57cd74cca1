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

import re
from dataclasses import dataclass, field, replace

from cpcanalysis.issues import IssueLog
from cpcanalysis.readers.contract import RawDocument, RawRow
from cpcanalysis.structure.numbering import parse_label
from cpcanalysis.structure.roles import detect_roles, role_of


@dataclass
class Cell:
    text: str
    row: int
    column: str  # the header as printed
    table: str | None = None  # the reader's name of the row's table (rows number within it)


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
    ref: Cell | None = None  # the Ref / No. cell of a recommendation's own row (no action)
    title: str | None = None  # a short title printed with the label, the text below it


@dataclass
class Collected:
    groups: list[Group]
    headings: list[RawRow]  # headings that were not recommendations (titles, group headings)
    header: dict[int, str] | None
    tables: frozenset[str | None] = frozenset()  # the tables whose rows were read as the plan


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
                seg["other"] = Cell(f"{seg['other'].text}\n{text}", row.line, "(other)", row.table)
                continue
        seg[role] = Cell(text, row.line, column, row.table)
    if row.flags:
        log.info(
            "flagged_row",
            f"row flagged {', '.join(row.flags)} in the source; read as usual",
            row=row.line,
            table=row.table,
        )
    return seg


def _is_section_row(row: RawRow, roles: dict[int, str]) -> bool:
    """A row whose only text is its first cell, in a table of three or more columns with no
    recommendation column: a full-width row that lost its span (CSV, markdown), read as a
    heading."""
    if "recommendation" in roles.values() or len(roles) < 3:
        return False
    filled = [i for i, cell in enumerate(row.cells) if cell.strip()]
    return filled == [0]


def _is_tail(seg: Segment) -> bool:
    """A row that only finishes the cells above it: every cell starts in lower case."""
    texts = [c.text for role, c in seg.items() if role not in ("other", "section")]
    return bool(texts) and "deadline" not in seg and all(t[0].islower() for t in texts)


def _append_tail(group: Group, seg: Segment, log: IssueLog) -> None:
    target = group.rows[-1].segments[-1] if group.rows else {}
    for role, cell in seg.items():
        if role == "recommendation" and group.rec is not None:
            group.rec = replace(group.rec, text=f"{group.rec.text} {cell.text}")
        elif role in target:
            old = target[role]
            target[role] = replace(old, text=f"{old.text} {cell.text}")
        else:
            target[role] = cell
        log.info(
            "tail_joined",
            f"row continues the {role} text of the row above (starts in lower case); joined",
            row=cell.row,
            table=cell.table,
            column=cell.column,
        )


_SECTION_OWNER = re.compile(
    r"^\s*(?P<role>[A-Za-z][A-Za-z ]{1,30}?)\s*[:\-–]\s*(?P<name>\S.{0,80})$"
)


def section_owner(text: str) -> tuple[str, str] | None:
    """("sponsor", "Jane Smith") for a grouping heading such as "SRO: Jane Smith"."""
    m = _SECTION_OWNER.match(text)
    if m is None:
        return None
    role = role_of(m.group("role"))
    return (role, m.group("name").strip()) if role in ("lead", "sponsor") else None


@dataclass
class _State:
    roles: dict[int, str] | None = None
    headers: tuple[str, ...] = ()
    pending: list[RawRow] = field(default_factory=list)
    context: list[RawRow] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    current: Group | None = None
    section: RawRow | None = None  # the grouping heading the rows now sit under
    # pending headings met after the first header row, by position in ``pending`` (line numbers
    # cannot tell: a heading's line counts in the page or body, a row's within its table)
    after_header: set[int] = field(default_factory=set)
    # the table the header was read from and its width: a later table with no header of its
    # own and another width is not the plan (a footer's links, a contact table)
    header_table: str | None = None
    header_width: int = 0
    foreign_table: str | None = None
    # the header row just read, while no data row has followed it (a second header row below
    # it is the lower line of a two-line header)
    fresh_header: RawRow | None = None
    # the tables that hold the plan, when a document has several tables with headers (a
    # committee report: a RAG summary, a risk table, the plan, sign-off): None reads all
    plan_tables: frozenset[str] | None = None
    noted_tables: set[str] = field(default_factory=set)
    by_text: dict[str, Group] = field(default_factory=dict)  # recommendation text -> its group
    used_tables: set[str | None] = field(default_factory=set)

    def add_pending(self, row: RawRow) -> None:
        if self.roles is not None:
            self.after_header.add(len(self.pending))
        self.pending.append(row)

    def add_group(self, group: Group) -> None:
        self.groups.append(group)
        if group.rec is not None:
            self.by_text.setdefault(group.rec.text, group)

    def heading_from(self, row: RawRow) -> None:
        self.add_pending(RawRow("heading", (row.cells[0].strip(),), row.line, row.table))


def collect(doc: RawDocument, log: IssueLog, *, header_row: int | None = None) -> Collected:
    """Group a document's rows; ``header_row`` (a manifest hint) names the header's row."""
    state = _State(plan_tables=_plan_tables(doc.rows, header_row))
    for row in doc.rows:
        if _outside_the_plan(row, state, log):
            continue
        if row.kind == "heading":
            _heading_row(row, state, log)
        elif not _header_row(row, state, log, header_row):
            _data_row(row, state, log)
    state.context.extend(state.pending)
    return Collected(state.groups, state.context, state.roles, frozenset(state.used_tables))


# how much a header row says about a table being the plan: its roles, the content roles most
_ROLE_WEIGHT = {"recommendation": 3, "action": 3, "deadline": 2, "lead": 1, "sponsor": 1}


def _header_score(mapping: dict[int, str]) -> int:
    return sum(_ROLE_WEIGHT.get(role, 1) for role in mapping.values())


def _plan_tables(rows: list[RawRow], header_row: int | None) -> frozenset[str] | None:
    """The named tables whose header reads as the plan's: those as good as the best header of
    the document. None when the document has at most one table with a header (nothing to
    choose) or a header-row hint says where the header is."""
    if header_row is not None:
        return None
    scores: dict[str, int] = {}
    for row in rows:
        if row.kind != "row" or row.table is None or row.table in scores:
            continue
        mapping = detect_roles(row.cells)
        if mapping is not None:
            scores[row.table] = _header_score(mapping)
    if len(scores) < 2:
        return None
    best = max(scores.values())
    return frozenset(name for name, score in scores.items() if score >= best - 1)


def _outside_the_plan(row: RawRow, state: _State, log: IssueLog) -> bool:
    """A row of a table that is not the plan (its header reads weaker than the plan's): left
    out, with one note per table."""
    if state.plan_tables is None or row.table is None or row.table in state.plan_tables:
        return False
    if row.table not in state.noted_tables:
        state.noted_tables.add(row.table)
        text = " | ".join(c.strip() for c in row.cells if c.strip())
        log.info(
            "foreign_table",
            f"{row.table} is not the plan (its header names fewer of the plan's columns): "
            f"not read as the plan: {text}",
            row=row.line,
            table=row.table,
        )
    return True


def _heading_row(row: RawRow, state: _State, log: IssueLog) -> None:
    if row.table is None or row.table != state.foreign_table:
        state.add_pending(row)
    else:
        text = row.cells[0]
        log.info(
            "foreign_table",
            f"row of a table that is not the plan: {text}",
            row=row.line,
            table=row.table,
        )


def _header_row(row: RawRow, state: _State, log: IssueLog, header_row: int | None) -> bool:
    """Whether ``row`` is a header row (then it sets the column roles from here on)."""
    if header_row is not None and state.roles is None and row.line != header_row:
        return False
    mapping = detect_roles(row.cells, forced=row.line == header_row)
    if mapping is None:
        return False
    upper = state.fresh_header
    if upper is not None and upper.table == row.table and len(upper.cells) == len(row.cells):
        row = RawRow(row.kind, _two_line_header(upper.cells, row.cells), row.line, row.table)
        mapping = detect_roles(row.cells, forced=True) or mapping
        log.info(
            "two_line_header",
            f"header rows {upper.line} and {row.line} read as one: {' | '.join(row.cells)}",
            row=row.line,
            table=row.table,
        )
    state.fresh_header = row
    if mapping != state.roles or tuple(row.cells) != state.headers:
        for index, role in mapping.items():
            column = row.cells[index]
            log.info(
                "column_role",
                f"column read as {role}",
                row=row.line,
                table=row.table,
                column=column,
            )
    state.roles, state.headers = mapping, tuple(row.cells)
    state.header_table, state.header_width = row.table, len(row.cells)
    state.foreign_table = None
    return True


def _two_line_header(upper: tuple[str, ...], lower: tuple[str, ...]) -> tuple[str, ...]:
    """Each column's heading from a header written over two rows ("Target date" merged over
    "(original)" and "(revised)"): the upper words, then the lower ones where they differ."""
    return tuple(
        a.strip() if b.strip() in ("", a.strip()) else f"{a.strip()} {b.strip()}".strip()
        for a, b in zip(upper, lower, strict=True)
    )


def _data_row(row: RawRow, state: _State, log: IssueLog) -> None:
    """A row that is not a header: context, a heading, a totals row, or the plan's data."""
    state.fresh_header = None
    text = " | ".join(c.strip() for c in row.cells if c.strip())
    if state.roles is not None and _is_foreign(row, state):
        state.foreign_table = row.table
        log.info(
            "foreign_table",
            f"row of a table with no header and {len(row.cells)} columns where the plan has "
            f"{state.header_width}: not read as the plan: {text}",
            row=row.line,
            table=row.table,
        )
        return
    filled = [i for i, cell in enumerate(row.cells) if cell.strip()]
    if state.roles is None:
        if filled == [0]:  # a one-cell row above the first header: a title or a heading
            state.heading_from(row)
        else:
            message = f"row before any header row, kept as context: {text}"
            log.info("before_header", message, row=row.line, table=row.table)
        return
    if filled == [0] and (
        _is_section_row(row, state.roles) or section_owner(row.cells[0]) is not None
    ):
        state.heading_from(row)
        return
    if _is_summary(row, filled):
        log.info(
            "summary_row",
            f"summary row (totals), kept as context: {text}",
            row=row.line,
            table=row.table,
        )
        return
    seg = _segment(row, state.roles, state.headers, log)
    if not seg:
        return
    if state.pending:
        _settle_headings(state, log)
    if state.section is not None:
        _apply_section(seg, state.section)
    _place(seg, state, log)
    state.used_tables.add(row.table)


def _is_foreign(row: RawRow, state: _State) -> bool:
    """A row of another table than the header's, of another width, that had no header."""
    if row.table is None or row.table == state.header_table:
        return False
    return row.table == state.foreign_table or len(row.cells) != state.header_width


# a row that sums the table up instead of holding an action: "Total", "Totals:", "Grand total"
_SUMMARY = re.compile(r"^(?:grand\s+|sub-?\s*)?totals?\b\s*:?", re.IGNORECASE)


def _is_summary(row: RawRow, filled: list[int]) -> bool:
    """A row whose first filled cell is a short "Total" label, and which has other cells."""
    if len(filled) < 2:
        return False
    first = row.cells[filled[0]].strip()
    return len(first) <= 20 and _SUMMARY.match(first) is not None


def _rec_heading(plain: list[RawRow]) -> RawRow | None:
    """The heading that names the recommendation of the table below it.

    The last heading that carries a recommendation label ("R1 –", "Rec 2", "Recommendation 3:")
    wins over prose that follows it (the council's response: "Accepted in full."); without a
    label, the last heading or bold line wins over prose paragraphs; else the last line.
    """
    if not plain:
        return None
    labelled = [h for h in plain if parse_label(h.cells[0])[0] is not None]
    if labelled:
        return labelled[-1]
    styled = [h for h in plain if "paragraph" not in h.flags]
    return styled[-1] if styled else plain[-1]


# a council's reply under a recommendation heading, not the recommendation's text
_RESPONSE = re.compile(
    r"^(?:accepted|agreed|agree\s+(?:with|that|in)|we|the council|(?:council\s+)?response|noted|"
    r"partially)\b",
    re.IGNORECASE,
)
_TITLE_WORDS, _TEXT_WORDS = 5, 8


def _titled_text(heading: RawRow, following: RawRow | None) -> tuple[str, str] | None:
    """(label and text, title) when a labelled heading gives only a short title and the
    paragraph under it is the recommendation ("Recommendation 2 – Financial resilience", then
    "Develop a medium-term financial plan that ...")."""
    if following is None or parse_label(following.cells[0])[0] is not None:
        return None
    label, title = parse_label(heading.cells[0].strip())
    text = following.cells[0].strip()
    if label is None or len(title.split()) > _TITLE_WORDS or title.endswith("."):
        return None
    if len(text.split()) < _TEXT_WORDS or _RESPONSE.match(text):
        return None
    return f"{label.printed} {text}", title


def _settle_headings(state: _State, log: IssueLog) -> None:
    """Headings met since the last data row: recommendation, grouping section, or context."""
    has_rec_column = "recommendation" in (state.roles or {}).values()
    plain = [h for h in state.pending if section_owner(h.cells[0]) is None]
    rec_heading = _rec_heading(plain) if not has_rec_column else None
    # labelled headings between the header and the last one are recommendations with no
    # actions of their own (a recommendation's heading followed straight by the next's)
    empty = {
        id(h)
        for index, h in enumerate(state.pending)
        if rec_heading is not None
        and index in state.after_header
        and h is not rec_heading
        and h in plain
        and parse_label(h.cells[0])[0] is not None
        and state.pending.index(rec_heading) > index
    }
    skip: RawRow | None = None
    for index, heading in enumerate(state.pending):
        if heading is skip:
            continue
        if id(heading) in empty:
            text = heading.cells[0].strip()
            state.add_group(Group(Cell(text, heading.line, "(heading)", heading.table), [], True))
            continue
        if heading is rec_heading:
            following = state.pending[index + 1] if index + 1 < len(state.pending) else None
            titled = _titled_text(heading, following)
            text, title = titled if titled else (heading.cells[0].strip(), None)
            group = Group(
                Cell(text, heading.line, "(heading)", heading.table), [], True, title=title
            )
            if titled and following is not None:
                skip = following
                log.info(
                    "titled_recommendation",
                    f"heading {heading.cells[0].strip()!r} gives the recommendation's title; "
                    "its text is the paragraph below",
                    row=following.line,
                    table=following.table,
                )
            state.add_group(group)
            state.current = group
        elif section_owner(heading.cells[0]) is not None or (
            has_rec_column and index in state.after_header
        ):
            state.section = heading
            log.info(
                "grouping_heading",
                f"grouping heading: {heading.cells[0]}",
                row=heading.line,
                table=heading.table,
            )
        else:
            state.context.append(heading)
    state.pending = []
    state.after_header = set()


def _apply_section(seg: Segment, section: RawRow) -> None:
    text = section.cells[0].strip()
    seg["section"] = Cell(text, section.line, "(heading)", section.table)
    owner = section_owner(text)
    if owner is not None and owner[0] not in seg:
        seg[owner[0]] = Cell(owner[1], section.line, "(heading)", section.table)


def _place(seg: Segment, state: _State, log: IssueLog) -> None:
    groups = state.groups
    if state.current is not None and _is_tail(seg):
        _append_tail(state.current, seg, log)
        return
    rec = seg.pop("recommendation", None)
    if rec is not None and not (
        state.current and state.current.rec and state.current.rec.text == rec.text
    ):
        earlier = state.by_text.get(rec.text)
        if earlier is not None:
            log.info(
                "repeated_recommendation",
                "recommendation repeated further down: its actions are joined to it",
                row=rec.row,
                table=rec.table,
            )
            state.current = earlier
        else:
            state.current = Group(rec)
            state.add_group(state.current)
    elif state.current is None:
        first = next(iter(seg.values()))
        log.warning(
            "unnamed_recommendation",
            "actions before any recommendation: kept under an unnamed one",
            row=first.row,
            table=first.table,
        )
        state.current = Group(None)
        groups.append(state.current)
    group = state.current
    if set(seg) <= {"section", "ref"}:  # a recommendation's own row (a stem): no action
        if "ref" in seg and group.ref is None:
            group.ref = seg["ref"]
        return
    if "action" in seg or not group.rows:
        group.rows.append(ActionRow([seg]))
    else:
        group.rows[-1].segments.append(seg)
        cell = next(iter(seg.values()))
        log.info(
            "continuation_row",
            "row has no recommendation or action text: its cells continue the action row above",
            row=cell.row,
            table=cell.table,
        )
