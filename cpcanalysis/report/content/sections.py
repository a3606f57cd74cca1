"""The report's sections: what each code cell of the report notebook displays.

Each function takes the :class:`~cpcanalysis.report.content.context.ReportContext` and returns
something a notebook displays as the last expression of a cell: an escaped :class:`Html`
fragment, a :class:`Figure`, or :class:`Parts` (several outputs in order). Every table is a
view declared in :mod:`cpcanalysis.schema`, which gives its headings. The sections of one
council at a time (focus, profiles) are in :mod:`.council_sections`, the slippage sections in
:mod:`.slippage_sections`, progress across versions in :mod:`.version_sections`; this module
re-exports them, so the notebook calls one module.
"""

from __future__ import annotations

import importlib.metadata

import polars as pl

import cpcanalysis
from cpcanalysis.report.content import figures, findings, summaries
from cpcanalysis.report.content.context import ReportContext
from cpcanalysis.report.content.council_sections import (
    focus,
    profile_anchors,
    profiles,
    sentence_figures,
)
from cpcanalysis.report.content.figure import Figure
from cpcanalysis.report.content.html import (
    Html,
    bullets,
    definitions,
    heading,
    join,
    link,
    paragraph,
)
from cpcanalysis.report.content.parts import Parts, view_table
from cpcanalysis.report.content.slippage_sections import deadline_profile, ranked, slippage
from cpcanalysis.report.content.version_sections import versions
from cpcanalysis.report.content.versions import chains
from cpcanalysis.schema import DOCUMENT_KINDS

__all__ = [
    "CONTENTS",
    "Parts",
    "contents",
    "data_quality",
    "deadline_profile",
    "focus",
    "overview",
    "profiles",
    "provenance",
    "recommendations",
    "slippage",
    "status",
    "summary",
    "themes",
    "title_block",
    "versions",
]

# libraries whose versions a reader needs to reproduce the report
_VERSIONED = ("polars", "scikit-learn", "altair", "vl-convert-python", "nbconvert")

# the report's sections, in order: (anchor, heading). The notebook's headings carry these ids;
# focus and versions are shown only when there is a focus council, or a chain of versions
CONTENTS = (
    ("summary", "Summary of findings"),
    ("focus", "Focus"),
    ("overview", "Overview per council"),
    ("themes", "Themes"),
    ("slippage", "Slippage"),
    ("deadline-profile", "Deadline profile"),
    ("versions", "Progress across versions"),
    ("profiles", "Council profiles"),
    ("recommendations", "Recommendations by theme"),
    ("data-quality", "Data quality"),
    ("methods", "Methods and provenance"),
)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" + ("" if n == 1 else "s")


def _judged_at(ctx: ReportContext) -> str:
    """The as-of dates used, in words: one date, or each council's."""
    if ctx.as_of is not None:
        return f"{ctx.as_of.isoformat()}, for every document (--as-of)"
    dates = ctx.slippage_summary.filter(pl.col("scope") == "council").select("council", "as_of")
    known = dates.drop_nulls("as_of")
    unknown = dates.height - known.height
    missing = f"; {_plural(unknown, 'council')} without an as-of date" if unknown else ""
    if known.is_empty():
        return "no document has an as-of date" + missing
    if len(ctx.councils) <= findings.SENTENCES_UP_TO:
        each = "; ".join(f"{d.isoformat()} ({c})" for c, d in known.sort("as_of").rows())
        return f"each document's own as-of date: {each}{missing}"
    days = sorted(d.isoformat() for d in known["as_of"].to_list())
    return f"each document's own as-of date, from {days[0]} to {days[-1]}{missing}"


def _documents(ctx: ReportContext) -> str:
    kinds = ctx.plans.group_by("document_kind").len().sort("document_kind")
    words = DOCUMENT_KINDS.labels()
    parts = ", ".join(
        f"{n} {words.get(kind, kind).lower()}{'s' if n != 1 else ''}" for kind, n in kinds.rows()
    )
    failed = f"; {ctx.failed.height} could not be loaded" if ctx.failed.height else ""
    return f"{ctx.plans.height} ({parts}){failed}"


