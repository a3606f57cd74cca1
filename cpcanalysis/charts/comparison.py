"""Charts comparing councils, as the report shows them: counts per council, panels per
category, days overdue, one council against its peers, and, for reports of many councils,
national distributions instead of one row per council.

Each builder takes a frame of :mod:`cpcanalysis.report.content.summaries` and returns an altair
chart with its data inline; the report pairs each with its table (``report.content.figures``).
Counts use one sequential hue and print the number in every cell, on whole-number axes;
categories are labelled panels; points on the same value are stacked (a ``stack`` column, 0 for
the first point on a value), so that none hides another; the focus council is marked by shape
and by name, not only by colour.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from cpcanalysis.charts.style import (
    COUNT_AXIS,
    DOT_STEP,
    PLAIN_BAR,
    ROW_STEP,
    SEQUENTIAL_SCHEME,
    STATUS_COLOURS,
)
from cpcanalysis.schema import FOCUS_GROUPS, label

__all__ = [
    "category_bars",
    "days_overdue",
    "focus_strip",
    "month_bars",
    "month_heatmap",
    "panels",
    "share_distribution",
    "theme_bars",
]

_MONTH_TITLE = "Months after the CPC month (0 = the month of the peer challenge)"


def _months(counts: pl.DataFrame, review_month: int) -> list[int]:
    """Every month from the first to the last one counted (the review month included), so the
    axis runs month by month, with no gap hidden."""
    values = [*counts["months_from_cpc"].to_list(), review_month]
    return list(range(min(0, *values), max(values) + 1))


def _review_marks(months: list[int], review_month: int) -> list[alt.Chart]:
    """The progress review's month outlined by a dashed frame, labelled above the chart."""
    mark = pl.DataFrame(
        {"months_from_cpc": [review_month], "note": [f"progress review (~{review_month} months)"]}
    )
    x = alt.X("months_from_cpc:O", scale=alt.Scale(domain=months))
    frame = alt.Chart(mark).mark_rect(fill=None, stroke="black", strokeDash=[4, 3], strokeWidth=1.5)
    note = alt.Chart(mark).mark_text(align="center", dy=-6, baseline="bottom", fontSize=11)
    return [frame.encode(x=x), note.encode(x=x, y=alt.value(0), text="note:N")]


def _month_axis(months: list[int]) -> alt.X:
    every = 1 if len(months) <= 24 else 3
    return alt.X(
        "months_from_cpc:O",
        title=_MONTH_TITLE,
        scale=alt.Scale(domain=months),
        axis=alt.Axis(labelAngle=0, labelExpr=f"datum.value % {every} == 0 ? datum.label : ''"),
    )


def month_heatmap(counts: pl.DataFrame, *, review_month: int, title: str | dict) -> alt.LayerChart:
    """Councils down, every month after the CPC across: shaded cells with the count printed
    (white on dark), the progress review's month marked by a dashed rule."""
    months = _months(counts, review_month)
    base = alt.Chart(counts).encode(x=_month_axis(months), y=alt.Y("council:N", title=None))
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            "actions:Q",
            title=label("actions"),
            scale=alt.Scale(scheme=SEQUENTIAL_SCHEME),
            legend=alt.Legend(format="d", tickMinStep=1),
        ),
        tooltip=["council:N", "months_from_cpc:O", "actions:Q"],
    )
    half = (counts["actions"].max() or 0) / 2 if counts.height else 0
    numbers = base.mark_text(fontSize=10).encode(
        text="actions:Q",
        color=alt.condition(alt.datum.actions > half, alt.value("white"), alt.value("black")),
    )
    return alt.layer(cells, numbers, *_review_marks(months, review_month)).properties(
        title=title, height=alt.Step(ROW_STEP + 4), width=alt.Step(22)
    )


