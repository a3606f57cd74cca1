"""The frames the comparison report shows, computed from the canonical tables.

Pure polars: frames in, frames out, sorted so the report reads the same every run. Slippage and
theme figures come from :mod:`cpcanalysis.slippage` and :mod:`cpcanalysis.themes`; this module
only selects, joins and counts them for display.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from cpcanalysis.charts.labels import action_caption, action_name
from cpcanalysis.report.content.html import BLANK_SUFFIX
from cpcanalysis.schema import DEADLINE_STATES, ISSUE_CODES, STATUSES, column_names
from cpcanalysis.slippage.versions import chain_order
from cpcanalysis.structure.checks import CHECK_CODES

__all__ = [
    "NO_STATUSES",
    "STATUS_FIGURES",
    "blank_without_statuses",
    "council_overview",
    "data_quality",
    "deadline_profile",
    "focus_comparison",
    "issue_details",
    "provenance",
    "reading_warnings",
    "recommendations_by_theme",
    "status_counts",
    "status_mix",
    "timeline_reasons",
]

_STATE = DEADLINE_STATES.labels()
# a dated deadline in a document without an as-of date: nothing to judge it against
NOT_JUDGED = _STATE["not_judged"]
# where an action's deadline stands at the as-of date, in display order (labels)
STATES_IN_ORDER: tuple[str, ...] = tuple(v for k, v in _STATE.items() if k != "not_judged")
# a deadline class that is not dated names its own state
_CLASS_STATES = {c: _STATE[c] for c in ("vague", "ongoing", "open_ended", "undated")}

# why a figure that needs statuses is blank: unknown, never 0%
NO_STATUSES = "no statuses published"
# figures that mean nothing where a council published no status at all
STATUS_FIGURES = ("share_complete", "schedule_index", "n_optimistic", "share_optimistic")
# figures the library leaves unknown where actions are past due and no status says whether
# they are done: blank there, with the same reason
_UNKNOWN_WITHOUT_STATUSES = ("n_overdue", "share_overdue", "median_days_overdue")

# slippage_summary columns shown in the overview, in order
_SLIPPAGE_COLUMNS = (
    "share_dated",
    "share_complete",
    "as_of",
    "n_due",
    "n_overdue",
    "share_overdue",
    "median_days_overdue",
)


def status_mix(actions: pl.DataFrame) -> pl.DataFrame:
    """Actions per council and status (every status listed, zeros included), with labels."""
    councils = actions.select(pl.col("council").unique())
    grid = councils.join(pl.DataFrame({"status": list(STATUSES)}), how="cross")
    counts = actions.group_by("council", "status").agg(pl.len().alias("actions"))
    order = {status: i for i, status in enumerate(STATUSES)}
    return (
        grid.join(counts, on=["council", "status"], how="left")
        .with_columns(
            pl.col("actions").fill_null(0).cast(pl.Int64),
            pl.col("status").replace_strict(STATUSES.labels()).alias("status_label"),
            pl.col("status").replace_strict(order, return_dtype=pl.Int64).alias("status_order"),
        )
        .sort("council", "status_order")
    )


def latest_documents(plans: pl.DataFrame) -> pl.Series:
    """``plan_id`` of the latest document of each chain (a document without a chain is its own
    chain): later versions repeat the earlier ones' actions, so counts use the latest only.

    The order is :func:`cpcanalysis.slippage.versions.chain_order`'s, the one
    :func:`cpcanalysis.slippage.summarise` rolls a council up by, so the overview's counts and
    the slippage figures beside them describe the same documents (a version missing from the
    manifest is taken from the as-of dates; a document without an as-of date comes last)."""
    return (
        chain_order(plans)
        .group_by("chain", maintain_order=True)
        .agg(pl.col("plan_id").last())
        .get_column("plan_id")
        .sort()
    )


def _status_text(mix: pl.DataFrame) -> pl.DataFrame:
    """Per council, the non-zero status counts in words: '3 complete, 2 on track'."""
    return (
        mix.filter(pl.col("actions") > 0)
        .sort("council", "status_order")
        .group_by("council", maintain_order=True)
        .agg(
            pl.format("{} {}", pl.col("actions"), pl.col("status_label").str.to_lowercase())
            .str.join(", ")
            .alias("status_mix")
        )
    )


def status_counts(actions: pl.DataFrame) -> pl.DataFrame:
    """Per council: its actions, those with a published status (any but unknown) and those
    complete. Give it the latest documents' actions (:func:`latest_documents`)."""
    return (
        actions.group_by("council")
        .agg(
            pl.len().cast(pl.Int64).alias("n_actions"),
            (pl.col("status") != "unknown").sum().cast(pl.Int64).alias("n_with_status"),
            (pl.col("status") == "complete").sum().cast(pl.Int64).alias("n_complete"),
        )
        .sort("council")
    )


