"""A report of many councils: distributions and rankings over every council, instead of charts
with a row per council (unreadable past a few dozen); each council's detail is in its profile.
"""

from __future__ import annotations

import polars as pl

from cpcanalysis.schema import column_names

__all__ = ["MANY_COUNCILS", "RANKED", "national_themes", "ranking"]

MANY_COUNCILS = 25  # past this many councils, the report shows national views
RANKED = 15  # councils listed in a ranking


def ranking(
    overview: pl.DataFrame, by: str, *, most_first: bool = True, n: int = RANKED
) -> pl.DataFrame:
    """The ``n`` councils with the highest (or lowest) ``by`` among those that have a value,
    ranked (ties share a rank), then by name."""
    ranked = (
        overview.drop_nulls(by)
        .sort(by, "council", descending=[most_first, False])
        .with_columns(pl.col(by).rank("min", descending=most_first).cast(pl.Int64).alias("rank"))
        .head(n)
    )
    return ranked.select(column_names("ranking"))


def national_themes(recommendations: pl.DataFrame, level: str) -> pl.DataFrame:
    """Per theme (or core element), in taxonomy order: recommendations over every council,
    the councils with at least one, and their share of all councils."""
    from cpcanalysis import themes

    long = themes.by_council(recommendations, level)
    councils = long["council"].n_unique()
    totals = long.group_by(level, maintain_order=True).agg(
        pl.col("n").sum().alias("recommendations"),
        (pl.col("n") > 0).sum().cast(pl.Int64).alias("councils_with_theme"),
    )
    totals = totals.with_columns(
        (pl.col("councils_with_theme") / councils if councils else pl.lit(None))
        .cast(pl.Float64)
        .alias("share_of_councils")
    )
    if level == "theme":
        elements = themes.taxonomy_frame().select("theme", "core_element")
        totals = totals.join(elements, on="theme", how="left", maintain_order="left")
        return totals.select(
            "core_element", "theme", "recommendations", "councils_with_theme", "share_of_councils"
        )
    return totals
