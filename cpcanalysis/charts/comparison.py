"""Charts comparing councils, as the report shows them: counts per council, panels per
category, days overdue, and one council against the others.

Each builder takes a frame of :mod:`cpcanalysis.report.content.summaries` and returns an altair
chart with its data inline; the report pairs each with its table (``report.content.figures``).
Counts use one sequential hue and print the number in every cell; categories are labelled
panels; the focus council is marked by shape and by name, not only by colour.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from cpcanalysis.charts.style import ROW_STEP, SEQUENTIAL_SCHEME, STATUS_COLOURS
from cpcanalysis.schema import FOCUS_GROUPS, label

__all__ = ["count_heatmap", "days_overdue", "focus_strip", "panels"]


def count_heatmap(
    counts: pl.DataFrame, x: alt.X, value: str, *, title: str | dict
) -> alt.LayerChart:
    """Councils down, ``x`` across: shaded cells with the count printed (white on dark)."""
    base = alt.Chart(counts).encode(x=x, y=alt.Y("council:N", title=None))
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(
            f"{value}:Q", title=label(value), scale=alt.Scale(scheme=SEQUENTIAL_SCHEME)
        ),
        tooltip=["council:N", x.shorthand, f"{value}:Q"],
    )
    half = (counts[value].max() or 0) / 2 if counts.height else 0
    numbers = base.mark_text(fontSize=10).encode(
        text=f"{value}:Q",
        color=alt.condition(alt.datum[value] > half, alt.value("white"), alt.value("black")),
    )
    return alt.layer(cells, numbers).properties(title=title, height=alt.Step(ROW_STEP))


def panels(frame: pl.DataFrame, category: str, colours: dict[str, str], *, title: str) -> alt.Chart:
    """One panel per ``category`` value, headed by it, with a bar per council. The heading is
    the cue; colour only repeats it."""
    order = list(colours)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("actions:Q", title=label("actions")),
            y=alt.Y("council:N", title=None),
            color=alt.Color(
                f"{category}:N",
                scale=alt.Scale(domain=order, range=list(colours.values())),
                legend=None,
            ),
            column=alt.Column(f"{category}:N", sort=order, title=None),
            tooltip=["council:N", f"{category}:N", "actions:Q"],
        )
        .properties(title=title, width=100, height=alt.Step(ROW_STEP))
    )


def days_overdue(overdue: pl.DataFrame, *, title: str) -> alt.LayerChart:
    """Every overdue action as a point on a days-overdue axis, a row per council, with each
    council's median marked by a tick."""
    base = alt.Chart(overdue).encode(
        x=alt.X("days_overdue:Q", title=label("days_overdue")), y=alt.Y("council:N", title=None)
    )
    points = base.mark_circle(size=50, opacity=0.6, color=STATUS_COLOURS["off_track"]).encode(
        tooltip=["council:N", "action:N", "deadline_text:N", "status:N", "days_overdue:Q"]
    )
    medians = (
        alt.Chart(overdue)
        .mark_tick(color="black", thickness=2, size=14)
        .encode(
            x=alt.X("median(days_overdue):Q"),
            y=alt.Y("council:N"),
            tooltip=["council:N", alt.Tooltip("median(days_overdue):Q", title="median")],
        )
    )
    return alt.layer(points, medians).properties(
        title={"text": title, "subtitle": "Dots: actions; black tick: the council's median"},
        width=520,
        height=alt.Step(ROW_STEP),
    )


def focus_strip(long: pl.DataFrame, focus: str, order: list[str], *, title: str) -> alt.LayerChart:
    """Each share (``figure``, in ``order``) on its own line: the other councils as grey
    circles, the focus council as a diamond labelled with its name. ``long`` has columns
    council, figure, value and group (the focus council's name or the others' label)."""
    groups = [focus, FOCUS_GROUPS.term("others").label]
    colours = list(FOCUS_GROUPS.colours().values())
    base = alt.Chart(long).encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("figure:N", title=None, sort=order),
    )
    points = base.mark_point(filled=True, size=90, opacity=0.85).encode(
        shape=alt.Shape(
            "group:N", scale=alt.Scale(domain=groups, range=["diamond", "circle"]), title=None
        ),
        color=alt.Color("group:N", scale=alt.Scale(domain=groups, range=colours), title=None),
        tooltip=["council:N", "figure:N", alt.Tooltip("value:Q", format=".0%")],
    )
    name = (
        base.transform_filter(alt.datum.group == focus)
        .mark_text(dy=-13, fontWeight="bold")
        .encode(text="council:N")
    )
    return alt.layer(points, name).properties(title=title, width=520, height=alt.Step(46))
