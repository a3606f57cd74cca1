"""Charts of slippage, built from the frames :func:`cpcanalysis.slippage.measure` returns.

Each builder takes frames and returns an ``alt.Chart`` (or layered chart) whose data is inline,
so a notebook or report can render it offline. Status is always written next to its mark, never
shown by colour alone.
"""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import polars as pl

from cpcanalysis.charts.labels import action_caption, action_name
from cpcanalysis.charts.style import (
    COUNT_AXIS,
    LEGEND_BELOW,
    LINE_GREY,
    PLAIN_BAR,
    ROW_STEP,
    STATUS_SCALE,
    TRACE_GREY,
)
from cpcanalysis.errors import ParameterError
from cpcanalysis.schema import STATUSES

# room for an action's number and shortened text beside its row
CAPTION_WIDTH = 360


def _status_words() -> pl.Expr:
    """The status as the schema words it, in lower case ('on track')."""
    return pl.col("status").replace_strict(STATUSES.labels(), default="").str.to_lowercase()


def _require(frame: pl.DataFrame, column: str, value: str) -> pl.DataFrame:
    chosen = frame.filter(pl.col(column) == value)
    if chosen.is_empty():
        known = sorted(frame[column].drop_nulls().unique().to_list())
        msg = f"no actions with {column}={value!r}"
        raise ParameterError(msg, hint=f"choose one of {known}")
    return chosen


def _latest_document(rows: pl.DataFrame) -> str:
    latest = rows.select("plan_id", "as_of").unique().sort("as_of", "plan_id", nulls_last=False)
    return latest["plan_id"][-1]


def deadline_timeline(
    measured: pl.DataFrame, council: str, plan_id: str | None = None
) -> alt.LayerChart:
    """One council's actions on a time axis: due date, revised due date, and the as-of date.

    Shows one document: ``plan_id``, or by default the council's document with the latest
    as-of date. Each row is an action, named by its number and text; a point marks its due date,
    coloured by status, shaped by deadline class and labelled with its status (and days
    overdue); a dashed line runs on to the revised due date (hollow point) where there is one; a
    vertical rule marks the as-of date. Actions without a due date (ongoing, open-ended,
    undated) cannot be placed and are counted in the title.
    """
    rows = _require(measured, "council", council)
    rows = _require(rows, "plan_id", plan_id or _latest_document(rows))
    dated = rows.filter(pl.col("deadline_end").is_not_null()).with_columns(
        action_name(),
        action_caption(),
        pl.when(pl.col("days_overdue") == 1)
        .then(pl.format("{}, 1 day overdue", _status_words()))
        .when(pl.col("days_overdue").is_not_null())
        .then(pl.format("{}, {} days overdue", _status_words(), pl.col("days_overdue")))
        .otherwise(_status_words())
        .alias("label"),
    )
    data = dated.select(
        "action",
        "action_caption",
        "label",
        "status",
        "deadline_end",
        "revised_end",
        "deadline_class",
        "days_overdue",
        "text",
        pl.max_horizontal("deadline_end", "revised_end").alias("label_at"),
    ).sort("deadline_end", "action")
    y = alt.Y(
        "action_caption:N",
        sort=data["action_caption"].to_list(),
        title=None,
        axis=alt.Axis(labelLimit=CAPTION_WIDTH),
    )
    x_axis = alt.Axis(format="%b %Y", labelOverlap="greedy", labelFlush=False)
    days = pl.concat([data["deadline_end"], data["revised_end"], rows["as_of"]]).drop_nulls()
    # room on the right for the labels
    domain = [
        (days.min() - timedelta(days=30)).isoformat(),
        (days.max() + timedelta(days=220)).isoformat(),
    ]
    base = alt.Chart(data)
    slip = base.mark_rule(strokeDash=[4, 3], color=LINE_GREY).encode(
        x="deadline_end:T", x2="revised_end:T", y=y
    )
    revised = base.mark_point(size=50, color=LINE_GREY).encode(x="revised_end:T", y=y)
    points = base.mark_point(filled=True, size=70).encode(
        x=alt.X("deadline_end:T", title="Due date", axis=x_axis, scale=alt.Scale(domain=domain)),
        y=y,
        color=alt.Color("status:N", scale=STATUS_SCALE, title="Status", legend=LEGEND_BELOW),
        shape=alt.Shape("deadline_class:N", title="Deadline", legend=LEGEND_BELOW),
        tooltip=[
            "action",
            "text",
            "deadline_end:T",
            "revised_end:T",
            "status",
            "days_overdue",
        ],
    )
    # a label follows the row's last mark (the revised date where there is one), so the dashed
    # line to that date never runs through it
    labels = base.mark_text(align="left", dx=8, fontSize=10).encode(
        x="label_at:T", y=y, text="label:N"
    )
    as_of = pl.DataFrame({"as_of": rows["as_of"].drop_nulls().unique().sort()}).with_columns(
        pl.format("as of {}", pl.col("as_of").dt.to_string("%Y-%m-%d")).alias("note")
    )
    rule = alt.Chart(as_of).mark_rule(color="black").encode(x="as_of:T")
    rule_label = (
        alt.Chart(as_of)
        .mark_text(align="left", dx=4, dy=-6, baseline="bottom")
        .encode(x="as_of:T", y=alt.value(0), text="note:N")
    )
    undated = rows.height - dated.height
    return alt.layer(slip, revised, points, labels, rule, rule_label).properties(
        title=f"{council} ({rows['plan_id'][0]}): due dates against the as-of date; "
        f"{undated} without a due date",
        width=560,
        height=alt.Step(ROW_STEP),
    )