def blank_without_statuses(frame: pl.DataFrame, counts: pl.DataFrame) -> pl.DataFrame:
    """``frame`` (one row per council) with each of :data:`STATUS_FIGURES` it has made null
    where the council published no status (``counts`` from :func:`status_counts`), and a
    column saying so (``NAME`` + BLANK_SUFFIX, which tables show instead of the blank) for
    those and for the overdue figures the library leaves unknown there.

    A share complete of a plan that gives no status is not 0%: it is not known. Whether the
    summary already gives null there or not, the report shows the same."""
    none = counts.filter(pl.col("n_with_status") == 0)["council"].implode()
    silent = pl.col("council").is_in(none)
    forced = [c for c in STATUS_FIGURES if c in frame.columns]
    unknown = [c for c in _UNKNOWN_WITHOUT_STATUSES if c in frame.columns]
    frame = frame.with_columns(
        pl.when(silent).then(None).otherwise(pl.col(c)).alias(c) for c in forced
    )
    # the overdue figures are unknown where the count is (not where no action is overdue)
    unjudged = silent & pl.col("n_overdue").is_null() if "n_overdue" in frame.columns else silent
    return frame.with_columns(
        *(pl.when(silent).then(pl.lit(NO_STATUSES)).alias(c + BLANK_SUFFIX) for c in forced),
        *(
            pl.when(unjudged & pl.col(c).is_null())
            .then(pl.lit(NO_STATUSES))
            .alias(c + BLANK_SUFFIX)
            for c in unknown
        ),
    )


def timeline_reasons(summary: pl.DataFrame, plans: pl.DataFrame) -> pl.DataFrame:
    """The council rows of ``summary`` with, for each LGA timeline check that is null, what
    date is missing and where to record it (``NAME`` + BLANK_SUFFIX columns). The plan's
    check dates the action plan (never a tracker), so a council whose documents hold no action
    plan is told to add it."""
    no_cpc = pl.col("cpc_date").is_null()
    missing_cpc = pl.lit("no CPC date (cpc_date in plans.toml)")
    planned = plans.filter(pl.col("document_kind") == "action_plan")["council"].unique()
    return summary.with_columns(
        pl.when(no_cpc)
        .then(missing_cpc)
        .when(pl.col("plan_published").is_null() & pl.col("council").is_in(planned.implode()))
        .then(pl.lit("no publication date (published of the action plan in plans.toml)"))
        .when(pl.col("plan_published").is_null())
        .then(pl.lit("no action plan dated (add it to plans.toml, with published)"))
        .alias("plan_within_3_months" + BLANK_SUFFIX),
        pl.when(no_cpc)
        .then(missing_cpc)
        .when(pl.col("review_date").is_null())
        .then(pl.lit("no progress review (a progress_review document in plans.toml)"))
        .alias("review_about_10_months" + BLANK_SUFFIX),
    )


