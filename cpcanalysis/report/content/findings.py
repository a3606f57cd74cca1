"""The summary of findings: each council's figures in one plain sentence, and the caveats a
reader needs before comparing them.

Every figure of a sentence sits in a ``<span data-figure="NAME">`` naming the column of
:func:`council_figures` it shows (the tests check each against the library), and every text
quoted from a plan in a ``<q>``. A report of more than :data:`SENTENCES_UP_TO` councils opens
with one national paragraph instead, and each council's sentence heads its profile.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cpcanalysis.charts.labels import action_name, action_text
from cpcanalysis.report.content import summaries
from cpcanalysis.report.content.html import Html, escape, format_percent, format_value, link
from cpcanalysis.schema import DOCUMENT_KINDS

__all__ = [
    "FAR_APART_DAYS",
    "SENTENCES_UP_TO",
    "caveats",
    "council_figures",
    "council_sentence",
    "national_sentences",
]

SENTENCES_UP_TO = 12  # councils summarised one sentence each; more get a national paragraph
FAR_APART_DAYS = 92  # judged-at dates further apart than a quarter are not comparable as they are
TOP_SLIPS = 2  # revised deadlines named in a council's sentence


def _figure(name: str, value: object, *, share: bool = False) -> str:
    if share:
        text = format_percent(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = format_value(value)
    return f'<span data-figure="{name}">{escape(text)}</span>'


def _slips(measured: pl.DataFrame) -> pl.DataFrame:
    """Per council, its revised actions by slippage, most first (at most TOP_SLIPS)."""
    return (
        measured.filter(pl.col("slippage_days").is_not_null() & (pl.col("revision_count") > 0))
        .with_columns(action_name(), action_text(60))
        .sort("council", "slippage_days", "action", descending=[False, True, False])
        .group_by("council", maintain_order=True)
        .head(TOP_SLIPS)
        .group_by("council", maintain_order=True)
        .agg(
            pl.struct(
                "action", "action_text", "slippage_days", "original_end", "revised_end"
            ).alias("slips")
        )
    )


def council_figures(
    overview: pl.DataFrame, summary: pl.DataFrame, measured: pl.DataFrame, plans: pl.DataFrame
) -> pl.DataFrame:
    """One row per council: what its sentence says. ``measured`` is of the latest documents;
    ``summary`` the slippage summary; ``overview`` the report's overview (shares already blank
    where no status was published)."""
    council_rows = summary.filter(pl.col("scope") == "council").select(
        "council", "n_actions", "n_overdue", "median_days_overdue", "n_revised", "n_revisions"
    )
    latest = plans.filter(pl.col("plan_id").is_in(summaries.latest_documents(plans).implode()))
    documents = latest.group_by("council").agg(
        pl.len().alias("latest_documents"),
        pl.col("document_kind").sort_by("as_of").last(),
        pl.col("as_of").max().alias("document_as_of"),
    )
    return (
        overview.select("council", "recommendations", "share_complete", "as_of")
        .join(council_rows, on="council", how="left")
        .join(summaries.status_counts(measured).drop("n_actions"), on="council", how="left")
        .join(documents, on="council", how="left")
        .join(_slips(measured), on="council", how="left")
        .sort("council")
    )


def _document(row: dict) -> str:
    kind = DOCUMENT_KINDS.labels().get(row["document_kind"] or "", "document").lower()
    dated = f" as of {format_value(row['document_as_of'])}" if row["document_as_of"] else ""
    if (row["latest_documents"] or 1) > 1:
        return f"{row['latest_documents']} plans, the latest{dated}"
    return f"{kind}{dated}"


def _completion(row: dict) -> str:
    if not row["n_with_status"]:
        return f"completion not known: {summaries.NO_STATUSES}"
    share = _figure("share_complete", row["share_complete"], share=True)
    return f"{_figure('n_complete', row['n_complete'])} complete ({share})"


def _overdue(row: dict) -> str:
    if row["as_of"] is None:
        return "overdue not judged: no as-of date (as_of in plans.toml)"
    if row["n_overdue"] is None:
        at = _figure("as_of", row["as_of"])
        return f"overdue at {at} not known: actions past due, {summaries.NO_STATUSES}"
    at = _figure("as_of", row["as_of"])
    if row["n_overdue"] == 0:
        return f"{_figure('n_overdue', 0)} overdue at {at}"
    median = _figure("median_days_overdue", row["median_days_overdue"])
    days = "day" if row["median_days_overdue"] == 1 else "days"
    return (
        f"{_figure('n_overdue', row['n_overdue'])} overdue at {at}, by a median of {median} {days}"
    )


def _revisions(row: dict) -> str:
    if not row["n_revised"]:
        return f"{_figure('n_revised', 0)} deadlines revised"
    words = "deadline" if row["n_revised"] == 1 else "deadlines"
    head = (
        f"{_figure('n_revised', row['n_revised'])} {words} revised "
        f"({_figure('n_revisions', row['n_revisions'])} revisions in all)"
    )
    slips = [
        f"{_figure('slippage_days', slip['slippage_days'])} "
        f"{'day' if slip['slippage_days'] == 1 else 'days'} for "
        f"<q>{escape(slip['action_text'])}</q> ({escape(slip['action'])}, from "
        f"{escape(format_value(slip['original_end']))} to "
        f"{escape(format_value(slip['revised_end']))})"
        for slip in row["slips"] or []
    ]
    if not slips:
        return head
    return head + ", the biggest " + ("slip: " if len(slips) == 1 else "slips: ") + "; ".join(slips)


def council_sentence(row: dict, anchor: str | None = None) -> Html:
    """One council's findings in a sentence (``row`` of :func:`council_figures`); its name
    links to ``anchor`` (its profile) when given."""
    name = link(row["council"], anchor).markup if anchor else escape(row["council"])
    recommendations = _figure("recommendations", row["recommendations"])
    parts = [
        f"{_figure('n_actions', row['n_actions'])} actions for {recommendations} recommendations",
        _completion(row),
        _overdue(row),
        _revisions(row),
    ]
    return Html(
        f'<p class="cpc-finding" data-council="{escape(row["council"])}"><strong>{name}</strong>'
        f" ({escape(_document(row))}): " + "; ".join(parts) + ".</p>"
    )


def _spread(figures: pl.DataFrame) -> tuple[date, date] | None:
    dates: list[date] = sorted(figures["as_of"].drop_nulls().to_list())
    if len(dates) < 2 or (dates[-1] - dates[0]).days <= FAR_APART_DAYS:
        return None
    return dates[0], dates[-1]


def _listed(names: list[str], *, most: int = 4) -> str:
    """Council names in words, or how many they are when there are more than ``most``."""
    if len(names) > most:
        return f"{len(names):,} councils"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def caveats(figures: pl.DataFrame) -> list[str]:
    """What to bear in mind before comparing the councils' figures, in sentences."""
    found = []
    spread = _spread(figures)
    if spread:
        first, last = spread
        months = round((last - first).days / 30.44)
        at = {d: sorted(figures.filter(pl.col("as_of") == d)["council"].to_list()) for d in spread}
        found.append(
            f"The councils are judged at dates {months} months apart ({_listed(at[first])} at "
            f"{first.isoformat()}, {_listed(at[last])} at {last.isoformat()}): a council judged "
            "earlier has had less time to fall behind. Compare their overdue figures with care, "
            "or build the report with --as-of DATE to judge every council at one date."
        )
    silent = sorted(figures.filter(pl.col("n_with_status").fill_null(0) == 0)["council"])
    if silent:
        found.append(
            f"{_listed(silent)} published no statuses: {'its' if len(silent) == 1 else 'their'} "
            "share complete and schedule index are not known, nor, once deadlines have passed, "
            "which actions are overdue; those figures are left blank, never counted as 0."
        )
    unjudged = sorted(figures.filter(pl.col("as_of").is_null())["council"].to_list())
    if unjudged:
        found.append(
            f"{_listed(unjudged)}: no as-of date (as_of in plans.toml), so no deadline could be "
            "judged."
        )
    return found