def overdue_distribution(measured: pl.DataFrame) -> alt.Chart:
    """Histogram of days overdue, one row per council, in 30-day bins.

    Counts the overdue actions of each council's latest document (by as-of date), so that an
    action tracked through several versions is counted once.
    """
    latest = [
        _latest_document(rows) for _, rows in measured.group_by("council", maintain_order=True)
    ]
    data = (
        measured.filter(pl.col("plan_id").is_in(latest), pl.col("is_overdue"))
        .select("council", "plan_id", "days_overdue")
        .sort("council", "plan_id", "days_overdue")
    )
    return (
        alt.Chart(data)
        .mark_bar(color=PLAIN_BAR)
        .encode(
            x=alt.X("days_overdue:Q", bin=alt.Bin(step=30), title="Days overdue (30-day bins)"),
            y=alt.Y("count():Q", title="Actions", axis=COUNT_AXIS),
            row=alt.Row(
                "council:N", title=None, header=alt.Header(labelAngle=0, labelAlign="left")
            ),
            tooltip=["council", "plan_id", alt.Tooltip("count():Q", title="actions")],
        )
        .properties(title="How far overdue actions are", width=420, height=90)
    )


def milestone_trend(measured: pl.DataFrame, plans: pl.DataFrame, chain: str) -> alt.LayerChart:
    """Milestone trend chart for one chain of versions.

    x: each version's as-of date; y: the due date each action had in that version (its revised
    due date where there is one); one line per action across versions (``lineage_id``). A
    diagonal marks due = as-of: a line that climbs has slipped, one that meets the diagonal
    became due.
    """
    docs = _require(plans, "chain", chain).select(
        "plan_id", pl.col("as_of").alias("reported"), "version"
    )
    data = (
        measured.join(docs, on="plan_id")
        .with_columns(
            pl.coalesce("revised_end", "deadline_end").alias("forecast"),
            action_name(),
            action_caption(40),
        )
        .filter(pl.col("forecast").is_not_null())
        .select(
            "lineage_id",
            "action",
            "action_caption",
            "version",
            "reported",
            "forecast",
            "status",
            "text",
        )
        .sort("lineage_id", "version")
    )
    if data.is_empty():
        msg = f"chain {chain!r} has no action with a due date to plot"
        raise ParameterError(msg, hint="choose a chain whose plans have dated deadlines")
    base = alt.Chart(data)
    x = alt.X("reported:T", title="Version as of", axis=alt.Axis(format="%b %Y"))
    y = alt.Y("forecast:T", title="Due date in that version", axis=alt.Axis(format="%b %Y"))
    lines = base.mark_line(color=TRACE_GREY).encode(x=x, y=y, detail="lineage_id:N")
    points = base.mark_point(filled=True, size=60).encode(
        x=x,
        y=y,
        color=alt.Color("status:N", scale=STATUS_SCALE, title="Status", legend=LEGEND_BELOW),
        tooltip=["action", "text", "reported:T", "forecast:T", "status"],
    )
    low = min(data["reported"].min(), data["forecast"].min())
    high = max(data["reported"].max(), data["forecast"].max())
    diagonal = (
        alt.Chart(pl.DataFrame({"day": [low, high]}))
        .mark_line(color="black", strokeDash=[2, 2])
        .encode(x="day:T", y="day:T")
    )
    ends = (
        data.group_by("lineage_id", maintain_order=True)
        .last()
        .with_columns(pl.format("{}: {}", pl.col("action_caption"), _status_words()).alias("label"))
    )
    labels = (
        alt.Chart(ends)
        .mark_text(align="left", dx=6, fontSize=10)
        .encode(x="reported:T", y="forecast:T", text="label:N")
    )
    return alt.layer(diagonal, lines, points, labels).properties(
        title=f"Milestone trend: {chain}", width=420, height=320
    )
