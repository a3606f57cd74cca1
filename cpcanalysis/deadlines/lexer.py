"""Cut a deadline phrase into lexemes: numbers, known words and phrases (with their role), symbols.

Every lexeme keeps its character span in the original text, so that a reading can always say
which words it used and which it did not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cpcanalysis.deadlines.vocabulary import MONTH_NAMES, fuzzy_month, longest_phrase, phrases

_TOKEN = re.compile(
    r"(?P<na>\bn\s?/\s?a\b)"
    r"|(?P<wc>\bw\s?/\s?[cbe]\b)"
    r"|(?P<dotted>\b[^\W\d_](?:\.[^\W\d_]){1,3}(?![^\W\d_])\.?)"
    r"|(?P<num>\d+)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<sym>\S)",
    re.IGNORECASE,
)
_DASHES = dict.fromkeys("‐‑‒–—―−~", "-")
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_WEEK_MARKS = {"c": "week_start", "b": "week_start", "e": "week_end"}


@dataclass(frozen=True)
class Lexeme:
    role: str  # "num", "sym", "word" (unknown word) or a role from words.csv
    value: str  # the number's digits, the symbol, or the role's value
    start: int  # character span in the original text
    end: int
    gap: bool  # whitespace (or the start of the text) before it
    ordinal: bool = False  # a number written "3rd"
    apostrophe: bool = False  # a number written "'25"
    note: str | None = None  # e.g. how a misspelt month was read

    @property
    def number(self) -> int:
        return int(self.value)

    @property
    def digits(self) -> int:
        return len(self.value) if self.role == "num" else 0


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int
    gap: bool


def _tokens(text: str) -> list[_Token]:
    out = []
    last_end = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "sym"
        gap = match.start() == 0 or match.start() > last_end
        out.append(_Token(kind, match.group(), match.start(), match.end(), gap))
        last_end = match.end()
    return out


def lex(text: str) -> list[Lexeme]:
    """The lexemes of ``text``, in order."""
    tokens = _tokens(text)
    table = phrases()
    out: list[Lexeme] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind == "na":
            out.append(Lexeme("marker", "not applicable", tok.start, tok.end, tok.gap))
            i += 1
        elif tok.kind == "wc":
            role = _WEEK_MARKS[tok.text[-1].lower()]
            out.append(Lexeme(role, "", tok.start, tok.end, tok.gap))
            i += 1
        elif tok.kind == "dotted":
            out.append(_dotted(tok, table))
            i += 1
        elif tok.kind == "num":
            i = _number(tokens, i, out)
        elif tok.kind == "word":
            i = _phrase(tokens, i, table, out)
        else:
            out.append(Lexeme("sym", _DASHES.get(tok.text, tok.text), tok.start, tok.end, tok.gap))
            i += 1
    return out


def _number(tokens: list[_Token], i: int, out: list[Lexeme]) -> int:
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    ordinal = (
        nxt is not None
        and not nxt.gap
        and nxt.kind == "word"
        and nxt.text.lower() in _ORDINAL_SUFFIXES
    )
    start, gap, apostrophe = tok.start, tok.gap, False
    prev = out[-1] if out else None
    if (
        prev is not None
        and prev.role == "sym"
        and prev.value in "'’‘"
        and not tok.gap
        and len(tok.text) == 2
        and prev.gap
    ):
        out.pop()  # "'25": the apostrophe belongs to the year
        start, gap, apostrophe = prev.start, prev.gap, True
    end = nxt.end if ordinal and nxt is not None else tok.end
    out.append(Lexeme("num", tok.text, start, end, gap, ordinal=ordinal, apostrophe=apostrophe))
    return i + (2 if ordinal else 1)


def _phrase(tokens: list[_Token], i: int, table: dict, out: list[Lexeme]) -> int:
    """The longest known phrase starting at token ``i`` (words joined by spaces or hyphens)."""
    words: list[str] = []
    ends: list[int] = []  # token index after each word
    j = i
    while j < len(tokens) and len(words) < longest_phrase():
        tok = tokens[j]
        if tok.kind != "word":
            break
        words.append(tok.text.lower())
        ends.append(j + 1)
        k = j + 1
        if (
            k + 1 < len(tokens)
            and tokens[k].text in "-‐‑"
            and not tokens[k].gap
            and not tokens[k + 1].gap
            and tokens[k + 1].kind == "word"
        ):
            k += 1  # "on-going", "business-as-usual"
        j = k
    for n in range(len(words), 0, -1):
        entry = table.get(tuple(words[:n]))
        if entry is not None:
            last = tokens[ends[n - 1] - 1]
            role = "month" if entry.role == "month_misspelt" else entry.role
            note = None
            if entry.role == "month_misspelt":
                note = _misspelt_note(tokens[i].text, int(entry.value))
            value = entry.value or " ".join(words[:n])
            out.append(Lexeme(role, value, tokens[i].start, last.end, tokens[i].gap, note=note))
            return ends[n - 1]
    tok = tokens[i]
    month = fuzzy_month(tok.text.lower())
    if month is not None:
        note = _misspelt_note(tok.text, month)
        out.append(Lexeme("month", str(month), tok.start, tok.end, tok.gap, note=note))
    else:
        out.append(Lexeme("word", tok.text.lower(), tok.start, tok.end, tok.gap))
    return i + 1


def _dotted(tok: _Token, table: dict) -> Lexeme:
    """An abbreviation written with stops ("T.B.C.", "w.e.f."): read as the letters run together
    ("tbc") or spaced ("w e f"), whichever the vocabulary knows; otherwise an unknown word."""
    letters = [c.lower() for c in tok.text if c != "."]
    for key in (("".join(letters),), tuple(letters)):
        entry = table.get(key)
        if entry is not None and entry.role != "month_misspelt":
            value = entry.value or " ".join(key)
            return Lexeme(entry.role, value, tok.start, tok.end, tok.gap)
    return Lexeme("word", tok.text.lower(), tok.start, tok.end, tok.gap)


def _misspelt_note(word: str, month: int) -> str:
    return f"read {word!r} as {MONTH_NAMES[month - 1]}"
