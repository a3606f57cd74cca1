"""The report's charts, each a :class:`~cpcanalysis.report.figures.Figure`: a titled altair chart
with its data as an escaped table beside it.

Colours are for colour-blind readers too: counts use one sequential hue (blues) and print the
number in every cell; statuses are shown as labelled panels, never by colour alone; the focus
council is marked by shape and by name, not only by colour.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from cpcanalysis.report import summaries
from cpcanalysis.report.figures import Figure
from cpcanalysis.report.tables import format_percent, format_value, table
from cpcanalysis.slippage.charts import STATUS_COLOURS

__all__ = [
    "FOCUS_FIGURES",
    "STATUS_COLOURS",
    "days_overdue",
    "deadline_profile",
    "deadline_states",
    "figure_label",
    "focus_strip",
    "focus_timeline",
    "status_panels",
    "theme_heatmap",
]

SEQUENTIAL_SCHEME = "blues"
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies
FOCUS_COLOUR = "#D55E00"
OTHERS_COLOUR = "#7F7F7F"
# deadline states (summaries.DEADLINE_STATES, in order): done, late, due later, not judgeable
DEADLINE_STATE_COLOURS = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#E69F00",
    "#CC79A7",
    "#56B4E9",
    "#999999",
]
# dated deadlines that cannot be judged (no as-of date): black, apart from the seven above
NOT_JUDGED_COLOUR = "#000000"
# the overview shares the focus view places the focus council among the others on
FOCUS_FIGURES = ["share_dated", "share_complete", "share_overdue"]
_ROW_STEP = 18  # pixels per council row
_FIGURE_LABELS = {
    "documents": "Documents",
    "recommendations": "Recommendations",
    "actions": "Actions",
    "share_dated": "Share of actions with a dated deadline",
    "share_complete": "Share of actions complete",
    "share_overdue": "Share of actions overdue",
    "n_due": "Actions due by the as-of date",
    "n_overdue": "Actions overdue",
    "median_days_overdue": "Median days overdue",
    "n_revised": "Actions with a revised deadline",
    "median_slippage_days": "Median slippage (days)",
}


# column headings of the report's tables (figure labels first, then these)
COLUMN_LABELS = {
    "council": "Council",
    "plan_id": "Document",
    "action": "Action",
    "status": "Status",
    "status_mix": "Status mix",
    "source_path": "Source file",
    "source_row": "Row",
    "column": "Column",
    "severity": "Severity",
    "message": "What was found",
    "document_kind": "Kind",
    "cpc_date": "CPC date",
    "as_of": "As of",
    "source_format": "Format",
    "sha256": "SHA-256",
    "in_manifest": "In plans.toml",
    "error": "Errors",
    "warning": "Warnings",
    "info": "Repairs (info)",
    "parameter": "Parameter",
    "value": "Value",
    "software": "Software",
    "version": "Version",
    "core_element": "Core element",
    "theme": "Theme",
    "rec_id": "No.",
    "text": "Text",
}


def is_share(name: str) -> bool:
    """Whether an overview or slippage column holds a share in 0..1 (shown as a percentage)."""
    return name.startswith("share_") or name == "schedule_index"


def figure_label(name: str) -> str:
    """How an overview column is named in the report."""
    return _FIGURE_LABELS.get(name, name.replace("_", " ").capitalize())


def _heatmap(counts: pl.DataFrame, x: alt.X, value: str, value_title: str) -> alt.LayerChart:
    """Councils down, ``x`` across: shaded cells with the count printed (white on dark)."""
    base = alt.Chart(counts).encode(x=x, y=alt.Y("council:N", title=None))
    cells = base.mark_rect(stroke="white").encode(
        color=alt.Color(f"{value}:Q", title=value_title, scale=alt.Scale(scheme=SEQUENTIAL_SCHEME)),
        tooltip=["council:N", x.shorthand, f"{value}:Q"],
    )
    half = (counts[value].max() or 0) / 2 if counts.height else 0
    numbers = base.mark_text(fontSize=10).encode(
        text=f"{value}:Q",
        color=alt.condition(alt.datum[value] > half, alt.value("white"), alt.value("black")),
    )
    return alt.layer(cells, numbers).properties(height=alt.Step(_ROW_STEP))


def theme_heatmap(recommendations: pl.DataFrame, level: str) -> Figure:
    """Recommendations per council and theme (or core element): the themes package's heatmap,
    its counts as the table."""
    from cpcanalysis import themes

    chart = themes.heatmap(themes.by_council(recommendations, level), level, value="n")
    title = chart.title
    counts = themes.theme_matrix(recommendations, level)
    caption = f"{title}: recommendations"
    return Figure(chart, table(counts, caption=caption, labels=COLUMN_LABELS, row_header="council"))


def deadline_profile(profile: pl.DataFrame, *, review_month: int = 10) -> Figure:
    """Actions per council by calendar months from the CPC month to their due date."""
    counts = summaries.profile_counts(profile)
    title = "Deadline profile: months from the peer challenge to each due date"
    x = alt.X("months_from_cpc:O", title="Months after the CPC month (0 = the CPC month)")
    chart = _heatmap(counts, x, "actions", "Actions").properties(
        title={
            "text": title,
            "subtitle": f"The LGA progress review comes about {review_month} months after the CPC",
        }
    )
    wide = counts.pivot(on="months_from_cpc", index="council", values="actions", sort_columns=True)
    months = [c for c in wide.columns if c != "council"]
    wide = wide.with_columns(pl.col(months).fill_null(0)).rename({c: f"{c} months" for c in months})
    alternative = table(
        wide.sort("council"),
        caption=f"{title}: actions",
        labels=COLUMN_LABELS,
        row_header="council",
    )
    return Figure(chart, alternative)


def _panels(
    frame: pl.DataFrame, category: str, colours: dict[str, str], *, title: str
) -> alt.Chart:
    """One panel per ``category`` value, headed by it, with a bar per council. The heading is
    the cue; colour only repeats it."""
    order = list(colours)
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("actions:Q", title="Actions"),
            y=alt.Y("council:N", title=None),
            color=alt.Color(
                f"{category}:N",
                scale=alt.Scale(domain=order, range=list(colours.values())),
                legend=None,
            ),
            column=alt.Column(f"{category}:N", sort=order, title=None),
            tooltip=["council:N", f"{category}:N", "actions:Q"],
        )
        .properties(title=title, width=100, height=alt.Step(_ROW_STEP))
    )


def _wide(frame: pl.DataFrame, category: str, order: list[str]) -> pl.DataFrame:
    wide = frame.pivot(on=category, index="council", values="actions")
    return wide.select("council", *[c for c in order if c in wide.columns]).sort("council")


def status_panels(mix: pl.DataFrame, *, title: str = "Status of actions by council") -> Figure:
    """Actions per council in each status (``summaries.status_mix``)."""
    colours = {summaries.STATUS_LABELS[s]: c for s, c in STATUS_COLOURS.items()}
    chart = _panels(mix, "status_label", colours, title=title)
    wide = _wide(mix, "status_label", list(colours))
    return Figure(chart, table(wide, caption=title, labels=COLUMN_LABELS, row_header="council"))


def deadline_states(states: pl.DataFrame) -> Figure:
    """Actions per council by where their deadline stands at the as-of date
    (``summaries.deadline_states``)."""
    title = "Deadlines against the as-of date"
    colours = dict(zip(summaries.DEADLINE_STATES, DEADLINE_STATE_COLOURS, strict=True))
    if (states["state"] == summaries.NOT_JUDGED).any():
        colours[summaries.NOT_JUDGED] = NOT_JUDGED_COLOUR
        colours = {s: colours[s] for s in states["state"].unique(maintain_order=True)}
    chart = _panels(states, "state", colours, title=title)
    wide = _wide(states, "state", list(colours))
    return Figure(chart, table(wide, caption=title, labels=COLUMN_LABELS, row_header="council"))


def days_overdue(measured: pl.DataFrame) -> Figure:
    """Every overdue action as a point on a days-overdue axis, a row per council, with each
    council's median marked by a tick."""
    overdue = summaries.overdue_actions(measured)
    title = "How far overdue actions are, at the as-of date"
    base = alt.Chart(overdue).encode(
        x=alt.X("days_overdue:Q", title="Days overdue"), y=alt.Y("council:N", title=None)
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
    chart = alt.layer(points, medians).properties(
        title={"text": title, "subtitle": "Dots: actions; black tick: the council's median"},
        width=520,
        height=alt.Step(_ROW_STEP),
    )
    per_council = (
        overdue.group_by("council")
        .agg(
            pl.len().alias("overdue actions"),
            pl.col("days_overdue").median().alias("median days"),
            pl.col("days_overdue").max().alias("most days"),
        )
        .sort("council")
    )
    alternative = table(
        per_council,
        caption=title,
        empty="No action is overdue.",
        labels={
            **COLUMN_LABELS,
            "overdue actions": "Overdue actions",
            "median days": "Median days overdue",
            "most days": "Most days overdue",
        },
        row_header="council",
    )
    return Figure(chart, alternative)


def focus_timeline(measured: pl.DataFrame, council: str) -> Figure:
    """One council's due dates against the as-of date (the slippage package's timeline)."""
    from cpcanalysis.slippage.charts import deadline_timeline

    rows = summaries.council_deadlines(measured, council).with_columns(
        pl.col("status").replace_strict(summaries.STATUS_LABELS, default=pl.col("status"))
    )
    return Figure(
        deadline_timeline(measured, council),
        table(
            rows,
            caption=f"{council}: actions with a due date",
            labels={**COLUMN_LABELS, **_DEADLINE_LABELS},
            row_header="action",
        ),
    )


def focus_strip(overview: pl.DataFrame, focus: str) -> Figure:
    """Each share on its own line: other councils as grey circles, the focus council as a
    diamond labelled with its name. The table gives every overview figure, focus beside the
    others' median, lowest and highest."""
    shares = [f for f in FOCUS_FIGURES if f in overview.columns]
    labels = {f: figure_label(f) for f in overview.columns if f != "council"}
    long = (
        overview.unpivot(index="council", on=shares, variable_name="figure")
        .drop_nulls("value")
        .with_columns(
            pl.col("figure").replace_strict(labels),
            pl.when(pl.col("council") == focus)
            .then(pl.lit(focus))
            .otherwise(pl.lit("Other councils"))
            .alias("group"),
        )
        .sort("figure", "council")
    )
    groups = [focus, "Other councils"]
    base = alt.Chart(long).encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        y=alt.Y("figure:N", title=None, sort=[labels[f] for f in shares]),
    )
    points = base.mark_point(filled=True, size=90, opacity=0.85).encode(
        shape=alt.Shape(
            "group:N", scale=alt.Scale(domain=groups, range=["diamond", "circle"]), title=None
        ),
        color=alt.Color(
            "group:N",
            scale=alt.Scale(domain=groups, range=[FOCUS_COLOUR, OTHERS_COLOUR]),
            title=None,
        ),
        tooltip=["council:N", "figure:N", alt.Tooltip("value:Q", format=".0%")],
    )
    name = (
        base.transform_filter(alt.datum.group == focus)
        .mark_text(dy=-13, fontWeight="bold")
        .encode(text="council:N")
    )
    title = f"{focus} against the other councils"
    chart = alt.layer(points, name).properties(title=title, width=520, height=alt.Step(46))
    comparison = _as_text(summaries.focus_comparison(overview, focus), labels)
    alternative = table(
        comparison,
        caption=title,
        labels=_COMPARISON_LABELS,
        row_header="figure",
        numeric=[c for c in comparison.columns if c != "figure"],
    )
    return Figure(chart, alternative)


def _as_text(comparison: pl.DataFrame, labels: dict[str, str]) -> pl.DataFrame:
    """The focus comparison as display text: shares as whole percentages (as in the overview),
    other figures as the report's tables write numbers; figures by their labels."""
    values = [c for c in comparison.columns if c != "figure"]
    rows = []
    for row in comparison.iter_rows(named=True):
        share = is_share(row["figure"])
        shown = {"figure": labels.get(row["figure"], row["figure"])}
        for column in values:
            value = row[column]
            as_share = share and column != "others_with_value"
            shown[column] = format_percent(value) if as_share else format_value(value)
        rows.append(shown)
    return pl.DataFrame(rows, schema=dict.fromkeys(comparison.columns, pl.String))


_COMPARISON_LABELS = {
    "figure": "Figure",
    "focus": "Focus council",
    "others_median": "Others: median",
    "others_lowest": "Others: lowest",
    "others_highest": "Others: highest",
    "others_with_value": "Others with a value",
}

_DEADLINE_LABELS = {
    "deadline_text": "Deadline as published",
    "deadline_end": "Due date",
    "revised_end": "Revised due date",
    "as_of": "Judged at",
    "days_overdue": "Days overdue",
}
