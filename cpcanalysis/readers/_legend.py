"""A colour legend printed as a line of prose: "Key: Green = complete, Amber = on track, Red = off
track", "RAG: Red - off target; Amber - at risk; Green - on target".

Plans that rate actions by colour often say what the colours mean in a paragraph above the table
rather than on a legend sheet. A line counts as a legend when it pairs two or more colour words
with a meaning each (after "=", ":", "-", "–" or "means"); the meanings are returned as written,
and the loader reads them as statuses (a meaning that names no status is ignored there, with a
note).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

COLOURS = ("red", "amber", "green", "blue", "orange", "grey", "gray", "purple", "black", "yellow")
_PAIR = re.compile(
    rf"""\b(?P<label>{"|".join(COLOURS)})\b\s*
        (?:=|:|–|—|-|\bmeans\b|\bis\b)\s*
        (?P<meaning>[^,;=\n]+?)\s*
        (?=[,;.\n]|\band\s+(?:{"|".join(COLOURS)})\b|\b(?:{"|".join(COLOURS)})\b\s*(?:=|:|–|—|-)|$)""",
    re.IGNORECASE | re.VERBOSE,
)


def legend_in_text(text: str) -> dict[str, str]:
    """Label (as printed) -> meaning (as written) if ``text`` reads as a colour legend, else {}."""
    found: dict[str, str] = {}
    for m in _PAIR.finditer(text):
        meaning = m.group("meaning").strip(" .")
        if meaning and len(meaning) <= 60:
            found.setdefault(m.group("label"), meaning)
    distinct = {label.lower() for label in found}
    return found if len(distinct) >= 2 else {}


def legend_in_lines(lines: Iterable[str]) -> dict[str, str]:
    """The legend printed in a document's lines outside its tables: label -> meaning from every
    line that reads as a legend, the first meaning given for a label winning."""
    legend: dict[str, str] = {}
    for line in lines:
        for label, meaning in legend_in_text(line).items():
            legend.setdefault(label, meaning)
    return legend