def title_block(ctx: ReportContext) -> Html:
    """Who and what the report covers, the dates it judges at, the software and a digest of
    its inputs (the report carries no clock time, so the same inputs give the same bytes)."""
    councils = ctx.councils
    named = ", ".join(councils) if len(councils) <= findings.SENTENCES_UP_TO else ""
    who = f"{len(councils)} ({named})" if named else f"{len(councils):,}"
    rows: list[tuple[str, Html | str]] = [
        ("Councils", who),
        ("Documents", _documents(ctx)),
        ("Deadlines judged at", _judged_at(ctx)),
        ("Built with", f"cpcanalysis {cpcanalysis.__version__}"),
        (
            "Inputs",
            Html(
                f'SHA-256 <code class="cpc-digest">{ctx.inputs_digest}</code> of the manifest, '
                "every document and the parameters: the same digest, the same report"
            ),
        ),
    ]
    if ctx.focus:
        rows.insert(1, ("Focus council", ctx.focus))
    block = definitions(rows, css_class="cpc-title-block")
    failed = ctx.failed.height
    if not failed:
        return block
    files = ", ".join(ctx.failed["source_path"].to_list())
    note = paragraph(
        f"{failed} document{'s' if failed != 1 else ''} could not be loaded and "
        f"{'are' if failed != 1 else 'is'} left out of every figure: {files}. "
        "Data quality, below, says why.",
        css_class="cpc-note",
    )
    return join(block, note)


def summary(ctx: ReportContext) -> Html:
    """The findings in plain sentences, one per council (or national ones, for many councils),
    then the caveats."""
    figures_frame = sentence_figures(ctx)
    anchors = profile_anchors(ctx)
    if len(ctx.councils) <= findings.SENTENCES_UP_TO:
        by_council = {row["council"]: row for row in figures_frame.iter_rows(named=True)}
        parts = [findings.council_sentence(by_council[c], anchors[c]) for c in ctx.council_order()]
    else:
        parts = [findings.national_sentences(figures_frame)]
        if ctx.focus:
            row = figures_frame.filter(pl.col("council") == ctx.focus).row(0, named=True)
            parts.append(findings.council_sentence(row, anchors[ctx.focus]))
        parts.append(
            paragraph(
                "Each council's own figures head its profile (Council profiles, below).",
                css_class="cpc-note",
            )
        )
    notes = findings.caveats(figures_frame)
    if notes:
        parts.append(
            Html(
                '<div class="cpc-caveats"><p class="cpc-caveat-head">Read with care</p>'
                + bullets(notes).markup
                + "</div>"
            )
        )
    return join(*parts)


def contents(ctx: ReportContext) -> Html:
    """The table of contents: a link to every section present, and to every council's profile."""
    items = []
    for anchor, title in CONTENTS:
        if anchor == "focus":
            if not ctx.focus:
                continue
            title = f"Focus: {ctx.focus}"
        if anchor == "versions" and not chains(ctx.plans):
            continue
        entry = link(title, anchor)
        if anchor == "profiles":
            anchors = profile_anchors(ctx)
            councils = bullets(
                (link(c, anchors[c]) for c in ctx.council_order()), css_class="cpc-toc-councils"
            )
            entry = join(entry, councils)
        items.append(entry)
    return Html(
        '<nav class="cpc-contents" aria-labelledby="contents">'
        + heading("Contents", level=2, anchor="contents").markup
        + bullets(items).markup
        + "</nav>"
    )


def overview(ctx: ReportContext) -> Html:
    """The overview table, one row per council, each name linking to its profile; the
    judged-at date beside the overdue figures, and a share that needs statuses blank (with why)
    where a council published none."""
    return view_table(
        ctx.overview,
        "Overview per council (recommendations and actions: latest document of each plan)",
        "overview",
        row_header="council",
        links={"council": profile_anchors(ctx)},
    )


