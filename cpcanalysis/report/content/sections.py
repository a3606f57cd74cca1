"""The report's sections: what each code cell of the report notebook displays.

Each function takes the :class:`~cpcanalysis.report.content.context.ReportContext` and returns
something a notebook displays as the last expression of a cell: an escaped :class:`Html`
fragment, a :class:`Figure`, or :class:`Parts` (several outputs in order). Every table is a
view declared in :mod:`cpcanalysis.schema`, which gives its headings.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass

import polars as pl

import cpcanalysis
from cpcanalysis.report.content import figures, summaries
from cpcanalysis.report.content.context import ReportContext
from cpcanalysis.report.content.figure import Figure
from cpcanalysis.report.content.html import Html, bullets, heading, join, paragraph, table
from cpcanalysis.schema import REVISION_SOURCES, label

__all__ = [
    "Parts",
    "about",
    "data_quality",
    "deadline_profile",
    "focus",
    "overview",
    "provenance",
    "recommendations",
    "slippage",
    "status",
    "themes",
]

# libraries whose versions a reader needs to reproduce the report
_VERSIONED = ("polars", "scikit-learn", "altair", "vl-convert-python", "nbconvert")


@dataclass(frozen=True)
class Parts:
    """Several outputs shown one after another by one notebook cell."""

    parts: tuple[Html | Figure, ...]

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for part in self.parts:
            display(part)


def _table(frame: pl.DataFrame, caption: str, view: str, **kw) -> Html:
    """``html.table`` of a report view: headings as the schema labels the view's columns,
    shares shown as percentages."""
    return table(
        frame,
        caption=caption,
        labels={c: label(c, view) for c in frame.columns},
        percent=[c for c in frame.columns if figures.is_share(c)],
        **kw,
    )


def about(ctx: ReportContext) -> Html:
    """What the report covers, in words."""
    documents = ctx.plans.height
    councils = len(ctx.councils)
    if ctx.focus and councils > 1:
        focus = f"The next section sets {ctx.focus} against the others. "
    elif ctx.focus:
        focus = f"The next section shows {ctx.focus}'s own deadlines. "
    else:
        focus = ""
    parts = [
        paragraph(
            f"This report {'compares' if councils != 1 else 'covers'} {councils} "
            f"council{'s' if councils != 1 else ''} from "
            f"{documents} document{'s' if documents != 1 else ''} in the data folder "
            f"{ctx.data}. {focus}Deadlines: {ctx.as_of_rule}."
        ),
        bullets(ctx.councils),
    ]
    failed = ctx.failed.height
    if failed:
        files = ", ".join(ctx.failed["source_path"].to_list())
        parts.append(
            paragraph(
                f"{failed} document{'s' if failed != 1 else ''} could not be loaded and "
                f"{'are' if failed != 1 else 'is'} left out of every figure: {files}. "
                "Data quality, below, says why.",
                css_class="cpc-note",
            )
        )
    return join(*parts)


def overview(ctx: ReportContext) -> Html:
    """The overview table, one row per council."""
    return _table(
        ctx.overview,
        "Overview per council (recommendations and actions: latest document of each plan)",
        "overview",
        row_header="council",
    )


def status(ctx: ReportContext) -> Figure:
    """Actions by status, per council (latest documents)."""
    latest = summaries.latest_documents(ctx.plans).implode()
    return figures.status_panels(
        summaries.status_mix(ctx.actions.filter(pl.col("plan_id").is_in(latest)))
    )


def _latest_recommendations(ctx: ReportContext) -> pl.DataFrame:
    latest = summaries.latest_documents(ctx.plans).implode()
    return ctx.recommendations.filter(pl.col("plan_id").is_in(latest))


def themes(ctx: ReportContext) -> Parts:
    """Recommendations by theme and by core element, per council."""
    recs = _latest_recommendations(ctx)
    return Parts(
        (figures.theme_heatmap(recs, "theme"), figures.theme_heatmap(recs, "core_element"))
    )


def slippage(ctx: ReportContext) -> Parts:
    """Deadlines against the as-of date, days overdue, revised deadlines, LGA timelines."""
    latest = summaries.latest_documents(ctx.plans).implode()
    measured = ctx.measured.filter(pl.col("plan_id").is_in(latest))
    summary = ctx.slippage_summary.filter(pl.col("scope") == "council").select(
        "council",
        "as_of",
        "n_due",
        "n_overdue",
        "share_overdue",
        "median_days_overdue",
        "schedule_index",
        "n_optimistic",
        "n_revised",
        "n_revisions",
        "median_slippage_days",
        "n_relabelled_ongoing",
        "plan_within_3_months",
        "review_about_10_months",
    )
    revised = summaries.revised_actions(measured).with_columns(
        pl.col("revision_source").replace_strict(
            REVISION_SOURCES.labels(), default=pl.col("revision_source")
        )
    )
    return Parts(
        (
            figures.deadline_states(summaries.deadline_states(measured)),
            _table(summary, "Slippage per council", "council_slippage", row_header="council"),
            *_slippage_notes(measured),
            figures.days_overdue(measured),
            _table(
                revised,
                "Actions whose deadline was revised",
                "revised_actions",
                empty="No revised deadline was found.",
            ),
        )
    )


def _councils_in_words(names: list[str]) -> str:
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
            "complete and every dated action past its due date counts as overdue."
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
    """Months from the CPC to each due date."""
    profile = summaries.deadline_profile(ctx.actions, ctx.plans)
    if profile.is_empty():
        return paragraph(
            "No action has both a due date and a CPC date to count months from; record "
            "cpc_date in plans.toml.",
            css_class="cpc-note",
        )
    missing = sorted(
        set(ctx.actions.filter(pl.col("deadline_end").is_not_null())["council"].to_list())
        - set(profile["council"].to_list())
    )
    if not missing:
        return figures.deadline_profile(profile)
    note = paragraph(
        f"Not shown: {_councils_in_words(missing)}, with no CPC date to count from "
        "(cpc_date in plans.toml).",
        css_class="cpc-note",
    )
    return Parts((figures.deadline_profile(profile), note))


def recommendations(ctx: ReportContext) -> Html:
    """Every recommendation, by core element and theme, then council."""
    return _table(
        summaries.recommendations_by_theme(_latest_recommendations(ctx)),
        "Recommendations by theme (latest document of each plan)",
        "recommendations_by_theme",
    )


def focus(ctx: ReportContext) -> Parts:
    """The focus council against the others; nothing when no focus council was chosen."""
    if ctx.focus is None:
        return Parts(())
    others = len(ctx.councils) - 1
    if others:
        words = (
            f"{ctx.focus} beside the other {others} council{'s' if others != 1 else ''} in "
            "this report: where its figures fall among theirs, then its own deadlines."
        )
    else:
        words = (
            f"{ctx.focus} is the only council in this report, so there is no other council "
            "to set it against; its own deadlines follow."
        )
    intro = Html(
        '<section class="cpc-focus" id="cpc-focus">'
        + heading(f"Focus: {ctx.focus}", level=2).markup
        + paragraph(words).markup
        + "</section>"
    )
    parts: list[Html | Figure] = [intro]
    if others:
        parts.append(figures.focus_strip(ctx.overview, ctx.focus))
    measured = ctx.measured.filter(pl.col("council") == ctx.focus)
    if measured["deadline_end"].drop_nulls().len():
        parts.append(figures.focus_timeline(ctx.measured, ctx.focus))
    return Parts(tuple(parts))


def data_quality(ctx: ReportContext) -> Parts:
    """Per document: what could not be read, and why."""
    details = summaries.issue_details(ctx.issues)
    return Parts(
        (
            _table(
                summaries.data_quality(
                    ctx.plans,
                    ctx.issues,
                    dict(ctx.failed.drop_nulls("council").select("plan_id", "council").rows()),
                ),
                "Issues per document (error: document unusable; warning: ambiguous or "
                "unreadable; info: a repair was made)",
                "data_quality",
                row_header="plan_id",
            ),
            _table(
                details,
                "Errors and warnings, where they were found",
                "issue_details",
                empty="No errors or warnings.",
            ),
        )
    )


def provenance(ctx: ReportContext) -> Parts:
    """The parameters, the software and every source file with its sha256."""
    versions = pl.DataFrame(
        {
            "software": ["cpcanalysis", *_VERSIONED],
            "software_version": [
                cpcanalysis.__version__,
                *map(importlib.metadata.version, _VERSIONED),
            ],
        }
    )
    as_of = ctx.as_of.isoformat() if ctx.as_of else "none given: each document's own as-of date"
    return Parts(
        (
            _table(
                pl.DataFrame(
                    {
                        "parameter": ["data folder", "as-of date", "councils", "focus council"],
                        "value": [ctx.data, as_of, "; ".join(ctx.councils), ctx.focus or "none"],
                    }
                ),
                "Parameters",
                "parameters",
                row_header="parameter",
            ),
            _table(versions, "Software", "software", row_header="software"),
            _table(
                summaries.provenance(ctx.plans), "Source files", "provenance", row_header="plan_id"
            ),
        )
    )
