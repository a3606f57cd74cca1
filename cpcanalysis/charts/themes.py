"""Charts of theme profiles (specifications only: rendering is the caller's)."""

from __future__ import annotations

import altair as alt
import polars as pl

from cpcanalysis.charts.style import SEQUENTIAL_SCHEME
from cpcanalysis.errors import ParameterError

__all__ = ["heatmap"]

_VALUES = {"share": "Share of the council's recommendations", "n": "Recommendations"}


def heatmap(profile: pl.DataFrame, level: str = "theme", value: str = "share") -> alt.LayerChart:
    """Councils (rows) by themes or core elements (columns), coloured by ``value``.

    ``profile`` is the long frame of :func:`cpcanalysis.themes.by_council` for the same
    ``level``; columns keep its order (taxonomy order).
    """
    if value not in _VALUES:
        raise ParameterError(f"value must be one of {list(_VALUES)}, got {value!r}")
    missing = [c for c in ("council", level, "n", "share") if c not in profile.columns]
    if missing:
        msg = f"profile lacks columns {missing}"
        raise ParameterError(msg, hint=f"pass themes.by_council(recommendations, level={level!r})")
    columns = list(dict.fromkeys(profile[level].to_list()))
    councils = sorted(set(profile["council"].to_list()))
    fmt = ".0%" if value == "share" else "d"
    title = level.replace("_", " ")
    base = alt.Chart(profile).encode(
        x=alt.X(
            f"{level}:N",
            sort=columns,
            title=title.capitalize(),
            axis=alt.Axis(labelAngle=-40, labelLimit=220),
        ),
        y=alt.Y("council:N", sort=councils, title="Council"),
    )
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            f"{value}:Q",
            title=_VALUES[value],
            scale=alt.Scale(scheme=SEQUENTIAL_SCHEME),
            legend=alt.Legend(format=fmt),
        ),
        tooltip=[
            alt.Tooltip("council:N", title="Council"),
            alt.Tooltip(f"{level}:N", title=title.capitalize()),
            alt.Tooltip("n:Q", title="Recommendations", format="d"),
            alt.Tooltip("share:Q", title="Share", format=".0%"),
        ],
    )
    # the value is printed in every non-empty cell, so the chart reads without its colours
    dark = (profile[value].max() or 0) / 2 if profile.height else 0
    numbers = (
        base.mark_text(fontSize=10)
        .encode(
            text=alt.Text(f"{value}:Q", format=fmt),
            color=alt.condition(alt.datum[value] > dark, alt.value("white"), alt.value("black")),
        )
        .transform_filter(alt.datum.n > 0)
    )
    return alt.layer(cells, numbers).properties(title=f"Recommendations by {title} and council")
