"""Labelling a recommendations frame with :func:`classify`.

A part of a recommendation with a stem ("Take steps to ... by:" then "Aligning the budget ...")
is classified on the stem and the part together, as a reader would understand it.
"""

from __future__ import annotations

import polars as pl

from cpcanalysis.errors import ParameterError
from cpcanalysis.themes.classifier import classify

__all__ = ["classification_texts", "label"]

# the recommendations table's label columns, and the classify() column each is filled from
_FROM_CLASSIFY = {
    "core_element": "core_element",
    "theme": "theme",
    "theme_confidence": "confidence",
    "core_element_confidence": "core_element_confidence",
    "core_element_2": "core_element_2",
    "core_element_2_confidence": "core_element_2_confidence",
}
_LABELS = tuple(_FROM_CLASSIFY)
_DTYPES = {"theme_confidence": pl.Float64, "core_element_confidence": pl.Float64,
           "core_element_2_confidence": pl.Float64}  # fmt: skip


def classification_texts(recommendations: pl.DataFrame) -> pl.Series:
    """The text each recommendation is classified on: ``stem + " " + text`` for a part of a
    recommendation with a stem, else ``text``."""
    if "text" not in recommendations.columns:
        msg = f"recommendations frame lacks a 'text' column (has {recommendations.columns})"
        raise ParameterError(msg, hint="pass cpcanalysis.load(path).recommendations")
    text = pl.col("text")
    if "stem" in recommendations.columns:
        text = (
            pl.when(pl.col("stem").is_not_null()).then(pl.col("stem") + " " + text).otherwise(text)
        )
    return recommendations.select(text.alias("classified_text")).to_series()


def label(recommendations: pl.DataFrame, *, overwrite: bool = False) -> pl.DataFrame:
    """``recommendations`` with ``core_element``, ``theme``, ``theme_confidence``,
    ``core_element_confidence``, ``core_element_2`` and ``core_element_2_confidence`` filled.

    Rows whose ``theme`` is already set keep their labels unless ``overwrite``; the other
    columns and the row order are untouched. Undecidable rows get theme ``"unknown"``,
    core elements null and confidences 0.0 (see :func:`classify`).
    """
    frame = recommendations.with_columns(
        pl.lit(None, dtype=_DTYPES.get(c, pl.String)).alias(c)
        for c in _LABELS
        if c not in recommendations.columns
    )
    columns = [*recommendations.columns, *(c for c in _LABELS if c not in recommendations.columns)]
    todo = pl.lit(True) if overwrite else pl.col("theme").is_null()
    frame = frame.with_row_index("_row").with_columns(todo.alias("_todo"))
    pending = frame.filter("_todo")
    if pending.height == 0:
        return frame.select(columns)
    labels = classify(classification_texts(pending)).select(
        pending["_row"],
        *(pl.col(source).alias(f"_{name}") for name, source in _FROM_CLASSIFY.items()),
    )
    frame = frame.join(labels, on="_row", how="left", maintain_order="left")
    return frame.with_columns(
        pl.when("_todo").then(pl.col(f"_{name}")).otherwise(pl.col(name)).alias(name)
        for name in _LABELS
    ).select(columns)