def national_sentences(figures: pl.DataFrame) -> Html:
    """Every council's figures together, for a report of many councils."""
    n = figures.height
    published = figures.filter(pl.col("n_with_status").fill_null(0) > 0)
    median_complete = published["share_complete"].median()
    overdue = figures["n_overdue"].drop_nulls()
    with_overdue = figures.filter(pl.col("n_overdue").fill_null(0) > 0).height
    revised = figures.filter(pl.col("n_revised").fill_null(0) > 0).height
    actions = _figure("n_actions", figures["n_actions"].sum())
    recommendations = _figure("recommendations", figures["recommendations"].sum())
    sentences = [
        f"Across {_figure('councils', n)} councils: {actions} actions for {recommendations} "
        "recommendations.",
        f"{_figure('councils_with_statuses', published.height)} councils published statuses; "
        + (
            f"the median of them has completed "
            f"{_figure('median_share_complete', median_complete, share=True)} of its actions."
            if median_complete is not None
            else "none has a share complete."
        ),
        f"{_figure('n_overdue', overdue.sum())} actions are overdue at their councils' "
        f"judged-at dates, in {_figure('councils_with_overdue', with_overdue)} councils; "
        f"{_figure('councils_with_revisions', revised)} councils revised at least one deadline.",
    ]
    return Html(f'<p class="cpc-finding cpc-national">{" ".join(sentences)}</p>')
