"""Accepting texts from callers: what counts as a list of texts, and how each is tidied.

Both the classifier and the clustering read their input through :func:`as_texts` and
:func:`tidy`, so they agree on what an empty or over-long text is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import polars as pl

from cpcanalysis.errors import ParameterError

__all__ = ["MAX_CHARS", "as_texts", "tidy", "words"]

# Only the first MAX_CHARS characters of a text are read: real recommendations are under 1,000
# characters, and a pasted document should not cost more than a recommendation.
MAX_CHARS = 5000

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]{2,}")  # runs of two or more letters, any script


def as_texts(texts: Iterable[str | None] | pl.Series) -> list[str | None]:
    """The texts as a list of ``str`` or ``None``, refusing anything that is not text."""
    if isinstance(texts, (str, bytes)):
        msg = "texts must be a list of strings, not a single string"
        raise ParameterError(msg, hint="wrap it in a list: [text]")
    if isinstance(texts, pl.Series):
        if texts.dtype not in (pl.String, pl.Null, pl.Categorical, pl.Enum):
            msg = f"texts series {texts.name!r} has dtype {texts.dtype}, expected String"
            raise ParameterError(msg)
        return texts.cast(pl.String).to_list()
    try:
        items = list(texts)
    except TypeError:
        msg = f"texts must be a list of strings, got {type(texts).__name__}"
        raise ParameterError(msg) from None
    for i, item in enumerate(items):
        if item is not None and not isinstance(item, str):
            msg = f"texts[{i}] is a {type(item).__name__}, expected a string or None"
            raise ParameterError(msg, hint="convert values to str first")
    return items


def tidy(text: str | None, max_chars: int = MAX_CHARS) -> str:
    """Whitespace collapsed, ends stripped, cut to ``max_chars``; ``None`` becomes ``""``."""
    if text is None:
        return ""
    return _SPACE.sub(" ", text).strip()[:max_chars]


def words(text: str) -> list[str]:
    """Lower-cased words of two or more letters (digits and punctuation dropped)."""
    return _WORD.findall(text.lower())
