"""The report's figures: each a chart of :mod:`cpcanalysis.charts` paired with its data as an
escaped table, as a :class:`~cpcanalysis.report.content.figure.Figure`.

Column headings, status and state labels and colours all come from :mod:`cpcanalysis.schema`.
For reports of many councils, the ``national_*`` figures show every council together.
"""

from __future__ import annotations

import polars as pl

from cpcanalysis.charts import comparison
from cpcanalysis.report.content import national, summaries
from cpcanalysis.report.content.figure import Figure
from cpcanalysis.report.content.html import format_percent, format_value, table
from cpcanalysis.schema import DEADLINE_STATES, FOCUS_GROUPS, STATUSES, label, labels

__all__ = [
    "FOCUS_FIGURES",
    "REVIEW_MONTH",
    "days_overdue",
    "deadline_profile",
    "deadline_states",
    "focus_strip",
    "focus_timeline",
    "is_share",
    "milestone_trend",
    "national_deadline_profile",
    "national_states",
    "national_status",
    "national_themes",
    "share_distribution",
    "status_panels",
    "theme_heatmap",
]

# the overview shares the focus view places the focus council among its peers on
FOCUS_FIGURES = ["share_dated", "share_complete", "share_overdue"]
REVIEW_MONTH = 10  # the LGA's progress review comes about ten months after the CPC
DENSE_PEERS = 12  # more peers than this are drawn as a strip of ticks, not stacked dots


def _headings(frame: pl.DataFrame, view: str | None = None) -> dict[str, str]:
    """Each column's heading: its label in ``view``, else its field's label."""
    return {c: label(c, view) for c in frame.columns}


def is_share(name: str) -> bool:
    """Whether a column holds a share in 0..1 (shown as a percentage), by its declaration."""
    from cpcanalysis.schema import field_format

    return field_format(name) == "percent"


def theme_heatmap(recommendations: pl.DataFrame, level: str) -> Figure:
    """Recommendations per theme (or core element) and council: the themes heatmap, themes
    down the rows; its counts as the table, laid out the same way."""
    from cpcanalysis import themes

    long = themes.by_council(recommendations, level)
    chart = themes.heatmap(long, level, value="n")
    counts = long.pivot(on="council", index=level, values="n", sort_columns=True)
    caption = f"{chart.title}: recommendations"
    alternative = table(counts, caption=caption, labels=_headings(counts), row_header=level)
    return Figure(chart, alternative)


def national_themes(recommendations: pl.DataFrame, level: str) -> Figure:
    """Recommendations per theme (or core element) over every council, with how many
    councils had at least one."""
    frame = national.national_themes(recommendations, level)
    title = f"Recommendations by {level.replace('_', ' ')}, every council"
    chart = comparison.theme_bars(frame, level, title=title)
    shown = table(
        frame,
        caption=title,
        labels=labels("national_themes"),
        percent=["share_of_councils"],
        row_header=level,
    )
    return Figure(chart, shown)


def _profile_title(review_month: int) -> dict[str, str]:
    return {
        "text": "Deadline profile: months from the peer challenge to each due date",
        "subtitle": f"Dashed frame: the month of the LGA's progress review, about {review_month} "
        "months after the CPC",
    }


def deadline_profile(profile: pl.DataFrame, *, review_month: int = REVIEW_MONTH) -> Figure:
    """Actions per council by calendar months from the CPC month to their due date, on an axis
    of every month, the progress review marked."""
    counts = summaries.profile_counts(profile)
    title = _profile_title(review_month)
    chart = comparison.month_heatmap(counts, review_month=review_month, title=title)
    wide = counts.pivot(on="months_from_cpc", index="council", values="actions", sort_columns=True)
    months = [c for c in wide.columns if c != "council"]
    wide = wide.with_columns(pl.col(months).fill_null(0)).rename({c: f"{c} months" for c in months})
    alternative = table(
        wide.sort("council"),
        caption=f"{title['text']}: actions",
        labels=_headings(wide),
        row_header="council",
    )
    return Figure(chart, alternative)


def national_deadline_profile(profile: pl.DataFrame, *, review_month: int = REVIEW_MONTH) -> Figure:
    """Every council's actions together by months from the CPC to their due date."""
    counts = summaries.profile_counts(profile)
    title = _profile_title(review_month)
    chart = comparison.month_bars(counts, review_month=review_month, title=title)
    totals = (
        counts.group_by("months_from_cpc")
        .agg(pl.col("actions").sum())
        .sort("months_from_cpc")
        .select("months_from_cpc", "actions")
    )
    return Figure(
        chart,
        table(
            totals,
            caption=f"{title['text']}: actions",
            labels=_headings(totals),
            row_header="months_from_cpc",
        ),
    )


def _wide(frame: pl.DataFrame, category: str, order: list[str]) -> pl.DataFrame:
    wide = frame.pivot(on=category, index="council", values="actions")
    return wide.select("council", *[c for c in order if c in wide.columns]).sort("council")


def _panel_figure(frame: pl.DataFrame, category: str, colours: dict[str, str], title: str):
    chart = comparison.panels(frame, category, colours, title=title)
    wide = _wide(frame, category, list(colours))
    return Figure(chart, table(wide, caption=title, labels=_headings(wide), row_header="council"))


