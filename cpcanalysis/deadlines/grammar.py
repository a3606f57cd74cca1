"""The deadline grammar: lexemes in, a sequence of items (dated expressions and status words) out.

Each rule reads from a lexeme position and returns what it recognised with the position after it,
or ``None``. Words no rule uses are left for the reading to report as milestone words.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cpcanalysis.deadlines.atoms import Atom, borrow_year
from cpcanalysis.deadlines.dates import DateRules


@dataclass(frozen=True)
class Span:
    """A range: from the start of ``first`` to the end of ``last``."""

    first: Atom
    last: Atom


@dataclass(frozen=True)
class OpenFrom:
    """Open-ended: from ``since`` (or from just after it, when ``after``), with no end."""

    since: Atom | Span
    after: bool = False
    word: str = ""


@dataclass(frozen=True)
class Before:
    """Due before ``what`` starts."""

    what: Atom | Span


@dataclass(frozen=True)
class Relative:
    """A count of units, within or after an anchor: the reference date, a date, or an event."""

    count: int
    unit: str
    within: bool
    anchor: str  # "reference" | "date" | "event"
    anchor_text: str = ""
    anchor_date: Atom | Span | None = None


@dataclass(frozen=True)
class RelativePeriod:
    """ "next year", "end of the financial year": a period placed by the reference date."""

    which: str  # "this" | "next"
    unit: str  # year | financial_year | quarter | month
    part: str | None = None


@dataclass(frozen=True)
class Status:
    """A word where a date should be: ongoing, complete, a reason for no date (TBC), ..."""

    kind: str  # ongoing | complete | not_complete | marker | recurring | horizon | superseded
    value: str = ""


Expr = Atom | Span | OpenFrom | Before | Relative | RelativePeriod | Status
DATED = (Atom, Span, OpenFrom, Before, Relative, RelativePeriod)


@dataclass(frozen=True)
class Item:
    expr: Expr
    first: int  # lexeme indices, inclusive
    last: int
    complete: bool = False  # a dated item marked complete ("Completed March 2024")
    marks: tuple[str, ...] = ()  # reasons attached to a dated item ("to be confirmed")


_RANGE_SYMS = frozenset("-/")
# roles that carry no meaning of their own: never reported as other words
IGNORED_ROLES = frozenset({"cue", "of", "the", "in", "range", "and", "then", "sym"})


class Parser(DateRules):
    """Reads the items of one phrase: dated expressions built on atoms, and status words."""

    # ---- items ---------------------------------------------------------------------------------
    def items(self) -> list[Item]:
        out: list[Item] = []
        i = 0
        while i < len(self.lx):
            found = self.item(i)
            if found is None:
                i += 1
                continue
            expr, j = found
            out.append(Item(expr, i, j - 1))
            i = j
        return _share_years(out, self)

    def item(self, i: int) -> tuple[Expr, int] | None:
        role = self.role(i)
        status = self._status(i)
        if status is not None:
            return status
        for rule in (self._relative, self._relative_period):
            found = rule(i)
            if found is not None:
                return found
        if role in ("from", "beyond", "before", "between"):
            return self._prefixed(i)
        return self._day_range(i) or self._span(i)

    def _status(self, i: int) -> tuple[Expr, int] | None:
        role = self.role(i)
        if role == "ongoing":
            if self.role(i + 1) == "from":
                since = self._span(i + 2)
                if since is not None and isinstance(since[0], Atom | Span):
                    return OpenFrom(since[0], word="ongoing from"), since[1]
            return Status("ongoing"), i + 1
        if role == "negation" and self.role(i + 1) == "complete":
            return Status("not_complete"), i + 2
        if role in ("complete", "marker", "recurring", "horizon"):
            return Status(role, self.value(i)), i + 1
        if role == "every":
            return self._every(i)
        if role == "superseded":
            return self._superseded(i)
        return None

    def _every(self, i: int) -> tuple[Expr, int] | None:
        """ "every 6 months", "every two years": a recurring deadline."""
        j = i + 1
        if self.num(j, digits=(1, 2)) and not self.lx[j].ordinal:
            count = self.lx[j].number
        elif self.role(j) == "numword":
            count = int(self.value(j))
        else:
            return None
        if self.role(j + 1) != "unit" or count == 0:
            return None
        return Status("recurring", f"every {count} {self.value(j + 1)}s"), j + 2

    def _superseded(self, i: int) -> tuple[Expr, int] | None:
        """ "(revised from Dec 2025)": the date replaced, not a deadline."""
        j = i + 1
        if self.value(i) == "from":
            if self.role(j) != "from":
                return None
            j += 1
        found = self._span(self.skip(j, "the", "of", "cue"))
        # "slipped from Q3 to Q4" is the move itself: read as the range, to the new date
        if found is not None and isinstance(found[0], DATED) and not isinstance(found[0], Span):
            return Status("superseded", self.words(i, found[1] - 1)), found[1]
        return None

    def _prefixed(self, i: int) -> tuple[Expr, int] | None:
        role = self.role(i)
        j = self.skip(i + 1, "the", "of")
        if role == "between":
            first = self.atom(j)
            if first is None or self.role(first[1]) not in ("and", "range"):
                return None
            last = self.atom(first[1] + 1)
            if last is None:
                return None
            return Span(first[0], last[0]), last[1]
        if role == "before" and self.role(j) == "part" and self.value(j) == "end":
            return self._span(j)  # "before the end of March" is "by March"
        found = self._span(j)
        if found is None:
            return None
        expr, k = found
        if role == "before" and isinstance(expr, Atom | Span):
            return Before(expr), k
        if role == "beyond" and isinstance(expr, Atom | Span):
            return OpenFrom(expr, after=True, word=self.words(i, i)), k
        if role == "from" and isinstance(expr, Atom):
            return OpenFrom(expr, word=self.words(i, i)), k
        return expr, k  # "from X to Y" is the range; "from X onwards" already open

    def _span(self, i: int) -> tuple[Expr, int] | None:
        """An atom, a range of two atoms, and an open-ended ending ("onwards", "- ongoing")."""
        found = self.atom(i)
        if found is None:
            return None
        first, j = found
        expr: Atom | Span = first
        if self.is_sym(j, _RANGE_SYMS) or self.role(j) == "range":
            if self.role(j + 1) in ("ongoing", "onwards"):
                return OpenFrom(first, word=self.words(j + 1, j + 1)), j + 2
            last = self.atom(j + 1)
            if last is not None:
                expr, j = Span(first, last[0]), last[1]
        if self.role(j) == "onwards":
            return OpenFrom(expr, word=self.words(j, j)), j + 1
        joined = self.role(j) in ("and", "then", "range") or self.is_sym(j, "-&/,+")
        # "October 2024 and beyond" opens the deadline; "October 2024, after the appeals" is a
        # clause that follows it
        opens = ("ongoing", "onwards") if self.is_sym(j, ",") else ("ongoing", "onwards", "beyond")
        if joined and self.role(j + 1) in opens:
            return OpenFrom(expr, word=self.words(j, j + 1)), j + 2
        k = j + 1 if self.is_sym(j, ",") else j  # "December 2024, then annually"
        if self.role(k) in ("and", "then") and self.role(k + 1) == "recurring":
            return OpenFrom(expr, word=self.words(k, k + 1)), k + 2  # "Sept 2025 then annually"
        if self.is_sym(j, "+") and self.tight(j):
            return OpenFrom(expr, word="+"), j + 1
        return expr, j

    def _day_range(self, i: int) -> tuple[Expr, int] | None:
        """ "1-15 March 2025", "3rd to 7th March 2025": two days of one month."""
        if not self.num(i, lo=1, hi=31):
            return None
        j = i + 1
        if not (self.is_sym(j, "-") or self.role(j) in ("range", "and")):
            return None
        if not self.num(j + 1, lo=1, hi=31):
            return None
        last = self._numeric(j + 1)
        if last is None or last[0].unit != "day":
            return None
        end = last[0]
        start = replace(end, day=self.lx[i].number, notes=())
        return Span(start, end), last[1]

    # ---- relative deadlines ----------------------------------------------------------------------
    def _relative(self, i: int) -> tuple[Expr, int] | None:
        j, within, prefixed = i, False, False
        if self.role(j) == "within":
            j, within, prefixed = j + 1, True, True
        elif self.role(j) == "in":
            j, prefixed = j + 1, True
        if self.num(j, digits=(1, 2, 3)) and not self.lx[j].ordinal:
            count = self.lx[j].number
            j += 1
            if (self.is_sym(j, "-") or self.role(j) == "range") and self.num(j + 1, digits=(1, 2)):
                count, within, j = self.lx[j + 1].number, True, j + 2
        elif self.role(j) == "numword":
            count, j = int(self.value(j)), j + 1
        else:
            return None
        if self.role(j) != "unit" or count == 0:
            return None
        unit = self.value(j)
        j = self.skip(j + 1, "sym", "cue")
        anchor = self._anchor(j)
        if anchor is None:
            if self.strict and not prefixed:
                return None
            return Relative(count, unit, within or not prefixed, "reference"), j
        kind, text, when, k = anchor
        return Relative(count, unit, within, kind, text, when), k

    def _anchor(self, i: int) -> tuple[str, str, Atom | Span | None, int] | None:
        if self.role(i) not in ("of", "from", "beyond") and not (
            self.role(i) == "relword" and self.value(i) == "next"
        ):
            return None
        j = self.skip(i + 1, "the")
        found = self._span(j)
        if found is not None and isinstance(found[0], Atom | Span):
            return "date", self.words(j, found[1] - 1), found[0], found[1]
        k = j
        while self.role(k) in ("anchor", "of", "the", "cue", "relword"):
            k += 1
        if k > j and self.role(k - 1) == "anchor":
            return "reference", self.words(j, k - 1), None, k
        k = j
        while k < len(self.lx) and not self.is_sym(k, ",;()"):
            k += 1
        if k == j:
            return None
        return "event", self.words(j, k - 1), None, k

    def _relative_period(self, i: int) -> tuple[Expr, int] | None:
        j, part = i, None
        if self.role(j) == "part":
            part, j = self.value(j), self.skip(j + 1, "of")
        if self.role(j) == "the" and part is not None:
            which, j = "this", j + 1
            if self.role(j) == "relword":
                which, j = self.value(j), j + 1
        elif self.role(j) == "relword":
            which, j = self.value(j), j + 1
        elif part is not None and self.role(j) in ("fy", "calendar_year", "unit"):
            which = "this"  # "end of financial year", "end of year": the one in progress
            if self.role(j + 1) == "num" or self.is_sym(j + 1, "'"):
                return None  # "end of financial year 2025/26" names its year
        else:
            return None
        role, value = self.role(j), self.value(j)
        if role == "unit" and value in ("year", "month"):
            unit = value
        elif role in ("fy", "quarter", "calendar_year"):
            unit = {"fy": "financial_year", "quarter": "quarter", "calendar_year": "year"}[role]
        else:
            return None
        return RelativePeriod(which, unit, part), j + 1


def _share_years(items: list[Item], parser: Parser) -> list[Item]:
    """ "March and June 2025": a dateless atom takes the year of the dated one listed after it."""
    out = list(items)
    for n in range(len(out) - 2, -1, -1):
        this, nxt = out[n], out[n + 1]
        if not (isinstance(this.expr, Atom) and this.expr.year is None and this.expr.error is None):
            continue
        between = range(this.last + 1, nxt.first)
        if not all(parser.role(k) == "and" or parser.is_sym(k, ",&") for k in between):
            continue
        target = nxt.expr.first if isinstance(nxt.expr, Span) else nxt.expr
        if isinstance(target, Atom) and target.year is not None:
            out[n] = replace(this, expr=borrow_year(this.expr, target, before=True))
    return out
