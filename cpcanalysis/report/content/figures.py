"""The report's figures: each a chart of :mod:`cpcanalysis.charts` paired with its data as an
escaped table, as a :class:`~cpcanalysis.report.content.figure.Figure`.

Column headings, status and state labels and colours all come from :mod:`cpcanalysis.schema`.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from cpcanalysis.charts import comparison
from cpcanalysis.report.content import summaries
from cpcanalysis.report.content.figure import Figure
from cpcanalysis.report.content.html import format_percent, format_value, table
from cpcanalysis.schema import DEADLINE_STATES, FOCUS_GROUPS, STATUSES, label, labels

__all__ = [
    "FOCUS_FIGURES",
    "days_overdue",
    "deadline_profile",
    "deadline_states",
    "focus_strip",
    "focus_timeline",
    "is_share",
    "status_panels",
    "theme_heatmap",
]

# the overview shares the focus view places the focus council among the others on
FOCUS_FIGURES = ["share_dated", "share_complete", "share_overdue"]


def _headings(frame: pl.DataFrame, view: str | None = None) -> dict[str, str]:
    """Each column's heading: its label in ``view``, else its field's label."""
    return {c: label(c, view) for c in frame.columns}


def is_share(name: str) -> bool:
    """Whether a column holds a share in 0..1 (shown as a percentage), by its declaration."""
    from cpcanalysis.schema import field_format

    return field_format(name) == "percent"


def theme_heatmap(recommendations: pl.DataFrame, level: str) -> Figure:
    """Recommendations per council and theme (or core element): the themes heatmap, its counts
    as the table."""
    from cpcanalysis import themes

    chart = themes.heatmap(themes.by_council(recommendations, level), level, value="n")
    counts = themes.theme_matrix(recommendations, level)
    caption = f"{chart.title}: recommendations"
    alternative = table(counts, caption=caption, labels=_headings(counts), row_header="council")
    return Figure(chart, alternative)


def deadline_profile(profile: pl.DataFrame, *, review_month: int = 10) -> Figure:
    """Actions per council by calendar months from the CPC month to their due date."""
    counts = summaries.profile_counts(profile)
    title = "Deadline profile: months from the peer challenge to each due date"
    x = alt.X("months_from_cpc:O", title="Months after the CPC month (0 = the CPC month)")
    chart = comparison.count_heatmap(
        counts,
        x,
        "actions",
        title={
            "text": title,
            "subtitle": f"The LGA progress review comes about {review_month} months after the CPC",
        },
    )
    wide = counts.pivot(on="months_from_cpc", index="council", values="actions", sort_columns=True)
    months = [c for c in wide.columns if c != "council"]
    wide = wide.with_columns(pl.col(months).fill_null(0)).rename({c: f"{c} months" for c in months})
    alternative = table(
        wide.sort("council"),
        caption=f"{title}: actions",
        labels=_headings(wide),
        row_header="council",
    )
    return Figure(chart, alternative)


def _wide(frame: pl.DataFrame, category: str, order: list[str]) -> pl.DataFrame:
    wide = frame.pivot(on=category, index="council", values="actions")
    return wide.select("council", *[c for c in order if c in wide.columns]).sort("council")


def _panel_figure(frame: pl.DataFrame, category: str, colours: dict[str, str], title: str):
    chart = comparison.panels(frame, category, colours, title=title)
    wide = _wide(frame, category, list(colours))
    return Figure(chart, table(wide, caption=title, labels=_headings(wide), row_header="council"))


def status_panels(mix: pl.DataFrame, *, title: str = "Status of actions by council") -> Figure:
    """Actions per council in each status (``summaries.status_mix``)."""
    return _panel_figure(mix, "status_label", STATUSES.label_colours(), title)


def deadline_states(states: pl.DataFrame) -> Figure:
    """Actions per council by where their deadline stands at the as-of date
    (``summaries.deadline_states``): the states in the vocabulary's order, the not-judged state
    only when some action is in it."""
    present = set(states["state"].to_list())
    not_judged = DEADLINE_STATES.term("not_judged").label
    colours = {
        name: colour
        for name, colour in DEADLINE_STATES.label_colours().items()
        if name != not_judged or name in present
    }
    return _panel_figure(states, "state", colours, "Deadlines against the as-of date")


def days_overdue(measured: pl.DataFrame) -> Figure:
    """Every overdue action as a point on a days-overdue axis, a row per council, with each
    council's median marked by a tick."""
    overdue = summaries.overdue_actions(measured)
    title = "How far overdue actions are, at the as-of date"
    chart = comparison.days_overdue(overdue, title=title)
    per_council = (
        overdue.group_by("council")
        .agg(
            pl.len().alias("n_overdue"),
            pl.col("days_overdue").median().alias("median_days_overdue"),
            pl.col("days_overdue").max().cast(pl.Float64).alias("most_days_overdue"),
        )
        .sort("council")
    )
    alternative = table(
        per_council,
        caption=title,
        empty="No action is overdue.",
        labels=labels("overdue_by_council"),
        row_header="council",
    )
    return Figure(chart, alternative)


