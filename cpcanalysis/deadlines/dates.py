"""Date rules: the atoms a deadline is built from, read from a lexeme position.

An atom is one dated thing as written: a day ("31/03/2025", "17th October 2025"), a week
("w/c 3 March 2025"), a month ("Oct 24"), a quarter, half, season or part of a year, a year or a
financial year. Each rule returns the atom with the position after it, or ``None``.
:class:`cpcanalysis.deadlines.grammar.Parser` builds ranges, open-ended and relative deadlines on
top of these rules.
"""

from __future__ import annotations

from dataclasses import replace

from cpcanalysis.deadlines.atoms import Atom, Unreadable, bounds, error_atom
from cpcanalysis.deadlines.lexer import Lexeme
from cpcanalysis.deadlines.model import two_digit_year

DATE_SEPARATORS = frozenset("/.-")


class DateRules:
    """Reads atoms from a phrase's lexemes. ``strict`` is for free text: no day/month guesses."""

    def __init__(self, lexemes: list[Lexeme], text: str, *, strict: bool = False) -> None:
        self.lx = lexemes
        self.text = text
        self.strict = strict

    # ---- small helpers -------------------------------------------------------------------------
    def role(self, i: int) -> str:
        return self.lx[i].role if 0 <= i < len(self.lx) else ""

    def value(self, i: int) -> str:
        return self.lx[i].value if 0 <= i < len(self.lx) else ""

    def is_sym(self, i: int, chars: frozenset[str] | str) -> bool:
        return self.role(i) == "sym" and self.lx[i].value in chars

    def tight(self, i: int) -> bool:
        """Lexeme ``i`` exists and follows the previous one with no space."""
        return 0 <= i < len(self.lx) and not self.lx[i].gap

    def num(self, i: int, *, digits: tuple[int, ...] = (1, 2), lo: int = 0, hi: int = 9999) -> bool:
        if self.role(i) != "num" or self.lx[i].digits not in digits:
            return False
        return lo <= self.lx[i].number <= hi

    def skip(self, i: int, *roles: str) -> int:
        while self.role(i) in roles:
            i += 1
        return i

    def words(self, first: int, last: int) -> str:
        return self.text[self.lx[first].start : self.lx[last].end]

    # ---- atoms -----------------------------------------------------------------------------------
    def atom(self, i: int) -> tuple[Atom, int] | None:
        role = self.role(i)
        if role == "num":
            return self._numeric(i)
        if role == "month":
            return self._month_first(i)
        if role == "season":
            return self._season(i)
        if role == "part":
            return self._part(i)
        if role in ("quarter", "half", "ordinal", "fy", "calendar_year"):
            return self._indexed_or_year(i)
        if role in ("week_start", "week_end"):
            return self._week(i)
        if role == "academic_year":
            year = self.year(i + 1, short_fy=True)
            if year is not None:
                return error_atom("academic years are not read (September to August?)"), year[2]
        return None

    def year(self, i: int, *, yy: bool = False, short_fy: bool = False) -> tuple | None:
        """A year at ``i``: (year, basis, next) or (None, error message, next) or None.

        Financial years: "2024/25", "2024-25", "2024/2025", "FY 2024/25", "FY24/25"; calendar:
        "2025", "calendar year 2025"; with ``yy``, two-digit "25" and "'25" (2025).
        """
        if self.role(i) == "fy":
            j = self.skip(i + 1, "sym") if self.is_sym(i + 1, ":") else i + 1
            fy = self._fy_digits(j, short=True)
            if fy is not None:
                return fy[0], "financial", fy[1]
            if self.num(j, digits=(2, 4)):
                what = self.words(i, j)
                return None, f"{what!r} could mean either financial year it touches", j + 1
            return None
        if self.role(i) == "calendar_year" and self.num(i + 1, digits=(4,)):
            return self.lx[i + 1].number, "calendar", i + 2
        fy = self._fy_digits(i, short=short_fy)
        if fy is not None:
            j = fy[1] + 1 if self.role(fy[1]) == "fy" else fy[1]
            if self.role(j) == "academic_year":
                return None, "academic years are not read (September to August?)", j + 1
            return fy[0], "financial", j
        lex = self.lx[i] if 0 <= i < len(self.lx) else None
        if lex is None or lex.role != "num" or lex.ordinal:
            return None
        if lex.digits == 4 and 1000 <= lex.number <= 2999:
            return lex.number, "calendar", i + 1
        if yy and (lex.digits == 2 or lex.apostrophe):
            return two_digit_year(lex.number), "calendar", i + 1
        return None

    def _fy_digits(self, i: int, *, short: bool) -> tuple[int, int] | None:
        """ "2024/25", "2024-2025", "2024/5" (and "24/25" when ``short``): (first year, next)."""
        if not self.num(i, digits=(4, 2) if short else (4,)) or self.lx[i].ordinal:
            return None
        if not self.is_sym(i + 1, "/-") or not self.num(i + 2, digits=(1, 2, 4)):
            return None
        if self.is_sym(i + 3, DATE_SEPARATORS) and self.tight(i + 3) and self.num(i + 4):
            return None  # a day-first date, "24/12/2025"
        first = self.lx[i].number
        if self.lx[i].digits == 2:
            if self.lx[i + 2].digits != 2:
                return None
            first = two_digit_year(first)
        second, width = self.lx[i + 2].number, self.lx[i + 2].digits
        if second != (first + 1) % (10**width if width < 4 else 10**6):
            return None
        return first, i + 3

    def _numeric(self, i: int) -> tuple[Atom, int] | None:
        lex = self.lx[i]
        if lex.ordinal and self.role(i + 1) in ("quarter", "half"):
            return self._indexed_or_year(i)
        iso = self._numeric_date(i, year_first=True) or self._numeric_date(i, year_first=False)
        if iso is not None:
            return iso
        year = self.year(i)
        if year is not None:
            return self._year_atom(year, i)
        sep = i + 1
        if (
            self.num(i, lo=1, hi=12)
            and self.is_sym(sep, DATE_SEPARATORS)
            and self.tight(sep)
            and self.tight(sep + 1)
            and self.num(sep + 1, digits=(4,))
        ):
            return Atom("month", self.lx[sep + 1].number, month=lex.number), sep + 2
        return self._day_first(i) or self._day_month(i)

    def _numeric_date(self, i: int, *, year_first: bool) -> tuple[Atom, int] | None:
        """ "2025-03-31" (ISO, maybe with a time) or "31/03/2025", "31.03.25", "31-3-2025"."""
        first, sep, middle, sep2, last = i, i + 1, i + 2, i + 3, i + 4
        widths = ((4,), (1, 2), (1, 2)) if year_first else ((1, 2), (1, 2), (2, 4))
        if not (
            self.num(first, digits=widths[0])
            and self.is_sym(sep, DATE_SEPARATORS)
            and self.num(middle, digits=widths[1])
            and self.is_sym(sep2, self.value(sep))
            and self.num(last, digits=widths[2])
            and all(self.tight(k) for k in (sep, middle, sep2, last))
        ):
            return None
        a, m, b = (self.lx[k].number for k in (first, middle, last))
        year, day = (a, b) if year_first else (b if self.lx[last].digits == 4 else None, a)
        if year is None:
            year = two_digit_year(b)
        j = self._time(last + 1)
        if not 1 <= m <= 12:
            what = self.words(first, last)
            return error_atom(f"{what!r} is not a day-first date (month {m})"), j
        return Atom("day", year, month=m, day=day), j

    def _time(self, i: int) -> int:
        """Skip a time of day after a date ("2025-03-31 00:00:00", "...T09:30")."""
        j = i + 1 if self.role(i) == "cue" and self.value(i) == "t" and self.tight(i) else i
        if self.num(j) and self.is_sym(j + 1, ":") and self.num(j + 2, digits=(2,)):
            j += 3
            while self.is_sym(j, ":.") and self.num(j + 1, digits=(2, 3, 4, 5, 6)):
                j += 2
            return j
        return i

    def _day_first(self, i: int) -> tuple[Atom, int] | None:
        """ "17th October 2025", "3 March 2025", "31-Mar-25", "1st of April"."""
        if not self.num(i, lo=1, hi=31):
            return None
        j = i + 1
        if self.is_sym(j, DATE_SEPARATORS) and self.tight(j):
            j += 1
        j = self.skip(j, "of")
        if self.role(j) != "month":
            return None
        month_lex = self.lx[j]
        j += 1
        if self.is_sym(j, ".") and self.tight(j):
            j += 1
        if self.is_sym(j, DATE_SEPARATORS | {","}):
            j += 1
        year = self.year(j, yy=True)
        notes = (month_lex.note,) if month_lex.note else ()
        atom = Atom("day", None, month=int(month_lex.value), day=self.lx[i].number, notes=notes)
        if year is None or year[0] is None:
            return self._valid_day(atom), j if year is None else year[2]
        return self._valid_day(replace(atom, year=year[0])), self._time(year[2])

    def _day_month(self, i: int) -> tuple[Atom, int] | None:
        """ "31/03" (a day with no year) or "24/25" (a financial year), outside free text only."""
        if self.strict or not (self.num(i) and self.is_sym(i + 1, "/") and self.num(i + 2)):
            return None
        if not (self.tight(i + 1) and self.tight(i + 2)):
            return None
        a, b = self.lx[i].number, self.lx[i + 2].number
        if 1 <= a <= 31 and 1 <= b <= 12:
            return self._valid_day(Atom("day", None, month=b, day=a)), i + 3
        fy = self._fy_digits(i, short=True)
        if fy is not None:
            note = f"{self.words(i, i + 2)!r} read as financial year {fy[0]}/{str(fy[0] + 1)[2:]}"
            return Atom("financial_year", fy[0], basis="financial", notes=(note,)), fy[1]
        return None

    @staticmethod
    def _valid_day(atom: Atom) -> Atom:
        try:
            bounds(atom, atom.year if atom.year is not None else 2000)
        except Unreadable as exc:
            return error_atom(str(exc))
        return atom

    def _month_first(self, i: int) -> tuple[Atom, int] | None:
        """ "March 2025", "Oct 24", "Mar-25", "Sept. 2025", "March 31st 2025", "March"."""
        lex = self.lx[i]
        month, notes = int(lex.value), ((lex.note,) if lex.note else ())
        j = i + 1
        if self.is_sym(j, ".") and self.tight(j):
            j += 1
        if self.num(j, lo=1, hi=31):
            k = j + 2 if self.is_sym(j + 1, ",") else j + 1
            year = self.year(k)
            if self.lx[j].ordinal or (year is not None and year[0] is not None):
                atom = Atom("day", None, month=month, day=self.lx[j].number, notes=notes)
                if year is None or year[0] is None or year[1] != "calendar":
                    return self._valid_day(atom), j + 1
                return self._valid_day(replace(atom, year=year[0])), self._time(year[2])
        if (self.is_sym(j, "-") and self.tight(j)) or self.is_sym(j, ","):
            j += 1
        year = self.year(j, yy=True)
        if year is None:
            return Atom("month", None, month=month, notes=notes), i + 1
        if year[0] is None:
            return error_atom(year[1]), year[2]
        if year[1] == "financial":
            in_year = year[0] + (1 if month < 4 else 0)
            note = f"month of financial year {year[0]}/{str(year[0] + 1)[2:]} read as {in_year}"
            return Atom("month", in_year, month=month, notes=(*notes, note)), year[2]
        return Atom("month", year[0], month=month, notes=notes), year[2]

    def _season(self, i: int) -> tuple[Atom, int] | None:
        name = self.value(i)
        j = i + 2 if self.is_sym(i + 1, "-") and self.tight(i + 1) else i + 1
        j = self.skip(j, "of")
        year = self.year(j, yy=True, short_fy=True)
        if year is None:
            return Atom("season", None, name=name), i + 1
        if year[0] is None:
            return error_atom(year[1]), year[2]
        notes: tuple[str, ...] = ()
        if name.endswith("_term"):
            notes = (f"{self.words(i, i)!r} read as the school term",)
        if year[1] == "financial":
            if name != "winter" and not name.endswith("_term"):
                what = self.words(i, year[2] - 1)
                return error_atom(f"{what!r} is ambiguous: financial or academic year"), year[2]
            basis = "academic" if name.endswith("_term") else "financial"
            return Atom("season", year[0], basis=basis, name=name, notes=notes), year[2]
        if name == "winter":
            notes = (f"winter {year[0]} read as December {year[0]} to February {year[0] + 1}",)
        return Atom("season", year[0], name=name, notes=notes), year[2]

    def _part(self, i: int) -> tuple[Atom, int] | None:
        """ "early 2025", "mid-2025", "late 2025/26", "end of 2025", "End November 2024"."""
        part, word = self.value(i), self.words(i, i)
        j = i + 2 if self.is_sym(i + 1, "-") and self.tight(i + 1) else i + 1
        j = self.skip(j, "of", "the")
        year = self.year(j, yy=True, short_fy=True)
        if year is not None:
            if year[0] is None:
                return error_atom(year[1]), year[2]
            if part == "end":
                unit = "year" if year[1] == "calendar" else "financial_year"
                return Atom(unit, year[0], basis=year[1]), year[2]
            return Atom("part", year[0], basis=year[1], name=part), year[2]
        inner = self.atom(j) if self.role(j) != "part" else None
        if inner is not None:
            atom, k = inner
            if part != "end" and atom.unit != "error":
                what = atom.unit.replace("_", " ")
                note = f"{word!r} does not narrow a {what}: read as the whole {what}"
                atom = replace(atom, notes=(*atom.notes, note))
            return atom, k
        k = i + 1  # "early-mid 2025", "mid to late 2025": the first part takes the year later
        joined = self.is_sym(k, "-") or self.role(k) == "range"
        if joined and part != "end" and self.role(k + 1) == "part" and self.value(k + 1) != "end":
            return Atom("part", None, name=part), k
        return None

    def _index(self, i: int) -> tuple[str, int, int] | None:
        """ "Q3", "Qtr 3", "Quarter 3", "3rd quarter", "third quarter", "H1", "first half"."""
        role = self.role(i)
        if role in ("quarter", "half"):
            unit = role
            if self.num(i + 1, digits=(1,)) and (self.tight(i + 1) or len(self.value(i)) > 1):
                return unit, self.lx[i + 1].number, i + 2
            if self.role(i + 1) == "numword":
                return unit, int(self.value(i + 1)), i + 2
            return None
        if role == "ordinal" or (role == "num" and self.lx[i].ordinal):
            unit = self.role(i + 1)
            if unit in ("quarter", "half"):
                return unit, int(self.value(i)), i + 2
        return None

    def _indexed_or_year(self, i: int) -> tuple[Atom, int] | None:
        index = self._index(i)
        if index is None:
            year = self.year(i)
            return self._year_atom(year, i) if year is not None else None
        unit, number, j = index
        k = self.skip(j, "of", "the", "in")
        if self.is_sym(k, ",") or (self.is_sym(k, "-") and self.year(k + 1, short_fy=True)):
            k += 1
        year = self.year(k, short_fy=True)
        if not 1 <= number <= (4 if unit == "quarter" else 2):
            end = year[2] if year is not None else j
            return error_atom(f"{self.words(i, j - 1)!r} is not a {unit} of a year"), end
        return self._indexed(unit, number, year, j)

    def _indexed(self, unit: str, number: int, year: tuple | None, j: int) -> tuple[Atom, int]:
        if year is None:
            return Atom(unit, None, basis="financial", basis_given=False, name=str(number)), j
        if year[0] is None:
            return error_atom(year[1]), year[2]
        notes: tuple[str, ...] = ()
        if unit == "quarter" and year[1] == "calendar":
            notes = (f"Q{number} {year[0]} read as a calendar quarter",)
        return Atom(unit, year[0], basis=year[1], name=str(number), notes=notes), year[2]

    def _year_atom(self, year: tuple, i: int) -> tuple[Atom, int]:
        """A year or financial year, or the quarter/half it is followed by ("2024/25 Q4")."""
        if year[0] is None:
            return error_atom(year[1]), year[2]
        k = year[2]
        if self.is_sym(k, "-,") and self._index(k + 1) is not None:
            after = self._index(k + 1)
            assert after is not None
            if self.year(self.skip(after[2], "of", "the"), short_fy=True) is None:
                k += 1  # "2025/26 - Q3" is Q3 of 2025/26, not a range to a yearless Q3
        if self.is_sym(k, "(") and self._index(k + 1) is not None:
            inner = self._index(k + 1)
            assert inner is not None
            if self.is_sym(inner[2], ")"):
                k += 1  # "2025/26 (Q2)" is Q2 of 2025/26
        index = self._index(k)
        if index is not None and 1 <= index[1] <= (4 if index[0] == "quarter" else 2):
            end = (
                index[2] + 1 if self.is_sym(k - 1, "(") and self.is_sym(index[2], ")") else index[2]
            )
            return self._indexed(index[0], index[1], year, index[2])[0], end
        unit = "financial_year" if year[1] == "financial" else "year"
        return Atom(unit, year[0], basis=year[1]), year[2]

    def _week(self, i: int) -> tuple[Atom, int] | None:
        j = self.skip(i + 1, "sym", "cue")
        found = self._numeric(j) if self.role(j) == "num" else self.atom(j)
        if found is None or found[0].unit != "day":
            return None
        name = "start" if self.role(i) == "week_start" else "end"
        return replace(found[0], unit="week", name=name), found[1]