def month_bars(counts: pl.DataFrame, *, review_month: int, title: str | dict) -> alt.LayerChart:
    """Every council's actions together, by months after the CPC to their due date: one bar a
    month, the progress review's month marked."""
    months = _months(counts, review_month)
    totals = counts.group_by("months_from_cpc").agg(pl.col("actions").sum()).sort("months_from_cpc")
    bars = (
        alt.Chart(totals)
        .mark_bar(color=PLAIN_BAR)
        .encode(
            x=_month_axis(months),
            y=alt.Y("actions:Q", title=label("actions"), axis=COUNT_AXIS),
            tooltip=["months_from_cpc:O", "actions:Q"],
        )
    )
    return alt.layer(bars, *_review_marks(months, review_month)).properties(
        title=title, height=220, width=alt.Step(14)
    )


def panels(frame: pl.DataFrame, category: str, colours: dict[str, str], *, title: str) -> alt.Chart:
    """One panel per ``category`` value, headed by it, with a bar per council. The heading is
    the cue; colour only repeats it."""
    order = list(colours)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("actions:Q", title=label("actions"), axis=COUNT_AXIS),
            y=alt.Y("council:N", title=None),
            color=alt.Color(
                f"{category}:N",
                scale=alt.Scale(domain=order, range=list(colours.values())),
                legend=None,
            ),
            column=alt.Column(
                f"{category}:N",
                sort=order,
                title=None,
                header=alt.Header(labelExpr="split(datum.label, ' ')", labelFontSize=11),
            ),
            tooltip=["council:N", f"{category}:N", "actions:Q"],
        )
        .properties(title=title, width=90, height=alt.Step(ROW_STEP))
    )


