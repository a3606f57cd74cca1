"""The values of one manifest entry, each checked for its type before anything uses it.

Every key of a ``[[documents]]`` entry and of its ``hints`` has one checker here; a value of the
wrong type is refused with one line naming the entry, the key and what was expected
(``entry 2 (wyre-plan) hints.table = 'two' is not a whole number of 1 or more``). An unknown
key is refused with the nearest known one suggested (``asof``: did you mean ``as_of``?).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from cpcanalysis.errors import ManifestError
from cpcanalysis.readers import READERS
from cpcanalysis.schema import DOCUMENT_KINDS

__all__ = ["EntryValues", "check_entry_values", "entry_name"]

REQUIRED = ("plan_id", "council", "document_kind", "path")
_SHOWN = 60  # characters of a refused value quoted in a message


class _Bad(ValueError):
    """A value that is not what its key takes; the message says what is expected."""


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise _Bad("is not text (write it in quotes)")
    return value


def _name(value: object) -> str:
    text = _text(value)
    if not text.strip():
        raise _Bad("is empty")
    return text


def _whole(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Bad("is not a whole number of 1 or more")
    return value


def _date(value: object) -> date:
    """A TOML date, ``YYYY-MM-DD`` or ``YYYY-MM`` (taken as the 1st)."""
    if isinstance(value, datetime):
        raise _Bad("is a date and time; write the date alone (YYYY-MM-DD)")
    if isinstance(value, date):
        return value
    m = (
        re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value.strip())
        if isinstance(value, str)
        else None
    )
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        pass
    raise _Bad("is not a date (write YYYY-MM-DD or YYYY-MM)")


def _kind(value: object) -> str:
    if value not in DOCUMENT_KINDS:
        raise _Bad(f"is not one of {list(DOCUMENT_KINDS)}")
    return str(value)


def _sha256(value: object) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9a-fA-F]{64}", value):
        raise _Bad("is not a SHA-256 (64 hexadecimal digits, in quotes)")
    return value


def _format(value: object) -> str:
    known = sorted(s.lstrip(".") for s in READERS)
    if not isinstance(value, str) or value not in known:
        raise _Bad(f"is not a format read here ({', '.join(known)})")
    return value


def _encoding(value: object) -> str:
    try:
        codecs.lookup(_text(value))
    except LookupError:
        raise _Bad("is not an encoding Python knows (e.g. 'utf-8', 'cp1252')") from None
    return str(value)


def _delimiter(value: object) -> str:
    if not isinstance(value, str) or len(value) != 1 or value in '\r\n"':
        raise _Bad("is not one character (such as ';' or '\\t')")
    return value


def _pages(value: object) -> tuple[int, int]:
    """A page (12) or a range of pages ("12-19"), 1-based."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value, value
    m = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?", value) if isinstance(value, str) else None
    if m:
        first, last = int(m.group(1)), int(m.group(2) or m.group(1))
        if 1 <= first <= last:
            return first, last
    raise _Bad('is not a page or a range of pages, first to last (12, or "12-19")')


