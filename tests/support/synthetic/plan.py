"""SYNTHETIC plans and the layouts councils publish them in, as format-neutral documents.

A :class:`Plan` is what a council decided (recommendations, each with its actions). A layout
turns it into a :class:`Document`: a title, headings and tables whose cells are text (or a
``datetime.date`` for a real date cell), with the spreadsheet-ish facts a writer needs: which
cells continue the one above (vertical merges), which rows span the table (full-width), which
row is hidden. Writers render a Document; :mod:`.expected` says what a reader gives back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

Value = str | dt.date


@dataclass(frozen=True)
class Action:
    text: str
    deadline: Value
    owner: str
    status: str
    revised: str = ""


@dataclass(frozen=True)
class Recommendation:
    text: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Plan:
    council: str
    recommendations: tuple[Recommendation, ...]
    numbering: str = "R1:"
    legend: tuple[tuple[str, str], ...] = (
        ("Green", "Complete or on track"),
        ("Amber", "Some slippage"),
        ("Red", "Off track"),
    )

    def label(self, index: int) -> str:
        """Recommendation ``index`` (0-based) with its number in this plan's style."""
        return NUMBERING[self.numbering](index + 1) + self.recommendations[index].text


NUMBERING = {
    "R1:": lambda n: f"R{n}: ",
    "1.1": lambda n: f"1.{n} ",
    "a)": lambda n: f"{'abcdefghijklmnopqrstuvwxyz'[(n - 1) % 26]}) ",
    "Recommendation 1 –": lambda n: f"Recommendation {n} – ",
    "none": lambda n: "",
}


@dataclass(frozen=True)
class Row:
    cells: tuple[Value, ...]
    kind: str = "data"  # "header", "data", or "full" (one cell spanning the table)
    continued: frozenset[int] = frozenset()  # columns whose cell continues the one above
    hidden: bool = False


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]

    @property
    def width(self) -> int:
        return max(len(r.cells) for r in self.rows if r.kind != "full")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple[Heading | Table, ...]
    legend: tuple[tuple[str, str], ...] = ()
    layout: str = ""


def sample_plan(numbering: str = "R1:", size: int = 3) -> Plan:
    """A small invented plan; ``size`` recommendations (cycling through three templates)."""
    templates = (
        (
            "Develop a medium-term financial strategy that closes the budget gap",
            (
                Action(
                    "Agree savings targets with each directorate",
                    "March 2025",
                    "Chief Finance Officer",
                    "Green",
                ),
                Action(
                    "Publish the refreshed strategy",
                    dt.date(2025, 3, 31),
                    "Chief Finance Officer",
                    "Amber",
                    "June 2025",
                ),
            ),
        ),
        (
            "Strengthen member and officer relationships",
            (
                Action(
                    "Run a joint development programme", "Q3 2024/25", "Chief Executive", "Complete"
                ),
            ),
        ),
        (
            "Invest in digital capacity",
            (
                Action("Appoint a head of digital", "Ongoing", "Director of Resources", "Green"),
                Action(
                    "Adopt a digital strategy",
                    "Summer 2025",
                    "Director of Resources",
                    "Red",
                    "Winter 2025",
                ),
                Action("Train staff in new systems", "2025/26", "HR Manager", "Amber"),
            ),
        ),
    )
    recs = []
    for i in range(size):
        text, actions = templates[i % len(templates)]
        suffix = f" ({i // len(templates) + 1})" if i >= len(templates) else ""
        recs.append(Recommendation(text + suffix, actions))
    return Plan("Testshire District Council (synthetic)", tuple(recs), numbering)


HEADER = ("Recommendation", "Action", "Deadline", "Lead officer", "Status")


def _title(plan: Plan) -> str:
    return f"{plan.council}: CPC action plan"


