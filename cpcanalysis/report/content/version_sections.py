"""The section on progress across versions: for each chain of two or more documents, the
milestone trend (each action's due date by version), the actions added and dropped, and the
revised deadlines with their evidence. Absent when no chain has two documents."""

from __future__ import annotations

import polars as pl

from cpcanalysis.report.content import figures, summaries
from cpcanalysis.report.content import versions as chained
from cpcanalysis.report.content.context import ReportContext
from cpcanalysis.report.content.figure import Figure
from cpcanalysis.report.content.html import Html, heading, paragraph
from cpcanalysis.report.content.parts import Parts, view_table
from cpcanalysis.schema import REVISION_SOURCES

__all__ = ["versions"]


def _chain_heading(documents: pl.DataFrame, chain: str) -> Html:
    mine = documents.filter(pl.col("chain") == chain)
    dates = sorted(d.isoformat() for d in mine["as_of"].drop_nulls().to_list())
    span = f", {dates[0]} to {dates[-1]}" if dates else ""
    council = mine["council"][0]
    return heading(f"{council}: {chain} ({mine.height} versions{span})", level=3)


def _chain_parts(ctx: ReportContext, documents: pl.DataFrame, chain: str) -> list[Html | Figure]:
    plan_ids = documents.filter(pl.col("chain") == chain)["plan_id"].implode()
    measured = ctx.measured.filter(pl.col("plan_id").is_in(plan_ids))
    parts: list[Html | Figure] = [_chain_heading(documents, chain)]
    milestones = chained.milestones(ctx.measured, ctx.plans, chain)
    if measured["deadline_end"].drop_nulls().len():
        parts.append(figures.milestone_trend(ctx.measured, ctx.plans, chain, milestones))
    else:
        parts.append(
            paragraph("No action of this plan has a due date to follow.", css_class="cpc-note")
        )
    parts.append(
        view_table(
            chained.changes(ctx.version_matches, chain),
            f"{chain}: actions added and dropped between versions",
            "version_changes",
            empty="No action was added or dropped between versions.",
        )
    )
    latest = ctx.latest_only(measured)
    revised = summaries.revised_actions(latest).with_columns(
        pl.col("revision_source").replace_strict(
            REVISION_SOURCES.labels(), default=pl.col("revision_source")
        )
    )
    parts.append(
        view_table(
            revised,
            f"{chain}: revised deadlines, with the text each was read from",
            "revised_actions",
            empty="No deadline of this plan was revised.",
        )
    )
    return parts


def versions(ctx: ReportContext) -> Parts:
    """Progress across the versions of each chain of two or more documents."""
    names = chained.chains(ctx.plans)
    if not names:
        return Parts(())
    documents = chained.chain_documents(ctx.plans)
    intro = Html(
        heading("Progress across versions", level=2, anchor="versions").markup
        + paragraph(
            "Where a council published its plan more than once (a plan, then trackers), each "
            "action is followed from version to version: a line of the milestone trend that "
            "climbs is a due date pushed back; one that meets the dotted diagonal became due. "
            "Actions are paired across versions by their text (docs/methods.md, Slippage)."
        ).markup
    )
    parts: list[Html | Figure] = [intro]
    for chain in names:
        parts.extend(_chain_parts(ctx, documents, chain))
    return Parts(tuple(parts))
