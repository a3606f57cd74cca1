"""The theme taxonomy and the labelled set, both package data under ``cpcanalysis/data/themes/``.

``taxonomy.csv`` declares the finer themes: each has a name, the CPC core element it belongs to by
default, a one-sentence description and a ``;``-separated list of keywords (the words and phrases
a reader would expect in a recommendation on that theme). ``labelled.csv`` holds recommendations
labelled by hand with a core element and a theme: ``written`` ones in the style of real CPC
recommendations and the seeds' real ones (``seed:lancaster``, ``seed:wyre``). Rows sharing a
``group`` are variants of one recommendation (a stem and its parts) and are never split between
training and test folds.

``holdout.csv`` holds 80 further recommendations, written and labelled before the classifier was
run on them, for a check on text the training set did not shape. They are never used in training
(``load_holdout``; see docs/methods.md, "Held-out check").
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache

import polars as pl

from cpcanalysis.errors import CpcError
from cpcanalysis.package_data import read_data_text
from cpcanalysis.schema import CORE_ELEMENTS

__all__ = [
    "LABELLED_ORIGINS",
    "THEMES",
    "UNKNOWN_THEME",
    "TaxonomyError",
    "Theme",
    "element_of",
    "load_holdout",
    "load_labelled",
    "taxonomy_frame",
    "theme_names",
]

UNKNOWN_THEME = "unknown"
LABELLED_ORIGINS: tuple[str, ...] = ("written", "seed:lancaster", "seed:wyre")
_DATA = "data/themes"
_TAXONOMY_COLUMNS = ["theme", "core_element", "description", "keywords"]
_LABELLED_COLUMNS = ["id", "text", "core_element", "theme", "origin", "group"]
_HOLDOUT_COLUMNS = ["id", "text", "core_element", "theme", "note"]


class TaxonomyError(CpcError):
    """The shipped theme taxonomy or labelled set is malformed (a packaging defect)."""


@dataclass(frozen=True)
class Theme:
    name: str
    core_element: str
    description: str
    keywords: tuple[str, ...]


def _read_csv(name: str, columns: list[str]) -> list[dict[str, str]]:
    text = read_data_text("themes", name)
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != columns:
        msg = f"header is {reader.fieldnames}, expected {columns}"
        raise TaxonomyError(msg, path=f"cpcanalysis/data/themes/{name}", row=1)
    return list(reader)


def _load_themes() -> tuple[Theme, ...]:
    path = "cpcanalysis/data/themes/taxonomy.csv"
    themes: list[Theme] = []
    for line, row in enumerate(_read_csv("taxonomy.csv", _TAXONOMY_COLUMNS), start=2):
        if row["core_element"] not in CORE_ELEMENTS:
            msg = f"core element {row['core_element']!r} is not one of {list(CORE_ELEMENTS)}"
            raise TaxonomyError(msg, path=path, row=line, column="core_element")
        keywords = tuple(k.strip() for k in row["keywords"].split(";") if k.strip())
        if not row["theme"].strip() or not row["description"].strip() or not keywords:
            raise TaxonomyError(
                "theme, description and keywords must all be given", path=path, row=line
            )
        if row["theme"] == UNKNOWN_THEME or row["theme"] in {t.name for t in themes}:
            raise TaxonomyError(
                f"theme {row['theme']!r} is reserved or repeated", path=path, row=line
            )
        themes.append(Theme(row["theme"], row["core_element"], row["description"], keywords))
    missing = set(CORE_ELEMENTS) - {t.core_element for t in themes}
    if missing:
        raise TaxonomyError(f"no theme belongs to {sorted(missing)}", path=path)
    return tuple(themes)


THEMES: tuple[Theme, ...] = _load_themes()
_ELEMENT_OF = {t.name: t.core_element for t in THEMES}


def taxonomy_frame() -> pl.DataFrame:
    """The taxonomy as a frame: theme, core_element, description, keywords (list)."""
    return pl.DataFrame(
        {
            "theme": [t.name for t in THEMES],
            "core_element": [t.core_element for t in THEMES],
            "description": [t.description for t in THEMES],
            "keywords": [list(t.keywords) for t in THEMES],
        },
        schema={
            "theme": pl.String,
            "core_element": pl.String,
            "description": pl.String,
            "keywords": pl.List(pl.String),
        },
    )


def theme_names() -> tuple[str, ...]:
    """Theme names in taxonomy order (grouped by core element)."""
    return tuple(t.name for t in THEMES)


def element_of(theme: str) -> str:
    """The core element a theme belongs to by default."""
    try:
        return _ELEMENT_OF[theme]
    except KeyError:
        msg = f"unknown theme {theme!r}"
        raise TaxonomyError(
            msg, hint=f"themes are listed in cpcanalysis/{_DATA}/taxonomy.csv"
        ) from None


def _checked_rows(name: str, columns: list[str]) -> tuple[tuple[str, ...], ...]:
    """Rows of a labelled file, refused if an id repeats or a label or text is invalid."""
    path = f"cpcanalysis/data/themes/{name}"
    rows = _read_csv(name, columns)
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):
        if row["id"] in seen:
            raise TaxonomyError(f"id {row['id']!r} is repeated", path=path, row=line)
        seen.add(row["id"])
        if row["theme"] not in _ELEMENT_OF:
            raise TaxonomyError(
                f"theme {row['theme']!r} is not in the taxonomy", path=path, row=line
            )
        if row["core_element"] not in CORE_ELEMENTS:
            msg = f"core element {row['core_element']!r} is not one of {list(CORE_ELEMENTS)}"
            raise TaxonomyError(msg, path=path, row=line)
        if "origin" in row and row["origin"] not in LABELLED_ORIGINS:
            msg = f"origin {row['origin']!r} is not one of {list(LABELLED_ORIGINS)}"
            raise TaxonomyError(msg, path=path, row=line)
        if not row["text"].strip():
            raise TaxonomyError("text is empty", path=path, row=line)
    return tuple(tuple(row[c] for c in columns) for row in rows)


@cache
def _labelled_rows() -> tuple[tuple[str, ...], ...]:
    return _checked_rows("labelled.csv", _LABELLED_COLUMNS)


@cache
def _holdout_rows() -> tuple[tuple[str, ...], ...]:
    return _checked_rows("holdout.csv", _HOLDOUT_COLUMNS)


def load_labelled() -> pl.DataFrame:
    """The shipped labelled set: id, text, core_element, theme, origin, group (file order)."""
    return pl.DataFrame(list(_labelled_rows()), schema=_LABELLED_COLUMNS, orient="row")


def load_holdout() -> pl.DataFrame:
    """The held-out set: id, text, core_element, theme, note (file order). Never train on it."""
    return pl.DataFrame(list(_holdout_rows()), schema=_HOLDOUT_COLUMNS, orient="row")