def _national_bars(frame: pl.DataFrame, category: str, colours: dict[str, str], title: str):
    chart = comparison.category_bars(frame, category, colours, title=title)
    totals = frame.group_by(category).agg(pl.col("actions").sum())
    order = pl.DataFrame({category: list(colours)})
    shown = order.join(totals, on=category, how="left").with_columns(pl.col("actions").fill_null(0))
    return Figure(chart, table(shown, caption=title, labels=_headings(shown), row_header=category))


def status_panels(mix: pl.DataFrame, *, title: str = "Status of actions by council") -> Figure:
    """Actions per council in each status (``summaries.status_mix``)."""
    return _panel_figure(mix, "status_label", STATUSES.label_colours(), title)


def national_status(mix: pl.DataFrame) -> Figure:
    """Every council's actions together, by status."""
    return _national_bars(
        mix, "status_label", STATUSES.label_colours(), "Status of actions, every council"
    )


def _state_colours(states: pl.DataFrame) -> dict[str, str]:
    """The states in the vocabulary's order, the not-judged state only when some action is in
    it."""
    present = set(states.filter(pl.col("actions") > 0)["state"].to_list())
    not_judged = DEADLINE_STATES.term("not_judged").label
    return {
        name: colour
        for name, colour in DEADLINE_STATES.label_colours().items()
        if name != not_judged or name in present
    }


def deadline_states(states: pl.DataFrame) -> Figure:
    """Actions per council by where their deadline stands at the as-of date
    (``summaries.deadline_states``)."""
    return _panel_figure(
        states, "state", _state_colours(states), "Deadlines against the as-of date"
    )


def national_states(states: pl.DataFrame) -> Figure:
    """Every council's actions together, by where their deadline stands."""
    return _national_bars(
        states, "state", _state_colours(states), "Deadlines against the as-of date, every council"
    )


def share_distribution(
    overview: pl.DataFrame, value: str, *, title: str, blank: str = "no value"
) -> Figure:
    """How the councils spread over one share of the overview, in bands of ten points;
    councils without a value are not drawn but counted in the table, as ``blank``."""
    chart = comparison.share_distribution(overview, value, title=title)
    bins = (
        overview.select(
            pl.when(pl.col(value).is_null())
            .then(pl.lit(blank))
            .otherwise(
                pl.format(
                    "{}% to {}%",
                    (pl.col(value).clip(0, 0.999) * 10).floor().cast(pl.Int64) * 10,
                    (pl.col(value).clip(0, 0.999) * 10).floor().cast(pl.Int64) * 10 + 10,
                )
            )
            .alias("band")
        )
        .group_by("band")
        .agg(pl.len().cast(pl.Int64).alias("councils"))
        .sort(pl.col("band") == blank, pl.col("band").str.extract(r"^(\d+)").cast(pl.Int64))
    )
    shown = table(
        bins,
        caption=title,
        labels={"band": label(value), "councils": label("councils")},
        row_header="band",
    )
    return Figure(chart, shown)


def days_overdue(measured: pl.DataFrame) -> Figure:
    """Every overdue action as a point on a days-overdue axis, a row per council, equal values
    stacked, with each council's median marked by a tick."""
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
    """One council's due dates against the as-of date (the slippage timeline), each action
    named by its number and text."""
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
            row_header="action_caption",
        ),
    )


def milestone_trend(
    measured: pl.DataFrame, plans: pl.DataFrame, chain: str, milestones: pl.DataFrame
) -> Figure:
    """The milestone trend of one chain (due dates by version), its data as a table of each
    action's due date in each version."""
    from cpcanalysis.charts.slippage import milestone_trend as trend

    chart = trend(measured, plans, chain)
    return Figure(
        chart,
        table(
            milestones,
            caption=f"Milestone trend: {chain}: due date of each action in each version",
            labels=_headings(milestones),
            row_header="action_caption",
        ),
    )


def focus_strip(overview: pl.DataFrame, focus: str, peers: list[str]) -> Figure:
    """Each share on its own line: the peers as grey circles (stacked where equal), the focus
    council as a diamond labelled with its name. The table gives every overview figure, focus
    beside the peers' median, lowest and highest."""
    shares = [f for f in FOCUS_FIGURES if f in overview.columns]
    figure_labels = {f: label(f, "overview") for f in overview.columns if f != "council"}
    others = FOCUS_GROUPS.term("others").label
    chosen = overview.filter(pl.col("council").is_in([focus, *peers]))
    long = (
        chosen.unpivot(index="council", on=shares, variable_name="figure")
        .drop_nulls("value")
        .with_columns(
            pl.col("figure").replace_strict(figure_labels),
            pl.when(pl.col("council") == focus)
            .then(pl.lit(focus))
            .otherwise(pl.lit(others))
            .alias("group"),
        )
        .sort("figure", pl.col("council") != focus, "council")
        .with_columns(pl.int_range(pl.len()).over("figure", "value").alias("stack"))
    )
    title = f"{focus} against its peers"
    order = [figure_labels[f] for f in shares]
    dense = len(peers) > DENSE_PEERS
    chart = comparison.focus_strip(long, focus, order, title=title, dense=dense)
    shown = _as_text(summaries.focus_comparison(overview, focus, peers), figure_labels)
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
