"""Cells that hold several items: bullets, line breaks, numbered items, sentences, names.

Published plans often put a list in one cell; exported to text, its line breaks may be lost so the
items run together. These functions split such cells by rules that say what they rely on, and
return None (never a guess) when the text does not divide as asked. No word is ever dropped:
joining the parts with spaces gives back the cell's words in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import combinations, pairwise

BULLETS = "•●▪◦‣∙·⁃"
_BULLET_SPLIT = re.compile(rf"\s*[{BULLETS}]\s*")
_LINE_ITEM = re.compile(r"^\s*(?:[-*–]|\d{1,2}[.)]|[a-z][.)])\s+", re.MULTILINE)
_NUMBERED_INLINE = re.compile(r"(?:(?<=^)|(?<=\s))\(?(\d{1,2})\)\s+")
# abbreviations after which a full stop does not end a sentence
_ABBREVIATIONS = {
    "e.g",
    "i.e",
    "etc",
    "inc",
    "incl",
    "no",
    "nos",
    "cllr",
    "mr",
    "mrs",
    "ms",
    "dr",
    "vs",
    "approx",
    "st",
    "co",
    "ltd",
    "dept",
    "eg",
    "ie",
}
# capitalised words that often begin a new item when line breaks were lost
_STARTERS = {
    "this",
    "the",
    "to",
    "a",
    "an",
    "all",
    "we",
    "it",
    "complete",
    "completed",
    "work",
    "now",
    "further",
    "next",
    "new",
    "ongoing",
    "awaiting",
    "currently",
    "delays",
    "delayed",
    "agreed",
    "approved",
    "draft",
    "review",
    "plan",
    "plans",
    "initial",
    "following",
    "progress",
    "these",
    "there",
    "our",
    "as",
    "in",
    "on",
}


_LIST_START = re.compile(rf"[{BULLETS}]|\n\s*(?:[-*–]|\d{{1,2}}[.)]|[a-z][.)])\s+")


def split_lead_in(text: str) -> tuple[str | None, str]:
    """(lead-in, list) when a cell opens with a sentence that introduces its list with a colon
    ("To do this we will:", "We accept this recommendation. Over the next year we will:");
    else (None, text). The lead-in is not an action of its own.

    >>> split_lead_in("To do this we will:\\n• Agree a plan\\n• Publish it")
    ('To do this we will:', '• Agree a plan\\n• Publish it')
    """
    start = _LIST_START.search(text)
    if start is None or start.start() == 0:
        return None, text
    lead = text[: start.start()].strip()
    if not lead.endswith(":"):
        return None, text
    return lead, text[start.start() :].strip()


def split_items(text: str) -> list[str]:
    """Items of a list cell: bullet characters, one item per line, or "1) ... 2) ..." numbering.

    A cell with none of these is one item.
    """
    text = text.strip()
    if not text:
        return []
    if any(b in text for b in BULLETS):
        parts = [p.strip() for p in _BULLET_SPLIT.split(text)]
        return [p for p in parts if p]
    if "\n" in text:
        lines = [_LINE_ITEM.sub("", ln, count=1).strip() for ln in text.split("\n")]
        return [ln for ln in lines if ln]
    numbers = list(_NUMBERED_INLINE.finditer(text))
    if (
        len(numbers) >= 2
        and [int(m.group(1)) for m in numbers] == list(range(1, len(numbers) + 1))
        and numbers[0].start() == 0
    ):
        bounds = [m.start() for m in numbers] + [len(text)]
        return [text[a:b].strip() for a, b in pairwise(bounds)]
    return [text]


def _tokens(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"\S+", text))


def _is_sentence_end(token: str) -> bool:
    if not re.search(r"[.!?;]['\"”’)]*$", token):
        return False
    core = token.rstrip(".!?;'\"”’)").lower()
    return core not in _ABBREVIATIONS and not re.fullmatch(r"[a-z]", core)


def _boundaries(text: str) -> list[tuple[int, int]]:
    """Candidate split points (character offset, strength) between words.

    strength 3: after a sentence end, before a capitalised word or a number;
    strength 2: a capitalised common starter ("This", "To") right after a word with no punctuation,
    the typical trace of a lost line break.
    """
    toks = _tokens(text)
    found = []
    for prev, nxt in pairwise(toks):
        word = nxt.group()
        if not (word[0].isupper() or word[0].isdigit()):
            continue
        if _is_sentence_end(prev.group()):
            found.append((nxt.start(), 3))
        elif (
            word.lower().strip(".,;:") in _STARTERS
            and word[0].isupper()
            and re.search(r"[A-Za-z0-9]$", prev.group())
        ):
            found.append((nxt.start(), 2))
    return found


def split_sentences(text: str) -> list[str]:
    cuts = [pos for pos, strength in _boundaries(text) if strength == 3]
    bounds = [0, *cuts, len(text)]
    return [text[a:b].strip() for a, b in pairwise(bounds) if text[a:b].strip()]


def _stems(text: str) -> set[str]:
    words = re.findall(r"[a-z]{3,}", text.lower())
    return {w[:5] for w in words if w not in _COMMON}


_COMMON = {
    "the",
    "and",
    "for",
    "with",
    "that",
    "this",
    "will",
    "are",
    "have",
    "has",
    "been",
    "from",
    "into",
    "which",
    "their",
    "our",
    "all",
    "can",
    "its",
    "was",
    "were",
    "not",
    "council",
    "councils",
    "work",
}


def divide_text(text: str, k: int, targets: Sequence[str] | None = None) -> list[str] | None:
    """Divide ``text`` into ``k`` contiguous parts at the strongest boundaries, or None.

    The strongest tier of boundaries holding at least k-1 candidates is used. When it holds more
    than k-1, ``targets`` (one text per part, e.g. the recommendations the parts answer) choose the
    division whose parts share most words with their targets; without targets, None.
    """
    text = text.strip()
    if k <= 1:
        return [text] if text else None
    cands = _boundaries(text)
    for tier in (3, 2):
        points = sorted(pos for pos, strength in cands if strength >= tier)
        if len(points) < k - 1:
            continue
        if len(points) == k - 1:
            return _cut(text, points)
        if not targets or len(targets) != k or len(points) > 12:
            return None
        target_stems = [_stems(t) for t in targets]
        pieces = _cut(text, points)  # the text between consecutive candidate points
        best: tuple[int, tuple[int, ...]] | None = None
        for chosen in combinations(range(1, len(pieces)), k - 1):
            edges = [0, *chosen, len(pieces)]
            score = sum(
                len(_stems(piece) & target_stems[part])
                for part in range(k)
                for piece in pieces[edges[part] : edges[part + 1]]
            )
            if best is None or score > best[0]:
                best = (score, chosen)
        if best is None or best[0] == 0:
            return None
        return _cut(text, [points[i - 1] for i in best[1]])
    return None


def _cut(text: str, points: list[int]) -> list[str]:
    bounds = [0, *points, len(text)]
    return [text[a:b].strip() for a, b in pairwise(bounds)]


_PERSON_SEP = re.compile(r"\s*(?:/|;|,|\n)\s*")
_CAP_WORD = re.compile(r"^[A-Z][A-Za-z'’.-]*$")
# an owner's title goes on after a line break that follows a dash or an opening bracket, or
# before one that opens with a dash, a closing bracket or a lower-case word ("Chief Executive –
# Joanna Pike" wrapped in its cell)
_WRAPPED = re.compile(r"(?<=[–—\-(:])[ \t]*\n[ \t]*|[ \t]*\n[ \t]*(?=[–—)]|[a-z])")
# "&" joins the parts of one title ("Head of HR & OD", "Director (Planning & Growth)",
# "Cabinet Member for Resources & Corporate Services") unless what follows it opens a title or
# names a person of its own ("Leader & Chief Executive", "Jane Smith & Tom Brown")
_AMPERSAND = re.compile(r"\s*&\s*")
_PORTFOLIO = re.compile(r"\b(?:of|for)\b", re.IGNORECASE)
_TITLE_HEAD = re.compile(
    r"^(?:head|director|chief|leader|deputy|assistant|cabinet|portfolio|executive|strategic|"
    r"monitoring|section\s*151|s151|manager|senior|interim|corporate\s+director)\b",
    re.IGNORECASE,
)


def _split_ampersands(piece: str) -> list[str]:
    """One owner, or several joined by "&", as the title words around each "&" say."""
    parts = _AMPERSAND.split(piece)
    out = [parts[0]]
    for part in parts[1:]:
        left = out[-1]
        in_brackets = left.count("(") > left.count(")")
        one_title = _PORTFOLIO.search(left) and not _TITLE_HEAD.match(part)
        if in_brackets or one_title:
            out[-1] = f"{left} & {part}"
        else:
            out.append(part)
    return out


def _owner_chunks(text: str, separators: re.Pattern[str]) -> list[str]:
    text = _WRAPPED.sub(" ", text.strip())
    chunks = (c.strip() for c in separators.split(text))
    return [p for c in chunks if c for p in _split_ampersands(c) if p]


def split_people(text: str) -> list[str]:
    """People or roles named in one owner cell: "A / B", "A, B", "A; B", one per line, or "A & B"
    where the "&" does not join the words of one title ("Head of HR & OD" is one owner).

    >>> split_people("Director (Planning & Growth) / Leader")
    ['Director (Planning & Growth)', 'Leader']
    >>> split_people("Chief Executive –\\nJoanna Pike")
    ['Chief Executive – Joanna Pike']
    >>> split_people("Jane Smith & Tom Brown")
    ['Jane Smith', 'Tom Brown']
    """
    return _owner_chunks(text, _PERSON_SEP)


_GROUP_SEP = re.compile(r"\s*(?:/|,)\s*")


def split_owner_groups(text: str, k: int) -> list[list[str]] | None:
    """Divide an owner cell holding ``k`` run-together owner lists into k lists of people.

    Slashes, commas and ampersands join people of one list; a bare space between two names
    separates lists ("Dan Wood Dan Wood / Stephen Morris" -> [Dan Wood], [Dan Wood, Stephen
    Morris]). A run of 2n capitalised words with no separator is read as n first-last names. None
    when the cell does not divide into exactly k lists.
    """
    text = text.strip()
    if k == 1:
        return [split_people(text)] if text else None
    if "\n" in text or ";" in text:
        chunks = [c.strip() for c in re.split(r"\n|;", text) if c.strip()]
        if len(chunks) == k:
            return [split_people(c) for c in chunks]
    groups: list[list[str]] = [[]]
    for chunk in _owner_chunks(text, _GROUP_SEP):
        words = chunk.split()
        if not words or not all(_CAP_WORD.match(w) for w in words) or len(words) % 2:
            if len(words) in (1, 3) and all(_CAP_WORD.match(w) for w in words):
                names = [chunk]
            else:
                return None
        else:
            names = [" ".join(words[i : i + 2]) for i in range(0, len(words), 2)]
        groups[-1].append(names[0])
        for name in names[1:]:
            groups.append([name])
    return groups if len(groups) == k else None
