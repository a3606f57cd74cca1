"""A value that must be one of a few names (an export format, a report format, a command),
refused in one line with the nearest valid name.

The library's ``export(format=...)`` and the CLI's options with choices read through here, so a
wrong choice reads the same from Python and from the command line::

    unknown format 'xls' (did you mean 'xlsx'? choose one of parquet, csv, csv-excel, xlsx)
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import NoReturn

from cpcanalysis.errors import ParameterError

__all__ = ["nearest", "refuse_choice"]


def nearest(given: str, choices: Sequence[str]) -> str | None:
    """The choice closest to ``given`` (ignoring case), or None when none is close.

    >>> nearest("xls", ["parquet", "csv", "xlsx"])
    'xlsx'
    >>> nearest("html5", ["html", "pdf"])
    'html'
    >>> nearest("zzz", ["html", "pdf"]) is None
    True
    """
    by_folded = {choice.casefold(): choice for choice in choices}
    found = difflib.get_close_matches(given.casefold(), list(by_folded), n=1, cutoff=0.5)
    if not found:
        starts = [c for c in choices if c.casefold().startswith(given.casefold()[:2])]
        return starts[0] if given and len(starts) == 1 else None
    return by_folded[found[0]]


def choice_hint(given: str, choices: Sequence[str]) -> str:
    guess = nearest(given, choices)
    suggestion = f"did you mean {guess!r}? " if guess is not None else ""
    return f"{suggestion}choose one of {', '.join(choices)}"


def refuse_choice(what: str, given: object, choices: Sequence[str]) -> NoReturn:
    """Raise the one-line :class:`ParameterError` for ``given``, not among ``choices``."""
    raise ParameterError(f"unknown {what} {given!r}", hint=choice_hint(str(given), choices))
