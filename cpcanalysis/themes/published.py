"""Recommendations paraphrased from published CPC reports, each labelled by two readers.

``published.csv`` (330 recommendations of 86 councils) and ``published_holdout.csv`` (110 of 36
other councils) train the default classifier. ``published_holdout.csv`` was the first held-out
set: it was scored once, blind, before any of it was trained on (the figures are kept in
``tests/themes/published_holdout_first_run.md``); being spent, it has been training data since.
``published_holdout_2.csv`` (councils in neither training file) is the held-out set now: scored,
never trained on. Every file was labelled before any classifier saw it, by two labellers who
worked apart from ``docs/labelling-guide.md`` (see docs/methods.md, "Themes").

Columns: ``id, council, year, source_kind, source_url, text``; the settled labels
``core_element, theme``; ``settled`` (``agreed``, or ``A`` / ``B``: whose label was kept where the
two disagreed); each labeller's ``core_element``, ``theme`` and ``second`` choice of element
(``labeller_a_*``, ``labeller_b_*``, second choice often empty); ``settle_note``.
"""

from __future__ import annotations

import csv
import io
from functools import cache

import polars as pl

from cpcanalysis.package_data import read_data_text
from cpcanalysis.schema import CORE_ELEMENTS
from cpcanalysis.themes.taxonomy import TaxonomyError, element_of, load_labelled

__all__ = [
    "HELD_OUT_FILE",
    "PUBLISHED_COLUMNS",
    "SOURCE_KINDS",
    "TRAINING_FILES",
    "load_published",
    "load_published_file",
    "load_published_holdout",
    "training_set",
]

PUBLISHED_COLUMNS = [
    "id", "council", "year", "source_kind", "source_url", "text", "core_element", "theme",
    "settled", "labeller_a_core_element", "labeller_a_theme", "labeller_a_second",
    "labeller_b_core_element", "labeller_b_theme", "labeller_b_second", "settle_note",
]  # fmt: skip
SOURCE_KINDS = ("cpc", "progress_review", "committee", "news")
_SETTLED = ("agreed", "A", "B")
# the files the default classifier is fitted on (a spent held-out set joins them), and the one
# it is scored on
TRAINING_FILES = ("published.csv", "published_holdout.csv")
HELD_OUT_FILE = "published_holdout_2.csv"
_INT_COLUMNS = ("year",)


def _check_row(row: dict[str, str], seen: set[str]) -> str | None:
    """What is wrong with one row, or None."""
    if row["id"] in seen:
        return f"id {row['id']!r} is repeated"
    if not row["text"].strip() or not row["council"].strip():
        return "text and council must be given"
    if row["source_kind"] not in SOURCE_KINDS or row["settled"] not in _SETTLED:
        return f"source_kind {row['source_kind']!r} or settled {row['settled']!r} is not known"
    for prefix in ("", "labeller_a_", "labeller_b_"):
        theme, element = row[f"{prefix}theme"], row[f"{prefix}core_element"]
        try:
            default = element_of(theme)
        except TaxonomyError:
            return f"{prefix}theme {theme!r} is not in the taxonomy"
        if element != default:
            return f"{prefix}core_element {element!r} is not the element of theme {theme!r}"
    for second in (row["labeller_a_second"], row["labeller_b_second"]):
        if second and second not in CORE_ELEMENTS:
            return f"second choice {second!r} is not a core element"
    return None


@cache
def _rows(name: str) -> tuple[tuple[str, ...], ...]:
    path = f"cpcanalysis/data/themes/{name}"
    reader = csv.DictReader(io.StringIO(read_data_text("themes", name)))
    if reader.fieldnames != PUBLISHED_COLUMNS:
        msg = f"header is {reader.fieldnames}, expected {PUBLISHED_COLUMNS}"
        raise TaxonomyError(msg, path=path, row=1)
    seen: set[str] = set()
    out = []
    for line, row in enumerate(reader, start=2):
        problem = _check_row(row, seen)
        if problem is not None:
            raise TaxonomyError(problem, path=path, row=line)
        seen.add(row["id"])
        out.append(tuple(row[c] for c in PUBLISHED_COLUMNS))
    return tuple(out)


def load_published_file(name: str) -> pl.DataFrame:
    """One file of published recommendations (file order), columns as in the module doc."""
    frame = pl.DataFrame(list(_rows(name)), schema=PUBLISHED_COLUMNS, orient="row")
    empty_is_null = [
        pl.col(c).replace("", None) for c in PUBLISHED_COLUMNS if c.endswith("_second")
    ]
    return frame.with_columns(*empty_is_null, pl.col(*_INT_COLUMNS).cast(pl.Int64))


def load_published() -> pl.DataFrame:
    """The published training set: the :data:`TRAINING_FILES` in order, each in file order."""
    return pl.concat([load_published_file(name) for name in TRAINING_FILES])


def load_published_holdout() -> pl.DataFrame:
    """The published held-out set (:data:`HELD_OUT_FILE`). Score on it; never train on it."""
    return load_published_file(HELD_OUT_FILE)


def training_set(include_labelled: bool = True) -> tuple[list[str], list[str]]:
    """Texts and settled themes the default classifier is fitted on: the published training set
    (:func:`load_published`), then (by default) the one-author ``labelled.csv``; adding it scored
    higher under cross-validation grouped by council (docs/methods.md, "Model choice")."""
    published = load_published()
    texts, themes = published["text"].to_list(), published["theme"].to_list()
    if include_labelled:
        labelled = load_labelled()
        texts += labelled["text"].to_list()
        themes += labelled["theme"].to_list()
    return texts, themes