def status(ctx: ReportContext) -> Figure | Parts:
    """Actions by status, per council (latest documents); for many councils, every council's
    actions together and how the councils spread by share complete."""
    mix = summaries.status_mix(ctx.latest_only(ctx.actions))
    if not ctx.many:
        return figures.status_panels(mix)
    return Parts(
        (
            figures.national_status(mix),
            figures.share_distribution(
                ctx.overview,
                "share_complete",
                title="Councils by share of actions complete",
                blank=summaries.NO_STATUSES,
            ),
            view_table(
                ranked(ctx, "share_complete"),
                "The councils with the largest share of actions complete",
                "ranking",
                row_header="rank",
            ),
        )
    )


def _latest_recommendations(ctx: ReportContext) -> pl.DataFrame:
    return ctx.latest_only(ctx.recommendations)


def themes(ctx: ReportContext) -> Parts:
    """Recommendations by theme and by core element, per council (every council together,
    for many councils)."""
    recs = _latest_recommendations(ctx)
    figure = figures.national_themes if ctx.many else figures.theme_heatmap
    return Parts((figure(recs, "theme"), figure(recs, "core_element")))


def recommendations(ctx: ReportContext) -> Html:
    """Every recommendation, by core element and theme, then council (for many councils, each
    council's are in its profile)."""
    if ctx.many:
        return paragraph(
            "With this many councils, each council's recommendations by theme are listed in its "
            "profile, and the themes over every council are charted under Themes.",
            css_class="cpc-note",
        )
    return view_table(
        summaries.recommendations_by_theme(_latest_recommendations(ctx)),
        "Recommendations by theme (latest document of each plan)",
        "recommendations_by_theme",
    )


def data_quality(ctx: ReportContext) -> Parts:
    """Per document: signs it was read wrong (the reading checks), what could not be read,
    and why."""
    details = summaries.issue_details(ctx.issues)
    return Parts(
        (
            *_reading_warnings(ctx),
            view_table(
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
            view_table(
                details,
                "Errors and warnings, where they were found",
                "issue_details",
                empty="No errors or warnings.",
            ),
        )
    )


def _reading_warnings(ctx: ReportContext) -> tuple[Html, ...]:
    warned = summaries.reading_warnings(ctx.plans, ctx.issues)
    if warned.is_empty():
        return (
            paragraph(
                "Reading checks: every document passed them (no action read twice, no row cut "
                "by a page break, no recommendation that is only a heading or has no actions, "
                "no table read as the plan that is not one, no number repeated, no part read "
                "on its own, no document with over a quarter of its deadlines or statuses "
                "unreadable).",
                css_class="cpc-note",
            ),
        )
    councils = sorted(set(warned["council"].fill_null(warned["plan_id"])))
    return (
        paragraph(
            f"Reading checks: {warned['plan_id'].n_unique()} of {ctx.plans.height} documents "
            f"raised warnings, signs the file may have been read wrong. Check the figures of "
            f"{', '.join(councils)} against their files "
            "(cpcanalysis inspect FILE shows a document's reading in full).",
        ),
        view_table(
            warned,
            "Reading warnings per document, by check (count and the first example)",
            "reading_warnings",
            row_header="plan_id",
        ),
    )


def provenance(ctx: ReportContext) -> Parts:
    """The parameters, the software and every source file with its sha256."""
    versions_frame = pl.DataFrame(
        {
            "software": ["cpcanalysis", *_VERSIONED],
            "software_version": [
                cpcanalysis.__version__,
                *map(importlib.metadata.version, _VERSIONED),
            ],
        }
    )
    as_of = ctx.as_of.isoformat() if ctx.as_of else "none given: each document's own as-of date"
    parameters = pl.DataFrame(
        {
            "parameter": ["data folder", "as-of date", "councils", "focus council", "inputs"],
            "value": [
                ctx.data,
                as_of,
                "; ".join(ctx.councils),
                ctx.focus or "none",
                ctx.inputs_digest,
            ],
        }
    )
    return Parts(
        (
            view_table(parameters, "Parameters", "parameters", row_header="parameter"),
            view_table(versions_frame, "Software", "software", row_header="software"),
            view_table(
                summaries.provenance(ctx.plans),
                "Source files",
                "provenance",
                row_header="plan_id",
            ),
        )
    )