def council_overview(
    plans: pl.DataFrame,
    recommendations: pl.DataFrame,
    actions: pl.DataFrame,
    slippage_summary: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per council: documents, then recommendations, actions and their status mix in
    the latest document of each chain, and, when a slippage summary is given, its council
    figures (share dated, overdue, revisions)."""
    latest = latest_documents(plans).implode()
    recommendations = recommendations.filter(pl.col("plan_id").is_in(latest))
    actions = actions.filter(pl.col("plan_id").is_in(latest))
    overview = (
        plans.group_by("council")
        .agg(pl.len().alias("documents"))
        .join(
            recommendations.group_by("council").agg(
                pl.struct("plan_id", "rec_no").n_unique().alias("recommendations")
            ),
            on="council",
            how="left",
        )
        .join(actions.group_by("council").agg(pl.len().alias("actions")), on="council", how="left")
        .join(_status_text(status_mix(actions)), on="council", how="left")
        .with_columns(pl.col("recommendations", "actions").fill_null(0).cast(pl.Int64))
    )
    if slippage_summary is not None:
        figures = slippage_summary.filter(pl.col("scope") == "council").select(
            "council", *_SLIPPAGE_COLUMNS
        )
        overview = overview.join(figures, on="council", how="left")
        overview = blank_without_statuses(overview, status_counts(actions))
    return overview.sort("council")


def deadline_states(measured: pl.DataFrame) -> pl.DataFrame:
    """Actions per council by where their deadline stands (``STATES_IN_ORDER``), from the
    columns :func:`cpcanalysis.slippage.measure` adds; every state listed, zeros included.
    A dated deadline with no as-of date to judge it at (a document without ``as_of`` in the
    manifest) is ``NOT_JUDGED``, a state listed only when some action is in it."""
    unjudged = pl.col("as_of").is_null() if "as_of" in measured.columns else pl.lit(False)
    state = (
        pl.when(pl.col("status") == "complete")
        .then(pl.lit(_STATE["complete"]))
        .when(pl.col("is_overdue"))
        .then(pl.lit(_STATE["overdue"]))
        .when((pl.col("deadline_class") == "dated") & unjudged)
        .then(pl.lit(NOT_JUDGED))
        .when(pl.col("deadline_class") == "dated")
        .then(pl.lit(_STATE["not_yet_due"]))
        .otherwise(
            pl.col("deadline_class").replace_strict(_CLASS_STATES, default=_STATE["undated"])
        )
    )
    counts = measured.group_by("council", state.alias("state")).agg(pl.len().alias("actions"))
    states = list(STATES_IN_ORDER)
    if (counts["state"] == NOT_JUDGED).any():
        states.insert(states.index(_STATE["not_yet_due"]) + 1, NOT_JUDGED)
    grid = measured.select(pl.col("council").unique()).join(
        pl.DataFrame({"state": states}), how="cross"
    )
    order = {name: i for i, name in enumerate(states)}
    return (
        grid.join(counts, on=["council", "state"], how="left")
        .with_columns(
            pl.col("actions").fill_null(0).cast(pl.Int64),
            pl.col("state").replace_strict(order, return_dtype=pl.Int64).alias("state_order"),
        )
        .sort("council", "state_order")
    )


def overdue_actions(measured: pl.DataFrame) -> pl.DataFrame:
    """The overdue actions, named, with their deadline as published and days overdue, and
    ``stack``: 0 for the first action of a council overdue by a number of days, 1 for the
    second, ... (so a chart can stack them instead of drawing one on another)."""
    return (
        measured.filter(pl.col("is_overdue"))
        .with_columns(action_name())
        .select("council", "plan_id", "action", "deadline_text", "status", "days_overdue")
        .sort(
            "council", "plan_id", "days_overdue", "action", descending=[False, False, True, False]
        )
        .with_columns(pl.int_range(pl.len()).over("council", "days_overdue").alias("stack"))
    )


def council_deadlines(measured: pl.DataFrame, council: str) -> pl.DataFrame:
    """One council's actions with a due date, by due date, each named by its number and text."""
    return (
        measured.filter((pl.col("council") == council) & pl.col("deadline_end").is_not_null())
        .sort("plan_id", "deadline_end", "rec_no", "rec_id", "action_no")
        .with_columns(action_caption())
        .select(
            "plan_id",
            "action_caption",
            "deadline_text",
            "deadline_end",
            "revised_end",
            "status",
            "as_of",
            "days_overdue",
        )
    )


def revised_actions(measured: pl.DataFrame) -> pl.DataFrame:
    """Actions whose deadline was revised: first and latest due dates, slippage, and where the
    revision was read (a column, a later version, or the update text, quoted)."""
    return (
        measured.filter(pl.col("revision_count") > 0)
        .with_columns(action_name())
        .select(
            "council",
            "plan_id",
            "action",
            "original_end",
            "revised_end",
            "slippage_days",
            "revision_count",
            "revision_source",
            "revision_evidence",
        )
        .sort("council", "plan_id", "action")
    )


def _calendar_months(start: pl.Expr, end: pl.Expr) -> pl.Expr:
    return (end.dt.year() - start.dt.year()) * 12 + (end.dt.month() - start.dt.month())


def deadline_profile(actions: pl.DataFrame, plans: pl.DataFrame) -> pl.DataFrame:
    """Each action with a due date in a plan with a CPC date: calendar months from the CPC month
    to the due date's month (0 = the month of the CPC)."""
    cpc = plans.select("plan_id", "cpc_date")
    return (
        actions.join(cpc, on="plan_id", how="left")
        .filter(pl.col("deadline_end").is_not_null() & pl.col("cpc_date").is_not_null())
        .with_columns(
            _calendar_months(pl.col("cpc_date"), pl.col("deadline_end")).alias("months_from_cpc")
        )
        .select("council", "plan_id", "rec_id", "action_no", "deadline_text", "months_from_cpc")
        .sort("council", "plan_id", "rec_id", "action_no")
    )


def profile_counts(profile: pl.DataFrame) -> pl.DataFrame:
    """Actions per council and months-from-CPC value."""
    return (
        profile.group_by("council", "months_from_cpc")
        .agg(pl.len().alias("actions"))
        .sort("council", "months_from_cpc")
    )


def recommendations_by_theme(recommendations: pl.DataFrame) -> pl.DataFrame:
    """Recommendations listed by core element and theme, then council and number; the second
    choice of element where the first is unsure (``cpcanalysis.themes.SURE_AT``)."""
    from cpcanalysis.themes.classifier import SURE_AT

    unsure = pl.col("core_element_confidence") < SURE_AT
    second = pl.when(unsure).then(pl.col("core_element_2")).alias("core_element_2")
    return recommendations.sort(
        "core_element", "theme", "council", "rec_no", "rec_id", nulls_last=True
    ).select("core_element", second, "theme", "council", "rec_id", "theme_confidence", "text")


def focus_comparison(
    overview: pl.DataFrame, focus: str, peers: list[str] | None = None
) -> pl.DataFrame:
    """Each numeric overview figure for the focus council beside its peers' median, lowest
    and highest (``peers``: default, every other council)."""
    numeric = [c for c, t in overview.schema.items() if t.is_numeric()]
    long = overview.unpivot(index="council", on=numeric, variable_name="figure").with_columns(
        pl.col("value").cast(pl.Float64)
    )
    mine = long.filter(pl.col("council") == focus).select("figure", pl.col("value").alias("focus"))
    chosen = pl.col("council") != focus
    if peers is not None:
        chosen = chosen & pl.col("council").is_in(peers)
    others = (
        long.filter(chosen)
        .group_by("figure")
        .agg(
            pl.col("value").median().alias("others_median"),
            pl.col("value").min().alias("others_lowest"),
            pl.col("value").max().alias("others_highest"),
            pl.col("value").count().alias("others_with_value"),
        )
    )
    order = pl.DataFrame({"figure": numeric, "order": range(len(numeric))})
    return (
        order.join(mine, on="figure", how="left")
        .join(others, on="figure", how="left")
        .sort("order")
        .drop("order")
    )


def data_quality(
    plans: pl.DataFrame, issues: pl.DataFrame, councils: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """Per document: issues by severity (every document listed, zeros included). Documents
    that could not be loaded have issues but no plan row; they are listed with council
    "NAME (not loaded)", the name from ``councils`` (plan_id -> council, as the manifest or
    the file name gives it), or "(not loaded)" when it is not known."""
    councils = dict(councils or {})
    counts = (
        issues.group_by("plan_id", "severity")
        .agg(pl.len().alias("n"))
        .pivot(on="severity", index="plan_id", values="n")
    )
    for severity in ("error", "warning", "info"):
        if severity not in counts.columns:
            counts = counts.with_columns(pl.lit(None, dtype=pl.UInt32).alias(severity))
    failed = (
        issues.filter(~pl.col("plan_id").is_in(plans["plan_id"].implode()))
        .group_by("plan_id")
        .agg(pl.col("source_path").first())
        .with_columns(
            pl.format(
                "{}(not loaded)",
                pl.col("plan_id").replace_strict(
                    {k: f"{v} " for k, v in councils.items()}, default="", return_dtype=pl.String
                ),
            ).alias("council")
        )
    )
    documents = pl.concat(
        [plans.select("plan_id", "council", "source_path"), failed], how="diagonal_relaxed"
    )
    return (
        documents.join(counts, on="plan_id", how="left")
        .with_columns(pl.col("error", "warning", "info").fill_null(0).cast(pl.Int64))
        .select("council", "plan_id", "source_path", "error", "warning", "info")
        .sort("council", "plan_id")
    )


def reading_warnings(plans: pl.DataFrame, issues: pl.DataFrame) -> pl.DataFrame:
    """Per document and reading check (``structure/checks.py``): how many warnings it raised,
    and the first of them (in source order) as an example, so a reader sees whose figures to
    check. Checks in their declared order; documents without a warning are not listed."""
    order = {code: i for i, code in enumerate(CHECK_CODES)}
    # the issues table is in source order within each document (IssueLog.frame)
    found = issues.filter(pl.col("code").is_in(CHECK_CODES))
    return (
        found.group_by("plan_id", "code", maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("warnings_of_kind"),
            pl.col("source_table", "source_row").first(),
            pl.col("message").first().alias("first_example"),
        )
        .join(plans.select("plan_id", "council"), on="plan_id", how="left")
        .with_columns(
            pl.col("code").replace_strict(order, return_dtype=pl.Int64).alias("_order"),
            pl.col("code")
            .replace_strict(ISSUE_CODES.labels(), return_dtype=pl.String)
            .alias("reading_check"),
        )
        .sort("council", "plan_id", "_order", nulls_last=True)
        .select(column_names("reading_warnings"))
    )


def issue_details(issues: pl.DataFrame, severities: tuple[str, ...] = ("error", "warning")):
    """The issues of the given severities, where they were found and what was done."""
    return (
        issues.filter(pl.col("severity").is_in(severities))
        .select(column_names("issue_details"))
        .sort("plan_id", maintain_order=True)  # each document's issues in source order
    )


def provenance(plans: pl.DataFrame) -> pl.DataFrame:
    """Every source file with its sha256 and what the manifest says about it."""
    return plans.select(
        "council",
        "plan_id",
        "document_kind",
        "cpc_date",
        "as_of",
        "source_path",
        "source_format",
        "sha256",
        "in_manifest",
    ).sort("council", "plan_id")
