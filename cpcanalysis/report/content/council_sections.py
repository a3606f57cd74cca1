"""The sections about one council at a time: the focus council against its peers, and every
council's profile (its findings, its late actions, its recommendations by theme), one printed
page each at least."""

from __future__ import annotations

import polars as pl

from cpcanalysis.report.content import councils, figures, findings
from cpcanalysis.report.content.context import ReportContext
from cpcanalysis.report.content.figure import Figure
from cpcanalysis.report.content.html import Html, anchor_id, escape, heading, link, paragraph
from cpcanalysis.report.content.parts import Parts, view_table

__all__ = ["focus", "profile_anchors", "profiles", "sentence_figures"]


def profile_anchors(ctx: ReportContext) -> dict[str, str]:
    """Council -> the id of its profile's heading (unique, even for names alike)."""
    anchors: dict[str, str] = {}
    for council in sorted(ctx.councils):
        anchor, n = anchor_id(council, "profile-"), 2
        while anchor in anchors.values():
            anchor, n = f"{anchor_id(council, 'profile-')}-{n}", n + 1
        anchors[council] = anchor
    return anchors


def sentence_figures(ctx: ReportContext) -> pl.DataFrame:
    """What each council's sentence says (:func:`findings.council_figures`)."""
    return findings.council_figures(
        ctx.overview, ctx.slippage_summary, ctx.latest_only(ctx.measured), ctx.plans
    )


def focus(ctx: ReportContext) -> Parts:
    """The focus council against its peers, and its own deadlines; nothing when no focus
    council was chosen."""
    if ctx.focus is None:
        return Parts(())
    peers = ctx.peers.councils
    profile = link("its profile", profile_anchors(ctx)[ctx.focus]).markup
    if peers:
        words = (
            f"Its peers: {escape(ctx.peers.rule)}. Below, where {escape(ctx.focus)}'s figures "
            f"fall among theirs, then its own deadlines; its late actions are listed in {profile}."
        )
    else:
        words = (
            f"{escape(ctx.focus)} is the only council in this report, so there is no other "
            f"council to set it against; its own deadlines follow, and {profile}."
        )
    intro = Html(
        '<section class="cpc-focus">'
        + heading(f"Focus: {ctx.focus}", level=2, anchor="focus").markup
        + f"<p>{words}</p></section>"
    )
    parts: list[Html | Figure] = [intro]
    if peers:
        parts.append(figures.focus_strip(ctx.overview, ctx.focus, peers))
    # the latest document, as the chart shows it and its table lists it
    latest = ctx.latest_only(ctx.measured)
    if latest.filter(pl.col("council") == ctx.focus)["deadline_end"].drop_nulls().len():
        parts.append(figures.focus_timeline(latest, ctx.focus))
    return Parts(tuple(parts))


def _facts(ctx: ReportContext, council: str) -> str:
    facts = councils.council_facts(ctx.plans).filter(pl.col("council") == council)
    kind, region = facts.row(0)[1:] if facts.height else (None, None)
    documents = ctx.plans.filter(pl.col("council") == council).height
    parts = [
        (kind or "council type not recorded").capitalize(),
        region or "region not recorded",
        f"{documents} document{'s' if documents != 1 else ''}",
    ]
    if council == ctx.focus:
        parts.append("the focus council")
    return " · ".join(parts)


def _late_empty(row: dict) -> str:
    at = f" at {row['as_of'].isoformat()}" if row["as_of"] else ""
    if not row["n_with_status"]:
        return (
            f"No action is overdue{at}; whether any is off track or at risk is not known: "
            "no statuses published."
        )
    return f"No action is overdue, off track or at risk{at}."


def _profile(ctx: ReportContext, row: dict, anchor: str) -> str:
    council = row["council"]
    latest = ctx.latest_only(ctx.measured)
    at = f", judged at {row['as_of'].isoformat()}" if row["as_of"] else ""
    late = view_table(
        councils.late_actions(latest, ctx.latest_only(ctx.recommendations), council),
        f"{council}: actions overdue, off track or at risk (latest document{at})",
        "profile_actions",
        empty=_late_empty(row),
    )
    recommendations = view_table(
        councils.profile_recommendations(ctx.latest_only(ctx.recommendations), council),
        f"{council}: recommendations by theme",
        "profile_recommendations",
        empty="No recommendation was read.",
    )
    return (
        f'<section class="cpc-profile" aria-labelledby="{anchor}">'
        + heading(council, level=3, anchor=anchor).markup
        + paragraph(_facts(ctx, council), css_class="cpc-profile-facts").markup
        + findings.council_sentence(row).markup
        + late.markup
        + recommendations.markup
        + "</section>"
    )


def profiles(ctx: ReportContext) -> Html:
    """Every council's profile, the focus council first: its sentence of findings, its
    actions overdue, off track or at risk, its recommendations by theme."""
    anchors = profile_anchors(ctx)
    rows = {row["council"]: row for row in sentence_figures(ctx).iter_rows(named=True)}
    return Html(
        '<div class="cpc-profiles">'
        + "".join(_profile(ctx, rows[c], anchors[c]) for c in ctx.council_order())
        + "</div>"
    )
