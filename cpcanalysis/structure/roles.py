"""Header roles: which column holds the recommendation, the action, the deadline, ...

Synonyms live in ``cpcanalysis/data/header_synonyms.csv`` (role, synonym). A header cell matches a
role when its normalised text equals a synonym, or, failing that, when a synonym of two or more
characters occurs in it as whole words ("Quarter 2 update" -> update). Exact matches win.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from cpcanalysis.package_data import data_path

ROLES: tuple[str, ...] = (
    "recommendation",
    "action",
    "deadline",
    "revised_deadline",
    "lead",
    "sponsor",
    "status",
    "update",
    "ref",
)
# a header row must map at least this many columns, one of them a content role
_CONTENT_ROLES = {"recommendation", "action"}
# a second column of these roles takes the next role instead of being left out
_SECOND = {"lead": "sponsor", "deadline": "revised_deadline"}
# headers that name one role when they are alone and another beside a column of that role:
# "Progress" is the status alone, the update text beside a RAG or status column; "Accountable"
# is the owner alone, the senior sponsor beside a "Responsible" or lead column; "Rec" is the
# recommendation alone, its number beside a "Recommendation" column. A header counts
# when its first word is one of these ("Position at April 2024").
_CONTEXTUAL: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"progress", "position"}), "status", "update"),
    (frozenset({"accountable"}), "lead", "sponsor"),
    (frozenset({"rec"}), "recommendation", "ref"),  # "Rec" beside "Recommendation": R1, R2
)


def normalise_header(text: str) -> str:
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9#]+", " ", text)
    return " ".join(text.split())


@cache
def synonyms() -> dict[str, str]:
    """normalised synonym -> role"""
    with data_path("header_synonyms.csv").open(encoding="utf-8", newline="") as handle:
        return {normalise_header(r["synonym"]): r["role"] for r in csv.DictReader(handle)}


def role_of(header: str) -> str | None:
    """The role a header names, or None."""
    norm = normalise_header(header)
    if not norm:
        return None
    table = synonyms()
    if norm in table:
        return table[norm]
    found = _contained_role(norm, table)
    if found == "deadline" and _REVISED.search(norm):
        return "revised_deadline"  # "Target date (revised)", "Deadline – updated"
    return found


_REVISED = re.compile(r"\b(?:revised|updated|amended)\b")


def _contained_role(norm: str, table: dict[str, str]) -> str | None:
    """The role of the longest synonym found as whole words inside the header."""
    best: tuple[int, str] | None = None
    padded = f" {norm} "
    for synonym, role in table.items():
        if (
            len(synonym) > 1
            and f" {synonym} " in padded
            and (best is None or len(synonym) > best[0])
        ):
            best = (len(synonym), role)
    return best[1] if best else None


def _beside_another(
    cells: tuple[str, ...], claims: list[tuple[int, str | None, bool]]
) -> list[tuple[int, str | None, bool]]:
    """Contextual headers (``_CONTEXTUAL``) take their second role when another column holds
    their first role and no column holds the second."""
    for words, alone, beside in _CONTEXTUAL:
        weak = [
            i
            for i, _, _ in claims
            if normalise_header(cells[i]).split(" ")[0] in words and role_of(cells[i]) == alone
        ]
        strong = [i for i, role, _ in claims if role == alone and i not in weak]
        if not weak or not strong or any(role == beside for _, role, _ in claims):
            continue
        claims = [
            (i, beside, True) if i == weak[0] else (i, role, exact) for i, role, exact in claims
        ]
    return claims


def detect_roles(cells: tuple[str, ...], *, forced: bool = False) -> dict[int, str] | None:
    """Column index -> role if ``cells`` reads as a header row, else None.

    A header row maps at least two columns, one of them the recommendation or the action, maps
    at least half of its non-empty cells, and names at least one role exactly. When two columns
    claim one role, the first keeps it, except that a second ``lead`` becomes ``sponsor`` and a
    second ``deadline`` becomes ``revised_deadline``; and a column that names a role only as
    words inside a longer header gives way to a column naming the same role exactly.
    """
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    filled = [cell for cell in cells if cell.strip()]
    if not forced and any(len(cell) > 60 for cell in cells):
        return None  # a header is short; long cells are data
    claims = [
        (index, role_of(cell), normalise_header(cell) in synonyms())
        for index, cell in enumerate(cells)
    ]
    claims = _beside_another(cells, claims)
    exact = sum(is_exact for _, role, is_exact in claims if role is not None)
    # a column named exactly ("Progress update") keeps its role against one that only contains
    # a synonym ("Internal notes"), which is then read as a column with no role
    exact_roles = {role for _, role, is_exact in claims if role is not None and is_exact}
    for index, role, is_exact in claims:
        if role is None or (not is_exact and role in exact_roles and role not in _SECOND):
            continue
        if role in taken:
            role = _SECOND.get(role)
            if role is None or role in taken:
                continue
        mapping[index] = role
        taken.add(role)
    if forced:  # the manifest says this row is the header: take whatever roles it names
        return mapping or None
    # most of a header's cells name roles, and at least one names it exactly
    if len(mapping) >= 2 and taken & _CONTENT_ROLES and exact and 2 * len(mapping) >= len(filled):
        return mapping
    return None
