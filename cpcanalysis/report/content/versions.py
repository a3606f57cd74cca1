"""Progress across versions: for each chain of two or more documents of one CPC (a plan and
its trackers), how each action's due date moved from version to version, which actions were
added or dropped, and which deadlines were revised, with the text each revision was read from.
"""

from __future__ import annotations

import polars as pl

from cpcanalysis.charts.labels import action_caption
from cpcanalysis.schema import MATCH_OUTCOMES
from cpcanalysis.slippage.versions import chain_order

__all__ = ["chain_documents", "chains", "changes", "milestones"]


def chain_documents(plans: pl.DataFrame) -> pl.DataFrame:
    """Every document of a chain of two or more, in chain order, with its version number."""
    ordered = chain_order(plans)
    return (
        ordered.join(plans.select("plan_id", "council", "as_of"), on="plan_id", how="left")
        .with_columns(pl.len().over("chain").alias("_documents"))
        .filter(pl.col("_documents") > 1)
        .drop("_documents")
    )


def chains(plans: pl.DataFrame) -> list[str]:
    """The chains with two or more documents, in order of council and chain."""
    documents = chain_documents(plans)
    return documents.select("council", "chain").unique().sort("council", "chain")["chain"].to_list()


def milestones(measured: pl.DataFrame, plans: pl.DataFrame, chain: str) -> pl.DataFrame:
    """Each action of ``chain`` (by its latest number and text) and the due date it had in each
    version (its revised date where it had one): one column per version."""
    documents = chain_documents(plans).filter(pl.col("chain") == chain)
    heads = {
        row["plan_id"]: f"v{i} ({row['as_of'].isoformat() if row['as_of'] else 'no date'})"
        for i, row in enumerate(documents.iter_rows(named=True), 1)
    }
    rows = (
        measured.filter(pl.col("plan_id").is_in(list(heads)))
        .with_columns(
            pl.coalesce("revised_end", "deadline_end").alias("forecast"),
            pl.col("plan_id").replace_strict(heads).alias("version_head"),
        )
        .sort("lineage_id", pl.col("plan_id").replace_strict(list(heads), list(range(len(heads)))))
    )
    names = rows.group_by("lineage_id", maintain_order=True).last().with_columns(action_caption())
    wide = rows.pivot(on="version_head", index="lineage_id", values="forecast")
    present = [h for h in heads.values() if h in wide.columns]
    return (
        names.select("lineage_id", "rec_no", "action_no", "action_caption")
        .join(wide, on="lineage_id", how="left")
        .sort("rec_no", "action_no", "action_caption")
        .select("action_caption", *present)
    )


def changes(matches: pl.DataFrame, chain: str) -> pl.DataFrame:
    """The actions added or dropped between consecutive versions of ``chain``: the action as
    the document that has it gives it (the later one for an added action, the earlier one for
    a dropped one)."""
    kept = matches.filter((pl.col("chain") == chain) & (pl.col("outcome") != "matched"))
    return kept.select(
        pl.col("outcome").replace_strict(MATCH_OUTCOMES.labels()),
        "prior_plan_id",
        "plan_id",
        pl.coalesce("rec_id", "prior_rec_id").alias("rec_id"),
        pl.coalesce("text", "prior_text").alias("text"),
        pl.coalesce("deadline_text", "prior_deadline_text").alias("deadline_text"),
    ).sort("plan_id", "outcome", "rec_id", "text")