def _sheet(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(_whole(value))
    return _name(value)


def _legend(value: object) -> dict[str, str]:
    if not isinstance(value, dict) or not all(
        isinstance(v, str) and k.strip() for k, v in value.items()
    ):
        raise _Bad('is not a table of label = meaning ({ Green = "complete" })')
    return dict(value)


def _day_first(value: object) -> bool:
    if value is not True:
        raise _Bad(
            "is not true: only day-first dates (UK style, 31/03/2025) are read; remove the hint"
        )
    return True


_KEYS: dict[str, Callable[[object], object]] = {
    "plan_id": _name,
    "council": _name,
    "document_kind": _kind,
    "path": _name,
    "council_code": _text,
    "council_type": _text,
    "region": _text,
    "cpc_date": _date,
    "as_of": _date,
    "published": _date,
    "chain": _name,
    "version": _whole,
    "title": _text,
    "sha256": _sha256,
    "notes": _text,
}
_HINTS: dict[str, Callable[[object], object]] = {
    "format": _format,
    "encoding": _encoding,
    "delimiter": _delimiter,
    "sheet": _sheet,
    "table": _whole,
    "pages": _pages,
    "header_row": _whole,
    "max_bytes": _whole,
    "legend": _legend,
    "legend_sheet": _name,
    "day_first": _day_first,
}
_READ_HINTS = (
    "format",
    "encoding",
    "delimiter",
    "sheet",
    "table",
    "pages",
    "header_row",
    "max_bytes",
)


def entry_name(index: int, plan_id: object = None) -> str:
    """How a message names an entry: ``entry 3 (wyre-plan)``."""
    named = f" ({plan_id})" if isinstance(plan_id, str) and plan_id.strip() else ""
    return f"entry {index}{named}"


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


@dataclass(frozen=True)
class Hints:
    kwargs: dict[str, Any] = field(default_factory=dict)  # ReadHints fields, each checked
    extra: dict[str, str] = field(default_factory=dict)
    legend: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EntryValues:
    """An entry's values, each of the type its key takes."""

    index: int
    values: dict[str, object]
    hints: Hints

    def text(self, key: str) -> str:
        return str(self.values[key])

    def optional(self, key: str):
        return self.values.get(key)


def _refuse_unknown(raw: dict, known: dict, what: str, name: str, where: Path) -> None:
    unknown = sorted(str(k) for k in set(raw) - set(known))
    if not unknown:
        return
    guesses = [
        (key, found[0])
        for key in unknown
        if (found := process.extractOne(key, list(known), scorer=fuzz.ratio, score_cutoff=70))
    ]
    said = "; ".join(f"did you mean {g!r} for {k!r}?" for k, g in guesses)
    raise ManifestError(
        f"{name} has unknown {what} {unknown}",
        path=where,
        hint=f"{said + ' ' if said else ''}known {what}: {', '.join(sorted(known))}",
    )


def _checked(raw: dict, checkers: dict, prefix: str, name: str, where: Path) -> dict:
    out = {}
    for key, value in raw.items():
        try:
            out[key] = checkers[key](value)
        except _Bad as bad:
            raise ManifestError(
                f"{name} {prefix}{key} = {_shown(value)} {bad}", path=where
            ) from None
    return out


def _hints(raw: object, name: str, where: Path) -> Hints:
    if raw is None:
        return Hints()
    if not isinstance(raw, dict):
        raise ManifestError(f"{name} hints = {_shown(raw)} is not a table", path=where)
    _refuse_unknown(raw, _HINTS, "hints", name, where)
    values = _checked(raw, _HINTS, "hints.", name, where)
    extra = {"legend_sheet": str(values["legend_sheet"])} if "legend_sheet" in values else {}
    kwargs = {k: values[k] for k in _READ_HINTS if k in values}
    legend: dict[str, str] = values.get("legend", {})
    return Hints(kwargs, extra, legend)


def check_entry_values(raw: object, index: int, where: Path) -> EntryValues:
    """The values of entry ``index`` of the manifest ``where``, each of its key's type."""
    if not isinstance(raw, dict):
        raise ManifestError(
            f"entry {index} is {_shown(raw)}, not a table",
            path=where,
            hint="write each document as a [[documents]] table",
        )
    name = entry_name(index, raw.get("plan_id"))
    _refuse_unknown(raw, {**_KEYS, "hints": None}, "keys", name, where)
    values = _checked({k: v for k, v in raw.items() if k != "hints"}, _KEYS, "", name, where)
    missing = [k for k in REQUIRED if k not in values]
    if missing:
        raise ManifestError(f"{name} lacks {', '.join(missing)}", path=where)
    return EntryValues(index, values, _hints(raw.get("hints"), name, where))
