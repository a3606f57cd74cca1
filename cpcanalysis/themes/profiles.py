"""Theme profiles of councils: what each council's recommendations are about, and who is alike.

All functions take a recommendations frame as built by the loader (columns ``council``, ``text``,
``core_element``, ``theme`` and ``theme_confidence``; a frame from :func:`classify` with a
``council`` column added works too, its ``confidence`` standing for ``theme_confidence``).

Counting unit: one row of the frame (a part of a recommendation with a stem counts as one). A
recommendation repeated word for word in several documents of one council (a plan and its
trackers) is counted once. Undecided rows (theme ``"unknown"``) are counted under ``"unknown"``
and left out of similarities.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
import polars as pl

from cpcanalysis.errors import ParameterError
from cpcanalysis.schema import CORE_ELEMENTS
from cpcanalysis.themes.taxonomy import UNKNOWN_THEME, theme_names

__all__ = ["by_council", "council_similarity", "examples_by_theme", "theme_matrix"]

LEVELS = ("theme", "core_element")


def _check(frame: pl.DataFrame, level: str, needed: tuple[str, ...]) -> None:
    if level not in LEVELS:
        raise ParameterError(f"level must be one of {list(LEVELS)}, got {level!r}")
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        msg = f"recommendations frame lacks columns {missing} (has {frame.columns})"
        raise ParameterError(msg, hint="pass cpcanalysis.load(path).recommendations")


def _categories(level: str) -> list[str]:
    return list(theme_names()) if level == "theme" else list(CORE_ELEMENTS)


def _distinct(recommendations: pl.DataFrame, level: str) -> pl.DataFrame:
    """One row per (council, text), with the level's label (``unknown`` when undecided)."""
    _check(recommendations, level, ("council", "text", level))
    return (
        recommendations.select("council", "text", level)
        .unique(subset=["council", "text"], keep="first", maintain_order=True)
        .with_columns(pl.col(level).fill_null(UNKNOWN_THEME))
    )


def by_council(recommendations: pl.DataFrame, level: str = "theme") -> pl.DataFrame:
    """Long frame: council, ``level``, n, share (of the council's recommendations).

    Every council is crossed with every theme (or core element) of the taxonomy, zeros
    included, in taxonomy order; ``unknown`` is added when some row is undecided.
    """
    rows = _distinct(recommendations, level)
    categories = _categories(level)
    if rows[level].is_in([UNKNOWN_THEME]).any():
        categories.append(UNKNOWN_THEME)
    unexpected = sorted(set(rows[level].to_list()) - set(categories))
    if unexpected:
        raise ParameterError(f"{level} values {unexpected} are not in the taxonomy")
    councils = sorted(set(rows["council"].to_list()))
    grid = pl.DataFrame(
        [(c, x) for c in councils for x in categories], schema=["council", level], orient="row"
    )
    counts = rows.group_by("council", level).len("n")
    out = grid.join(counts, on=["council", level], how="left", maintain_order="left")
    out = out.with_columns(pl.col("n").fill_null(0).cast(pl.Int64))
    total = pl.col("n").sum().over("council")
    return out.with_columns(
        pl.when(total > 0).then(pl.col("n") / total).otherwise(0.0).alias("share")
    )


def theme_matrix(recommendations: pl.DataFrame, level: str = "theme") -> pl.DataFrame:
    """Wide frame: one row per council, one count column per theme (or core element)."""
    long = by_council(recommendations, level)
    order = list(dict.fromkeys(long[level].to_list()))
    wide = long.pivot(on=level, index="council", values="n", sort_columns=False)
    return wide.select("council", *order).sort("council")


def council_similarity(recommendations: pl.DataFrame, level: str = "theme") -> pl.DataFrame:
    """Cosine similarity of councils' theme profiles, one row per pair, most alike first.

    Columns: council_a, council_b (alphabetical within the pair), similarity (0..1, null when
    either council has no decided recommendation), n_a, n_b (decided recommendations).
    """
    long = by_council(recommendations, level).filter(pl.col(level) != UNKNOWN_THEME)
    councils = sorted(set(long["council"].to_list()))
    vectors = {
        c: long.filter(pl.col("council") == c)["n"].to_numpy().astype(np.float64) for c in councils
    }
    rows = []
    for a, b in combinations(councils, 2):
        va, vb = vectors[a], vectors[b]
        norm = float(np.linalg.norm(va) * np.linalg.norm(vb))
        similarity = round(float(va @ vb) / norm, 6) if norm else None
        rows.append((a, b, similarity, int(va.sum()), int(vb.sum())))
    schema = {
        "council_a": pl.String,
        "council_b": pl.String,
        "similarity": pl.Float64,
        "n_a": pl.Int64,
        "n_b": pl.Int64,
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return frame.sort(
        ["similarity", "council_a", "council_b"], descending=[True, False, False], nulls_last=True
    )


def examples_by_theme(recommendations: pl.DataFrame, n: int = 3) -> pl.DataFrame:
    """The ``n`` most confidently classified recommendations of each theme.

    Columns: theme, council, text, confidence; themes in taxonomy order, then by confidence
    (ties: council, text). Undecided rows are left out.
    """
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParameterError(f"n must be a positive integer, got {n!r}")
    confidence = (
        "theme_confidence" if "theme_confidence" in recommendations.columns else "confidence"
    )
    _check(recommendations, "theme", ("council", "text", "theme", confidence))
    order = {name: i for i, name in enumerate(theme_names())}
    return (
        recommendations.select("theme", "council", "text", pl.col(confidence).alias("confidence"))
        .filter(pl.col("theme").is_in(list(order)))
        .unique(subset=["council", "text"], keep="first", maintain_order=True)
        .with_columns(pl.col("theme").replace_strict(order, return_dtype=pl.Int64).alias("_order"))
        .sort(["_order", "confidence", "council", "text"], descending=[False, True, False, False])
        .group_by("_order", maintain_order=True)
        .head(n)
        .drop("_order")
    )