def _hide_last_complete(rows: list[Row]) -> list[Row]:
    """Trackers often hide finished actions: hide the first row whose status is Complete."""
    for i, row in enumerate(rows):
        if row.kind == "data" and "Complete" in row.cells:
            rows[i] = Row(row.cells, row.kind, row.continued, hidden=True)
            break
    return rows


def _one_row_per_action(plan: Plan, merged: bool) -> Document:
    rows = [Row(HEADER, "header")]
    for i, rec in enumerate(plan.recommendations):
        for j, a in enumerate(rec.actions):
            continued = frozenset({0}) if merged and j else frozenset()
            rows.append(
                Row((plan.label(i), a.text, a.deadline, a.owner, a.status), "data", continued)
            )
    return Document(_title(plan), (Table(tuple(_hide_last_complete(rows))),), plan.legend)


def _full_width(plan: Plan) -> Document:
    rows = [Row(HEADER[1:], "header")]
    for i, rec in enumerate(plan.recommendations):
        rows.append(Row((plan.label(i),), "full"))
        rows.extend(Row((a.text, a.deadline, a.owner, a.status)) for a in rec.actions)
    return Document(_title(plan), (Table(tuple(_hide_last_complete(rows))),), plan.legend)


def _headings(plan: Plan) -> Document:
    blocks: list[Heading | Table] = []
    for i, rec in enumerate(plan.recommendations):
        blocks.append(Heading(plan.label(i)))
        rows = [Row(HEADER[1:], "header")]
        rows.extend(Row((a.text, a.deadline, a.owner, a.status)) for a in rec.actions)
        blocks.append(Table(tuple(rows)))
    return Document(_title(plan), tuple(blocks), plan.legend)


def _bulleted(plan: Plan) -> Document:
    rows = [Row(("Recommendation", "Actions", "Timescales", "Lead officer", "Status"), "header")]
    for i, rec in enumerate(plan.recommendations):
        actions = "\n".join(f"• {a.text}" for a in rec.actions)
        dates = "\n".join(as_text(a.deadline) for a in rec.actions)
        owners = "\n".join(dict.fromkeys(a.owner for a in rec.actions))
        rows.append(Row((plan.label(i), actions, dates, owners, rec.actions[0].status)))
    return Document(_title(plan), (Table(tuple(rows)),), plan.legend)


def _by_owner(plan: Plan) -> Document:
    header = ("Recommendation", "Action", "Deadline", "Status")
    rows = [Row(header, "header")]
    owners = dict.fromkeys(a.owner for rec in plan.recommendations for a in rec.actions)
    for owner in owners:
        rows.append(Row((f"SRO: {owner}",), "full"))
        for i, rec in enumerate(plan.recommendations):
            for a in rec.actions:
                if a.owner == owner:
                    rows.append(Row((plan.label(i), a.text, a.deadline, a.status)))
    return Document(_title(plan), (Table(tuple(rows)),), plan.legend)


def _revised(plan: Plan) -> Document:
    header = (
        "Recommendation",
        "Action",
        "Original deadline",
        "Revised deadline",
        "Lead officer",
        "RAG",
    )
    rows = [Row(header, "header")]
    for i, rec in enumerate(plan.recommendations):
        for a in rec.actions:
            rows.append(Row((plan.label(i), a.text, a.deadline, a.revised, a.owner, a.status)))
    return Document(_title(plan), (Table(tuple(rows)),), plan.legend)


LAYOUTS = {
    "repeated": lambda plan: _one_row_per_action(plan, merged=False),
    "merged": lambda plan: _one_row_per_action(plan, merged=True),
    "full_width": _full_width,
    "headings": _headings,
    "bulleted": _bulleted,
    "by_owner": _by_owner,
    "revised": _revised,
}


def layout(plan: Plan, name: str) -> Document:
    """The plan in layout ``name`` (a key of :data:`LAYOUTS`)."""
    document = LAYOUTS[name](plan)
    return Document(document.title, document.blocks, document.legend, name)


def as_text(value: Value) -> str:
    """How a date cell reads once typed as text (UK day-first)."""
    return value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value
