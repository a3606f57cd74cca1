"""``summarise``: slippage figures per plan, rolled up per council, with the LGA timeline checks.

Unknown is not zero: a figure whose base is empty (no overdue action, nothing due, a document
that gives no statuses, no as-of date) is null, and ``null_reasons`` says why for each.
"""

from __future__ import annotations

import polars as pl

from cpcanalysis.schema import conform
from cpcanalysis.slippage.overdue import LENIENT_CLASSES
from cpcanalysis.slippage.reasons import null_reasons
from cpcanalysis.slippage.timeline import chain_timelines
from cpcanalysis.slippage.versions import chain_order
from cpcanalysis.slippage.vocabulary import DEADLINE_CLASSES


def _share(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator).otherwise(None)


def _judged(classes: tuple[str, ...]) -> pl.Expr:
    return pl.col("deadline_class").is_in(classes) & pl.col("as_of").is_not_null()


def _n_overdue(flag: str, classes: tuple[str, ...]) -> pl.Expr:
    """Overdue actions of one reading (``flag``: is_overdue, or its lenient twin); null when
    unknown: no as-of date, or actions past due whose document gives no status (``flag`` null)."""
    known = pl.col("as_of").is_not_null().any() & ~(_judged(classes) & pl.col(flag).is_null()).any()
    return pl.when(known).then(pl.col(flag).sum().cast(pl.Int64))


def _due_figures(flag: str, classes: tuple[str, ...], statuses: pl.Expr) -> dict[str, pl.Expr]:
    """Actions due, overdue, their share, and the schedule index, of one reading."""
    due = _judged(classes) & (pl.col("deadline_end") < pl.col("as_of"))
    n_due = pl.when(pl.col("as_of").is_not_null().any()).then(due.sum().cast(pl.Int64))
    n_overdue = _n_overdue(flag, classes)
    done = (due & (pl.col("status") == "complete")).sum()
    return {
        "n_due": n_due,
        "n_overdue": n_overdue,
        "share_overdue": _share(n_overdue, pl.len()),
        "schedule_index": pl.when(statuses).then(_share(done, n_due)),
    }


def _figures(relabelled: str = "relabelled_ongoing") -> list[pl.Expr]:
    """Aggregations over the actions of one group (a plan, or a council's latest plans);
    ``relabelled`` names the flag counted as relabelled ongoing."""
    n = pl.len().cast(pl.Int64)
    coverage = (pl.col("status") != "unknown").mean()
    statuses = coverage > 0  # a group that gives no status: shares over statuses are unknown
    strict = _due_figures("is_overdue", ("dated",), statuses)
    lenient = _due_figures("is_overdue_lenient", LENIENT_CLASSES, statuses)
    n_optimistic = pl.when(strict["n_overdue"].is_not_null()).then(
        pl.col("optimistic").sum().cast(pl.Int64)
    )
    revised = pl.col("revision_count") > 0
    return [
        pl.col("as_of").max(),
        n.alias("n_actions"),
        pl.when(statuses)
        .then(_share((pl.col("status") == "complete").sum(), n))
        .alias("share_complete"),
        coverage.alias("status_coverage"),
        strict["n_overdue"].alias("n_overdue"),
        strict["share_overdue"].alias("share_overdue"),
        pl.col("days_overdue").median().alias("median_days_overdue"),
        *(
            _share((pl.col("deadline_class") == c).sum(), n).alias(f"share_{c}")
            for c in DEADLINE_CLASSES
        ),
        revised.sum().cast(pl.Int64).alias("n_revised"),
        pl.col("revision_count").sum().cast(pl.Int64).alias("n_revisions"),
        pl.col("slippage_days").filter(revised).median().alias("median_slippage_days"),
        strict["n_due"].alias("n_due"),
        strict["schedule_index"].alias("schedule_index"),
        n_optimistic.alias("n_optimistic"),
        _share(n_optimistic, strict["n_overdue"]).alias("share_optimistic"),
        *(expr.alias(f"{name}_lenient") for name, expr in lenient.items()),
        pl.col(relabelled).sum().cast(pl.Int64).alias("n_relabelled_ongoing"),
    ]


_PLAN_COLUMNS = {
    "document_kind": pl.String,
    "cpc_date": pl.Date,
    "published": pl.Date,
    "adoption_stated": pl.Date,
    "adoption_evidence": pl.String,
}


_DOCUMENT_ROW = ("plan_id", "chain", "version", "document_kind", "council", "source_path")


def _documents(measured: pl.DataFrame, plans: pl.DataFrame | None) -> pl.DataFrame:
    """One row per document: plan_id, council, source_path, chain, version, kind and dates,
    in chain order (:func:`chain_order`)."""
    seen = measured.group_by("plan_id").agg(pl.col("council", "source_path").first())
    if plans is None:
        return seen.with_columns(
            pl.col("plan_id").alias("chain"),
            pl.lit(1, pl.Int64).alias("version"),
            pl.lit(None, pl.Date).alias("doc_as_of"),
            *(pl.lit(None, dtype).alias(c) for c, dtype in _PLAN_COLUMNS.items()),
        ).sort("plan_id")
    meta = plans.select(
        "plan_id",
        *(
            pl.col(c).cast(dtype) if c in plans.columns else pl.lit(None, dtype).alias(c)
            for c, dtype in _PLAN_COLUMNS.items()
        ),
        pl.col("as_of").cast(pl.Date).alias("doc_as_of"),
    )
    ordered = chain_order(plans).join(meta, on="plan_id", maintain_order="left")
    return ordered.join(seen, on="plan_id", how="inner", maintain_order="left")


def summarise(measured: pl.DataFrame, plans: pl.DataFrame | None = None) -> pl.DataFrame:
    """Slippage figures per plan, then per council (the ``slippage_summary`` table).

    ``measured`` is the output of :func:`measure`. ``plans`` adds chain, version, document kind
    and the LGA timeline checks; without it those are null and every document counts in its
    council's roll-up. A council row rolls up the latest version of each of its chains (earlier
    versions would count the same actions twice) and carries the timeline of its latest CPC.
    Every null figure is explained in ``null_reasons``.
    """
    documents = _documents(measured, plans)
    timeline = chain_timelines(documents)
    per_plan = (
        measured.group_by("plan_id")
        .agg(_figures())
        .join(documents.select(_DOCUMENT_ROW), on="plan_id")
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
    return conform(null_reasons(ordered), "slippage_summary")