def focus_timeline(measured: pl.DataFrame, council: str) -> Figure:
    """One council's due dates against the as-of date (the slippage timeline)."""
    from cpcanalysis.charts.slippage import deadline_timeline

    rows = summaries.council_deadlines(measured, council).with_columns(
        pl.col("status").replace_strict(STATUSES.labels(), default=pl.col("status"))
    )
    return Figure(
        deadline_timeline(measured, council),
        table(
            rows,
            caption=f"{council}: actions with a due date",
            labels=labels("council_deadlines"),
            row_header="action",
        ),
    )


def focus_strip(overview: pl.DataFrame, focus: str) -> Figure:
    """Each share on its own line: other councils as grey circles, the focus council as a
    diamond labelled with its name. The table gives every overview figure, focus beside the
    others' median, lowest and highest."""
    shares = [f for f in FOCUS_FIGURES if f in overview.columns]
    figure_labels = {f: label(f, "overview") for f in overview.columns if f != "council"}
    others = FOCUS_GROUPS.term("others").label
    long = (
        overview.unpivot(index="council", on=shares, variable_name="figure")
        .drop_nulls("value")
        .with_columns(
            pl.col("figure").replace_strict(figure_labels),
            pl.when(pl.col("council") == focus)
            .then(pl.lit(focus))
            .otherwise(pl.lit(others))
            .alias("group"),
        )
        .sort("figure", "council")
    )
    title = f"{focus} against the other councils"
    order = [figure_labels[f] for f in shares]
    chart = comparison.focus_strip(long, focus, order, title=title)
    shown = _as_text(summaries.focus_comparison(overview, focus), figure_labels)
    alternative = table(
        shown,
        caption=title,
        labels=labels("focus_comparison"),
        row_header="figure",
        numeric=[c for c in shown.columns if c != "figure"],
    )
    return Figure(chart, alternative)


def _as_text(comparison_frame: pl.DataFrame, figure_labels: dict[str, str]) -> pl.DataFrame:
    """The focus comparison as display text: shares as whole percentages (as in the overview),
    other figures as the report's tables write numbers; figures by their labels."""
    values = [c for c in comparison_frame.columns if c != "figure"]
    rows = []
    for row in comparison_frame.iter_rows(named=True):
        share = is_share(row["figure"])
        shown = {"figure": figure_labels.get(row["figure"], row["figure"])}
        for column in values:
            value = row[column]
            as_share = share and column != "others_with_value"
            shown[column] = format_percent(value) if as_share else format_value(value)
        rows.append(shown)
    return pl.DataFrame(rows, schema=dict.fromkeys(comparison_frame.columns, pl.String))
