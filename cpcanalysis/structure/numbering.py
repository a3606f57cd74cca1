"""Recommendation labels: "1.", "5.Take", "8. Invest", "R1:", "Recommendation 1 –", "1.1", "a)".

Also: two recommendations merged into one cell ("9.Engage ... 10.Accelerate ..."), and a stem
with parts ("... by: Aligning ..." followed by unnumbered rows that continue the list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LABEL = re.compile(
    r"""^\s*
    (?P<label>
        (?:recommendation|rec\.?)\s*(?P<word_no>\d{1,2})(?:\.(?P<word_part>\d{1,2}))?
      | R(?P<r_no>\d{1,2})(?:\.(?P<r_part>\d{1,2}))?
      | (?P<no>\d{1,2})(?:\.(?P<part>\d{1,2}))?
      | \(?(?P<letter>[a-z])\)
    )
    (?P<sep>\s*[.:)\-–—]\s*|\s+)
    (?=\S)""",
    re.IGNORECASE | re.VERBOSE,
)
# an embedded label that starts a second recommendation inside a cell: "... Council. 10.Accelerate"
_EMBEDDED = re.compile(r"(?<=[.!?])\s+(\d{1,2})\.\s?(?=[A-Z])")
# a stem introduces its parts with a colon: "... programme by: Aligning the budget ..."
_STEM = re.compile(r"^(?P<stem>.{20,}?\w):\s+(?P<first>[A-Z].{15,})$", re.DOTALL)


@dataclass(frozen=True)
class Label:
    printed: str  # the label as printed, e.g. "5." or "R1:"
    number: int
    part: str | None  # "1" of "2.1", or None
    letter: str | None = None  # "a" of "(a)" or "a)": a part, after a numbered stem


def parse_label(text: str) -> tuple[Label | None, str]:
    """Split a leading recommendation label from ``text``: (label or None, text without it).

    A bare number must be followed by a full stop, colon or bracket ("5.Take", "8. Invest"), so
    that "10 year programme" is not read as recommendation 10.
    """
    m = _LABEL.match(text)
    if not m:
        return None, text.strip()
    if m.group("no") is not None and not m.group("sep").strip() and not m.group("part"):
        return None, text.strip()
    printed = text[m.start("label") : m.end("sep")].strip()
    if m.group("letter") is not None:
        letter = m.group("letter").lower()
        return Label(printed, ord(letter) - ord("a") + 1, None, letter), text[m.end() :].strip()
    number = int(m.group("word_no") or m.group("r_no") or m.group("no"))
    part = m.group("word_part") or m.group("r_part") or m.group("part")
    return Label(printed, number, part), text[m.end() :].strip()


def split_merged(text: str) -> list[str]:
    """Pieces of a cell that holds several numbered recommendations, in order.

    A second label counts only when it is the next number after the first ("9. ... 10. ..."),
    so a number inside a sentence is never taken for a recommendation.
    """
    first, _ = parse_label(text)
    if first is None:
        return [text.strip()]
    pieces, start, expected = [], 0, first.number + 1
    for m in _EMBEDDED.finditer(text):
        if int(m.group(1)) == expected:
            pieces.append(text[start : m.start()].strip())
            start = m.start() + len(m.group(0)) - len(m.group(0).lstrip())
            expected += 1
    pieces.append(text[start:].strip())
    return pieces


def split_stem(text: str) -> tuple[str, str] | None:
    """(stem, first part) when a recommendation introduces a list of parts with a colon."""
    m = _STEM.match(text.strip())
    if not m:
        return None
    return m.group("stem").strip() + ":", m.group("first").strip()


def introduces_parts(text: str) -> bool:
    """A recommendation that ends by introducing a list: "Strengthen governance by:"."""
    return len(text) >= 20 and text.rstrip().endswith(":")


def part_letter(index: int) -> str:
    """0 -> 'a', 1 -> 'b', ..."""
    return chr(ord("a") + index)


# "to be addressed through R2 above", "see recommendation 4", "covered under 3, below"
_XREF = re.compile(
    r"""\b(?:address(?:ed)?|covered|picked\ up|dealt\ with|delivered|included|captured|see)
        \b[^.;]{0,40}?
        (?:\b(?:recommendations?|rec\.?)\s*|\bR)(?P<labelled>\d{1,2})\b
      | \b(?:through|under|in|by|via|see)\s+(?P<bare>\d{1,2})\s*,?\s*(?:above|below)\b""",
    re.IGNORECASE | re.VERBOSE,
)


def cross_reference(text: str | None) -> int | None:
    """The recommendation number an action points to instead of stating its own action."""
    if not text:
        return None
    m = _XREF.search(text)
    if m is None:
        return None
    return int(m.group("labelled") or m.group("bare"))
