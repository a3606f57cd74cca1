"""``summarise``: slippage figures per plan, rolled up per council, with the LGA timeline checks."""

from __future__ import annotations

import polars as pl

from cpcanalysis.schema import conform
from cpcanalysis.slippage.versions import chain_order
from cpcanalysis.slippage.vocabulary import DEADLINE_CLASSES, timelines


def _share(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _figures(relabelled: str = "relabelled_ongoing") -> list[pl.Expr]:
    """Aggregations over the actions of one group (a plan, or a council's latest plans);
    ``relabelled`` names the flag counted as relabelled ongoing."""
    n = pl.len().cast(pl.Int64)
    due = (pl.col("deadline_class") == "dated") & (pl.col("deadline_end") < pl.col("as_of"))
    complete = pl.col("status") == "complete"
    # a group with no as-of date was not judged: its overdue figures are unknown, not zero
    judged = pl.col("as_of").is_not_null().any()

    def if_judged(count: pl.Expr) -> pl.Expr:
        return pl.when(judged).then(count.cast(pl.Int64)).otherwise(None)

    n_overdue = if_judged(pl.col("is_overdue").sum())
    n_optimistic = if_judged(pl.col("optimistic").sum())
    n_due = if_judged(due.sum())
    revised = pl.col("revision_count") > 0
    return [
        pl.col("as_of").max(),
        n.alias("n_actions"),
        _share(complete.sum(), n).alias("share_complete"),
        n_overdue.alias("n_overdue"),
        _share(n_overdue, n).alias("share_overdue"),
        pl.col("days_overdue").median().alias("median_days_overdue"),
        *(
            _share((pl.col("deadline_class") == c).sum(), n).alias(f"share_{c}")
            for c in DEADLINE_CLASSES
        ),
        revised.sum().cast(pl.Int64).alias("n_revised"),
        pl.col("revision_count").sum().cast(pl.Int64).alias("n_revisions"),
        pl.col("slippage_days").filter(revised).median().alias("median_slippage_days"),
        n_due.alias("n_due"),
        _share((due & complete).sum(), n_due).alias("schedule_index"),
        n_optimistic.alias("n_optimistic"),
        _share(n_optimistic, n_overdue).alias("share_optimistic"),
        pl.col(relabelled).sum().cast(pl.Int64).alias("n_relabelled_ongoing"),
    ]


def _documents(measured: pl.DataFrame, plans: pl.DataFrame | None) -> pl.DataFrame:
    """One row per document: plan_id, council, source_path, chain, version, kind and dates,
    in chain order (:func:`chain_order`)."""
    seen = measured.group_by("plan_id").agg(pl.col("council", "source_path").first())
    if plans is None:
        return seen.with_columns(
            pl.col("plan_id").alias("chain"),
            pl.lit(1, pl.Int64).alias("version"),
            *(pl.lit(None, pl.Date).alias(c) for c in ("cpc_date", "published", "doc_as_of")),
            pl.lit(None, pl.String).alias("document_kind"),
        ).sort("plan_id")
    meta = plans.select(
        "plan_id",
        "document_kind",
        pl.col("cpc_date", "published").cast(pl.Date),
        pl.col("as_of").cast(pl.Date).alias("doc_as_of"),
    )
    ordered = chain_order(plans).join(meta, on="plan_id", maintain_order="left")
    return ordered.join(seen, on="plan_id", how="inner", maintain_order="left")


def _timeline(documents: pl.DataFrame) -> pl.DataFrame:
    """The LGA timeline checks per chain: plan within 3 and 5 months, review about 10."""
    rules = timelines()
    review = pl.col("document_kind") == "progress_review"
    per_chain = documents.group_by("chain", maintain_order=True).agg(
        pl.col("cpc_date").drop_nulls().first(),
        pl.col("published").first().alias("plan_published"),  # the first version's
        pl.coalesce("doc_as_of", "published").filter(review).min().alias("review_date"),
    )

    def months_after(n: int) -> pl.Expr:
        return pl.col("cpc_date").dt.offset_by(f"{n}mo")

    low = rules.review_months - rules.review_tolerance_months
    high = rules.review_months + rules.review_tolerance_months
    return per_chain.with_columns(
        (pl.col("plan_published") - pl.col("cpc_date")).dt.total_days().alias("days_to_plan"),
        (pl.col("plan_published") <= months_after(rules.plan_months)).alias("plan_within_3_months"),
        (pl.col("plan_published") <= months_after(rules.plan_months_latest)).alias(
            "plan_within_5_months"
        ),
        (pl.col("review_date") - pl.col("cpc_date")).dt.total_days().alias("days_to_review"),
        pl.col("review_date")
        .is_between(months_after(low), months_after(high))
        .alias("review_about_10_months"),
    )


def summarise(measured: pl.DataFrame, plans: pl.DataFrame | None = None) -> pl.DataFrame:
    """Slippage figures per plan, then per council (the ``slippage_summary`` table).

    ``measured`` is the output of :func:`measure`. ``plans`` adds chain, version, document kind
    and the LGA timeline checks; without it those are null and every document counts in its
    council's roll-up. A council row rolls up the latest version of each of its chains (earlier
    versions would count the same actions twice) and carries the timeline of its latest CPC.
    """
    documents = _documents(measured, plans)
    timeline = _timeline(documents)
    per_plan = (
        measured.group_by("plan_id")
        .agg(_figures())
        .join(documents.drop("cpc_date"), on="plan_id")
        .join(timeline, on="chain", how="left")
        .with_columns(pl.lit("plan").alias("scope"), pl.concat_list("plan_id").alias("plans"))
    )
    latest = documents.group_by("chain", maintain_order=True).agg(pl.col("plan_id").last())
    latest_cpc = (
        timeline.join(documents.select("chain", "council").unique(), on="chain")
        .sort("cpc_date", "chain", nulls_last=False)
        .group_by("council")
        .agg(pl.all().last())
    )
    # like revision counts, relabelling counts over the whole chain: an action relabelled
    # ongoing in an earlier version and still ongoing in the latest was still relabelled
    ever_relabelled = pl.col("relabelled_ongoing").fill_null(False).any().over("lineage_id")
    per_council = (
        measured.with_columns(ever_relabelled.alias("_relabelled"))
        .filter(pl.col("plan_id").is_in(latest["plan_id"].implode()))
        .group_by("council")
        .agg(*_figures("_relabelled"), pl.col("plan_id").unique().sort().alias("plans"))
        .join(latest_cpc, on="council", how="left")
        .with_columns(pl.lit("council").alias("scope"))
    )
    both = pl.concat([per_plan, per_council], how="diagonal_relaxed")
    ordered = both.sort(
        "council",
        "scope",
        "chain",
        "version",
        "plan_id",
        descending=[False, True, False, False, False],
        nulls_last=True,
    )
    return conform(ordered.drop("doc_as_of", "published"), "slippage_summary")
