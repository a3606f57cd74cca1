"""Charts of theme profiles (specifications only: rendering is the caller's)."""

from __future__ import annotations

import altair as alt
import polars as pl

from cpcanalysis.charts.style import COLUMN_STEP, FEW_COLUMNS, ROW_STEP, SEQUENTIAL_SCHEME
from cpcanalysis.errors import ParameterError

__all__ = ["heatmap"]

_VALUES = {"share": "Share of the council's recommendations", "n": "Recommendations"}


def heatmap(profile: pl.DataFrame, level: str = "theme", value: str = "share") -> alt.LayerChart:
    """Themes or core elements (rows, in taxonomy order) by councils (columns), coloured by
    ``value``, the value printed in every non-empty cell.

    ``profile`` is the long frame of :func:`cpcanalysis.themes.by_council` for the same
    ``level``. Themes read down the rows, so their names are never turned on their side;
    council names sit under their columns, one word a line while there are few councils,
    slanted when there are many.
    """
    if value not in _VALUES:
        raise ParameterError(f"value must be one of {list(_VALUES)}, got {value!r}")
    missing = [c for c in ("council", level, "n", "share") if c not in profile.columns]
    if missing:
        msg = f"profile lacks columns {missing}"
        raise ParameterError(msg, hint=f"pass themes.by_council(recommendations, level={level!r})")
    rows = list(dict.fromkeys(profile[level].to_list()))
    councils = sorted(set(profile["council"].to_list()))
    fmt = ".0%" if value == "share" else "d"
    title = level.replace("_", " ")
    few = len(councils) <= FEW_COLUMNS
    council_axis = alt.Axis(
        labelAngle=0 if few else -40,
        labelAlign="center" if few else "right",
        labelExpr="split(datum.label, ' ')" if few else "datum.label",
        labelLimit=180,
    )
    base = alt.Chart(profile).encode(
        x=alt.X("council:N", scale=alt.Scale(domain=councils), title=None, axis=council_axis),
        y=alt.Y(
            f"{level}:N",
            scale=alt.Scale(domain=rows),
            title=title.capitalize(),
            axis=alt.Axis(labelLimit=340),
        ),
    )
    # a theme a council was not given is an empty cell (its 0 is in the table)
    cells = (
        base.transform_filter(alt.datum.n > 0)
        .mark_rect(stroke="white")
        .encode(
            color=alt.Color(
                f"{value}:Q",
                title=_VALUES[value],
                scale=alt.Scale(scheme=SEQUENTIAL_SCHEME),
                legend=alt.Legend(format=fmt, orient="bottom", direction="horizontal"),
            ),
            tooltip=[
                alt.Tooltip("council:N", title="Council"),
                alt.Tooltip(f"{level}:N", title=title.capitalize()),
                alt.Tooltip("n:Q", title="Recommendations", format="d"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
            ],
        )
    )
    # the value is printed in every non-empty cell, so the chart reads without its colours
    dark = (profile[value].max() or 0) / 2 if profile.height else 0
    numbers = (
        base.mark_text(fontSize=11)
        .encode(
            text=alt.Text(f"{value}:Q", format=fmt),
            color=alt.condition(alt.datum[value] > dark, alt.value("white"), alt.value("black")),
        )
        .transform_filter(alt.datum.n > 0)
    )
    return alt.layer(cells, numbers).properties(
        title=f"Recommendations by {title} and council",
        width=alt.Step(COLUMN_STEP if few else ROW_STEP + 4),
        height=alt.Step(ROW_STEP + 4),
    )
