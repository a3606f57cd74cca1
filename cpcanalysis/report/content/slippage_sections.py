"""The slippage sections of the report: where each deadline stands, the slippage figures per
council (blank where a figure is unknown, with the reason), how far overdue the late actions
are, the revised deadlines, and the deadline profile; national views for many councils."""

from __future__ import annotations

import polars as pl

from cpcanalysis.report.content import figures, summaries
from cpcanalysis.report.content.context import ReportContext
from cpcanalysis.report.content.council_sections import profile_anchors
from cpcanalysis.report.content.figure import Figure
from cpcanalysis.report.content.html import BLANK_SUFFIX, Html, paragraph
from cpcanalysis.report.content.national import ranking
from cpcanalysis.report.content.parts import Parts, view_table
from cpcanalysis.schema import ALL_TABLES, REVISION_SOURCES

__all__ = ["deadline_profile", "ranked", "slippage"]


def _latest_states(ctx: ReportContext) -> pl.DataFrame:
    return summaries.deadline_states(ctx.latest_only(ctx.measured))


def ranked(ctx: ReportContext, by: str) -> pl.DataFrame:
    return ranking(ctx.overview, by)


def _council_slippage(ctx: ReportContext, view: str) -> pl.DataFrame:
    """The slippage figures per council, as the view ``view`` (council_slippage or
    council_revisions) lists them: unknown where they need statuses a council did not publish,
    or dates the manifest does not give (each blank says which, and where to record it)."""
    council_rows = summaries.timeline_reasons(
        ctx.slippage_summary.filter(pl.col("scope") == "council"), ctx.plans
    )
    columns = [c.name for c in ALL_TABLES[view].columns]
    counts = summaries.status_counts(ctx.latest_only(ctx.measured))
    shown = summaries.blank_without_statuses(council_rows, counts)
    reasons = [c + BLANK_SUFFIX for c in columns if c + BLANK_SUFFIX in shown.columns]
    return shown.select(*columns, *reasons)


def slippage(ctx: ReportContext) -> Parts:
    """Deadlines against the as-of date, days overdue, revised deadlines, LGA timelines."""
    measured = ctx.latest_only(ctx.measured)
    revised = summaries.revised_actions(measured).with_columns(
        pl.col("revision_source").replace_strict(
            REVISION_SOURCES.labels(), default=pl.col("revision_source")
        )
    )
    states = _latest_states(ctx)
    if ctx.many:
        charts: tuple[Html | Figure, ...] = (
            figures.national_states(states),
            figures.share_distribution(
                ctx.overview, "share_overdue", title="Councils by share of actions overdue"
            ),
            view_table(
                ranked(ctx, "share_overdue"),
                "The councils with the largest share of actions overdue",
                "ranking",
                row_header="rank",
            ),
        )
    else:
        charts = (figures.deadline_states(states),)
    anchors = {"council": profile_anchors(ctx)}
    per_council = view_table(
        _council_slippage(ctx, "council_slippage"),
        "Slippage per council: overdue actions",
        "council_slippage",
        row_header="council",
        links=anchors,
    )
    revisions = view_table(
        _council_slippage(ctx, "council_revisions"),
        "Slippage per council: revised deadlines and the LGA's timelines",
        "council_revisions",
        row_header="council",
        links=anchors,
    )
    late = () if ctx.many else (figures.days_overdue(measured),)
    return Parts(
        (
            *charts,
            per_council,
            revisions,
            *_slippage_notes(measured),
            *late,
            view_table(
                revised,
                "Actions whose deadline was revised",
                "revised_actions",
                empty="No revised deadline was found.",
            ),
        )
    )


def _councils_in_words(names: list[str]) -> str:
    if len(names) > 8:
        return ", ".join(names[:8]) + f" and {len(names) - 8} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _councils_where_every(measured: pl.DataFrame, condition: pl.Expr) -> list[str]:
    """Councils all of whose actions meet ``condition``, sorted."""
    every = measured.group_by("council").agg(condition.all().alias("every"))
    return sorted(every.filter(pl.col("every"))["council"].to_list())


def _slippage_notes(measured: pl.DataFrame) -> list[Html]:
    """Notes under the slippage table for figures that need reading with care: councils with
    no as-of date (nothing could be judged) and councils that give no status at all (every
    dated action past its due date counts as overdue, since none is known to be complete)."""
    notes = []
    unjudged = _councils_where_every(measured, pl.col("as_of").is_null())
    if unjudged:
        notes.append(
            f"{_councils_in_words(unjudged)}: no as-of date (as_of in plans.toml), so no "
            "deadline could be judged and its overdue figures are not a finding."
        )
    no_status = _councils_where_every(measured, pl.col("status") == "unknown")
    if no_status:
        notes.append(
            f"{_councils_in_words(no_status)}: no action has a status, so none is known to be "
            "complete; whether an action past its due date is overdue is not known, and its "
            "overdue figures are left blank."
        )
    stale = _councils_where_every(measured, pl.col("days_after_document").is_not_null())
    if stale:
        notes.append(
            f"{_councils_in_words(stale)}: judged at a date after its documents' own as-of "
            "dates, with statuses that speak for those earlier dates; an action shown overdue "
            "may have been finished since."
        )
    return [paragraph(note, css_class="cpc-note") for note in notes]


def deadline_profile(ctx: ReportContext) -> Figure | Html | Parts:
    """Months from the CPC to each due date, on an axis of every month, the progress review
    marked; every council together, for many councils."""
    # the latest document of each plan: a tracker repeats the actions of the plan it follows
    profile = summaries.deadline_profile(ctx.latest_only(ctx.actions), ctx.plans)
    if profile.is_empty():
        return paragraph(
            "No action has both a due date and a CPC date to count months from; record "
            "cpc_date in plans.toml.",
            css_class="cpc-note",
        )
    chart = (figures.national_deadline_profile if ctx.many else figures.deadline_profile)(profile)
    dated = ctx.latest_only(ctx.actions).filter(pl.col("deadline_end").is_not_null())
    missing = sorted(set(dated["council"].to_list()) - set(profile["council"].to_list()))
    if not missing:
        return chart
    note = paragraph(
        f"Not shown: {_councils_in_words(missing)}, with no CPC date to count from "
        "(cpc_date in plans.toml).",
        css_class="cpc-note",
    )
    return Parts((chart, note))
