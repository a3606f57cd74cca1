"""The LGA timeline checks of each chain: plan within 3 and 5 months of the CPC, review about 10.

The plan's date is read from the right document, never from a tracker's date: the ``published``
date of the chain's first action plan (plans.toml); else an adoption date stated in a document
of the chain (read by :mod:`cpcanalysis.slippage.adoption`, cited); else the as-of date of the
chain's first action plan (the plan as adopted); else null, with the reason.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from cpcanalysis.slippage.vocabulary import timelines

__all__ = ["chain_timelines"]

_SCHEMA = {
    "chain": pl.String,
    "cpc_date": pl.Date,
    "plan_published": pl.Date,
    "plan_published_source": pl.String,
    "plan_published_evidence": pl.String,
    "review_date": pl.Date,
}


def _plan_date(docs: list[dict]) -> tuple[date | None, str | None, str]:
    """(date, source, evidence or the reason it is unknown) of one chain's plan."""
    plans = [d for d in docs if d["document_kind"] == "action_plan"]
    plan = plans[0] if plans else None
    if plan is not None and plan["published"] is not None:
        day = plan["published"]
        return day, "published", f"{plan['plan_id']}: published = {day.isoformat()} (plans.toml)"
    stated = next((d for d in docs if d["adoption_stated"] is not None), None)
    if stated is not None:
        return (
            stated["adoption_stated"],
            "stated",
            f"{stated['plan_id']}, " + str(stated["adoption_evidence"]),
        )
    if plan is not None and plan["doc_as_of"] is not None:
        day = plan["doc_as_of"]
        evidence = f"{plan['plan_id']}: as_of = {day.isoformat()} (plans.toml), the action plan"
        return day, "plan_as_of", evidence + " as adopted"
    if plan is not None:
        why = f"the action plan {plan['plan_id']} has no published or as-of date"
    else:
        why = "the chain has no action plan (document_kind = action_plan)"
    return None, None, f"{why}, and no document of the chain states the plan's adoption"


def _review_date(docs: list[dict]) -> date | None:
    days = [
        d["doc_as_of"] or d["published"]
        for d in docs
        if d["document_kind"] == "progress_review" and (d["doc_as_of"] or d["published"])
    ]
    return min(days, default=None)


def _months_after(n: int) -> pl.Expr:
    return pl.col("cpc_date").dt.offset_by(f"{n}mo")


def chain_timelines(documents: pl.DataFrame) -> pl.DataFrame:
    """One row per chain of ``documents`` (in chain order, with ``document_kind``, ``cpc_date``,
    ``published``, ``doc_as_of``, ``adoption_stated`` and ``adoption_evidence``): the plan's
    date, where it was read, and the checks. A visit known only to the month counts from its
    first day; the progress review is the as-of date (else the publication date) of the chain's
    ``progress_review`` document."""
    rows = []
    for (chain,), group in documents.group_by("chain", maintain_order=True):
        docs = group.to_dicts()
        day, source, evidence = _plan_date(docs)
        rows.append(
            {
                "chain": chain,
                "cpc_date": next((d["cpc_date"] for d in docs if d["cpc_date"]), None),
                "plan_published": day,
                "plan_published_source": source,
                "plan_published_evidence": evidence,
                "review_date": _review_date(docs),
            }
        )
    rules = timelines()
    low = rules.review_months - rules.review_tolerance_months
    high = rules.review_months + rules.review_tolerance_months
    return pl.DataFrame(rows, schema=_SCHEMA).with_columns(
        (pl.col("plan_published") - pl.col("cpc_date")).dt.total_days().alias("days_to_plan"),
        (pl.col("plan_published") <= _months_after(rules.plan_months)).alias(
            "plan_within_3_months"
        ),
        (pl.col("plan_published") <= _months_after(rules.plan_months_latest)).alias(
            "plan_within_5_months"
        ),
        (pl.col("review_date") - pl.col("cpc_date")).dt.total_days().alias("days_to_review"),
        pl.col("review_date")
        .is_between(_months_after(low), _months_after(high))
        .alias("review_about_10_months"),
    )