def category_bars(
    frame: pl.DataFrame, category: str, colours: dict[str, str], *, title: str
) -> alt.LayerChart:
    """Every council's actions together, one bar per ``category`` value (named on the axis and
    counted at the bar's end)."""
    order = list(colours)
    totals = frame.group_by(category).agg(pl.col("actions").sum())
    base = alt.Chart(totals).encode(
        y=alt.Y(f"{category}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("actions:Q", title=label("actions"), axis=COUNT_AXIS),
    )
    bars = base.mark_bar().encode(
        color=alt.Color(
            f"{category}:N",
            scale=alt.Scale(domain=order, range=list(colours.values())),
            legend=None,
        ),
        tooltip=[f"{category}:N", "actions:Q"],
    )
    counts = base.mark_text(align="left", dx=4, fontSize=11).encode(text=alt.Text("actions:Q"))
    return alt.layer(bars, counts).properties(title=title, width=480, height=alt.Step(24))


def share_distribution(frame: pl.DataFrame, value: str, *, title: str) -> alt.Chart:
    """How many councils have each share of ``value`` (bins of 10 points), councils without a
    value left out (the caller says how many)."""
    data = frame.select("council", value).drop_nulls(value)
    return (
        alt.Chart(data)
        .mark_bar(color=PLAIN_BAR)
        .encode(
            x=alt.X(
                f"{value}:Q",
                bin=alt.Bin(extent=[0, 1], step=0.1),
                title=label(value),
                axis=alt.Axis(format="%"),
            ),
            y=alt.Y("count():Q", title="Councils", axis=COUNT_AXIS),
            tooltip=[alt.Tooltip("count():Q", title="councils")],
        )
        .properties(title=title, width=420, height=200)
    )


def theme_bars(frame: pl.DataFrame, level: str, *, title: str) -> alt.LayerChart:
    """Recommendations per theme (or core element) over every council, in the frame's order,
    the count at each bar's end."""
    order = frame[level].to_list()
    base = alt.Chart(frame).encode(
        y=alt.Y(f"{level}:N", sort=order, title=None, axis=alt.Axis(labelLimit=340)),
        x=alt.X("recommendations:Q", title=label("recommendations"), axis=COUNT_AXIS),
    )
    bars = base.mark_bar(color=PLAIN_BAR).encode(
        tooltip=[f"{level}:N", "recommendations:Q", "councils_with_theme:Q"]
    )
    counts = base.mark_text(align="left", dx=4, fontSize=11).encode(text="recommendations:Q")
    return alt.layer(bars, counts).properties(title=title, width=420, height=alt.Step(ROW_STEP))


def days_overdue(overdue: pl.DataFrame, *, title: str) -> alt.LayerChart:
    """Every overdue action as a point on a days-overdue axis, a row per council, actions
    overdue by the same number of days stacked (``stack``), each council's median marked by a
    tick."""
    layers = int(overdue["stack"].max() or 0) + 1 if overdue.height else 1
    # a row holds ``layers`` stacked dots; the height is given whole, since a step would be
    # read as each stacked dot's by one layer and as the row's by the other
    rows = max(overdue["council"].n_unique(), 1)
    height = rows * max(ROW_STEP, DOT_STEP * layers + 6)
    y = alt.Y("council:N", title=None)
    base = alt.Chart(overdue).encode(x=alt.X("days_overdue:Q", title=label("days_overdue")), y=y)
    points = base.mark_circle(size=40, opacity=0.75, color=STATUS_COLOURS["off_track"]).encode(
        yOffset=alt.YOffset("stack:O", scale=alt.Scale(paddingOuter=0.5)),
        tooltip=["council:N", "action:N", "deadline_text:N", "status:N", "days_overdue:Q"],
    )
    medians = (
        alt.Chart(overdue)
        .mark_tick(color="black", thickness=2)
        .encode(
            x=alt.X("median(days_overdue):Q"),
            y=y,
            tooltip=["council:N", alt.Tooltip("median(days_overdue):Q", title="median")],
        )
    )
    return alt.layer(points, medians).properties(
        title={
            "text": title,
            "subtitle": "Dots: actions (stacked where overdue by the same days); "
            "black tick: the council's median",
        },
        width=520,
        height=height,
    )


def focus_strip(
    long: pl.DataFrame, focus: str, order: list[str], *, title: str, dense: bool = False
) -> alt.LayerChart:
    """Each share (``figure``, in ``order``) on its own line: the peer councils as grey
    circles (stacked where equal: ``stack``), the focus council as a diamond labelled with its
    name. ``long`` has columns council, figure, value, group (the focus council's name or the
    peers' label) and stack. ``dense``: many peers, drawn as thin see-through ticks (where they
    crowd, the strip darkens) instead of stacked circles."""
    groups = [focus, FOCUS_GROUPS.term("others").label]
    colours = list(FOCUS_GROUPS.colours().values())
    layers = 1 if dense else int(long["stack"].max() or 0) + 1 if long.height else 1
    y = alt.Y("figure:N", title=None, scale=alt.Scale(domain=order), axis=alt.Axis(labelLimit=280))
    x = alt.X("value:Q", title=None, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    colour = alt.Color("group:N", scale=alt.Scale(domain=groups, range=colours), title=None)
    tooltip = ["council:N", "figure:N", alt.Tooltip("value:Q", format=".0%")]
    if dense:
        base = alt.Chart(long).encode(x=x, y=y)
        peers = base.transform_filter(alt.datum.group != focus).mark_tick(
            thickness=1.5, opacity=0.4, size=24
        )
        mine = base.transform_filter(alt.datum.group == focus).mark_point(
            filled=True, size=110, shape="diamond", opacity=1
        )
        marks = [peers.encode(color=colour, tooltip=tooltip), mine.encode(color=colour)]
    else:
        offset = alt.YOffset("stack:O", scale=alt.Scale(domain=list(range(layers))))
        base = alt.Chart(long).encode(x=x, y=y, yOffset=offset)
        points = base.mark_point(filled=True, size=90, opacity=0.85).encode(
            shape=alt.Shape(
                "group:N", scale=alt.Scale(domain=groups, range=["diamond", "circle"]), title=None
            ),
            color=colour,
            tooltip=tooltip,
        )
        marks = [points]
    name = (
        base.transform_filter(alt.datum.group == focus)
        .mark_text(dy=-14, fontWeight="bold")
        .encode(text="council:N")
    )
    height = max(len(order), 1) * max(46, 14 * layers + 26)
    return alt.layer(*marks, name).properties(title=title, width=520, height=height)
