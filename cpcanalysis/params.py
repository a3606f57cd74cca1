"""What a user gives by hand, read once: the data folder, the as-of date, council names.

The CLI, the library (``slippage.measure``, the report) and the report notebook all read these
values through this module, so each is checked (and explained when wrong) one way. The cheap
checks (:func:`parse_as_of`, :func:`check_data_folder`) run before any kernel starts;
:func:`select_councils` needs the loaded plans, so the report notebook calls it, and a
:class:`~cpcanalysis.errors.ParameterError` raised there reaches the caller unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from rapidfuzz import process

from cpcanalysis.deadlines.model import EARLIEST, LATEST
from cpcanalysis.errors import ParameterError

__all__ = ["check_data_folder", "normal_name", "parse_as_of", "select_councils"]

_MANIFEST = "plans.toml"
_RAW = "raw"


def _as_date(as_of: date | str) -> date:
    if isinstance(as_of, datetime):
        return as_of.date()
    if isinstance(as_of, date):
        return as_of
    if isinstance(as_of, str):
        try:
            return date.fromisoformat(as_of.strip())
        except ValueError:
            pass
    raise ParameterError(
        f"as-of date {as_of!r} is not a date",
        hint="give it as YYYY-MM-DD, e.g. --as-of 2025-03-31",
    )


def parse_as_of(as_of: date | str | None) -> date | None:
    """The date deadlines are judged at: None stays None; a string must be YYYY-MM-DD, and the
    date lie between 1 January 1990 and 31 December 2100 (the dates a deadline can have).

    The one reading of an as-of date given by a user (``slippage.measure``, ``cpcanalysis
    export --slippage --as-of``, the report's ``--as-of``)."""
    if as_of is None:
        return None
    day = _as_date(as_of)
    if not EARLIEST <= day <= LATEST:
        raise ParameterError(
            f"as-of date {day.isoformat()} is outside {EARLIEST.isoformat()} to "
            f"{LATEST.isoformat()}",
            hint="judge deadlines at a date within the range deadlines are read in",
        )
    return day


def check_data_folder(data: str | Path) -> Path:
    """``data`` as a path, refusing a folder that does not exist or holds no plan files.

    A data folder holds ``plans.toml`` (the manifest) and/or plan files under ``raw/``.
    """
    path = Path(data)
    if not path.is_dir():
        raise ParameterError(
            "data folder does not exist" if not path.exists() else "data path is not a folder",
            path=path,
            hint="give the folder that holds plans.toml and raw/",
        )
    raw = path / _RAW
    has_files = raw.is_dir() and any(
        p.is_file() and not p.name.startswith(".") for p in raw.rglob("*")
    )
    if not has_files and not (path / _MANIFEST).is_file():
        raise ParameterError(
            "data folder holds no plan files",
            path=path,
            hint=f"put plan files in {path / _RAW} or list them in {path / _MANIFEST}",
        )
    return path


def normal_name(name: str) -> str:
    return " ".join(name.split()).casefold()


def _match(name: str, known: Sequence[str]) -> str:
    by_normal = {normal_name(k): k for k in known}
    found = by_normal.get(normal_name(name))
    if found is not None:
        return found
    guess = process.extractOne(name, known, score_cutoff=80)
    suggestion = f"did you mean {guess[0]!r}? " if guess else ""
    raise ParameterError(
        f"unknown council {name!r}",
        hint=f"{suggestion}known councils: {', '.join(known)}",
    )


def select_councils(
    known: Iterable[str], councils: Sequence[str] | None = None, focus: str | None = None
) -> tuple[list[str], str | None]:
    """The councils to report on, in sorted order, and the focus council, in their known spelling.

    Names match ignoring case and repeated spaces. ``councils=None`` (or empty) means every known
    council. A focus council that is not among ``councils`` is added to them: the focus view
    compares it with the others.
    """
    known = sorted(set(known))
    if not known:
        raise ParameterError("no councils were loaded", hint="check the data folder's plan files")
    chosen = [_match(name, known) for name in councils] if councils else list(known)
    focus_name = _match(focus, known) if focus else None
    if focus_name is not None and focus_name not in chosen:
        chosen.append(focus_name)
    return sorted(set(chosen)), focus_name
