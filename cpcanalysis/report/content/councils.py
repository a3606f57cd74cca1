"""One council at a time: the peers a focus council is set against, and each council's profile
(its late actions and its recommendations by theme).

Peers are chosen as LG Inform chooses comparator groups: councils of the same ``council_type``,
narrowed to the same ``region`` when at least :data:`MIN_PEERS` of them share it; a council
whose type is not recorded, or that no other council shares, is set against every other
council, and the report says which rule was used.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from cpcanalysis.schema import CORE_ELEMENTS, STATUSES, column_names

__all__ = [
    "LATE_STATUSES",
    "MIN_PEERS",
    "Peers",
    "choose_peers",
    "council_facts",
    "late_actions",
    "profile_recommendations",
]

MIN_PEERS = 5  # the fewest councils of one type and region that make a regional group
# statuses a profile lists beside the overdue actions
LATE_STATUSES = ("off_track", "at_risk")
_LISTED = 8  # peers named one by one up to this many


@dataclass(frozen=True)
class Peers:
    """The councils a focus council is set against, and how they were chosen, in words."""

    councils: list[str]
    rule: str


def council_facts(plans: pl.DataFrame) -> pl.DataFrame:
    """Per council: its council type and region (the first recorded in its documents)."""
    return (
        plans.sort("council", "plan_id")
        .group_by("council", maintain_order=True)
        .agg(pl.col("council_type", "region").drop_nulls().first())
    )


def _names(councils: list[str]) -> str:
    if not councils or len(councils) > _LISTED:
        return ""
    listed = (
        councils[0] if len(councils) == 1 else ", ".join(councils[:-1]) + " and " + councils[-1]
    )
    return f" ({listed})"


def _plural(n: int, word: str) -> str:
    return f"{n} other {word}" if n == 1 else f"{n} other {word}s"


def choose_peers(plans: pl.DataFrame, focus: str) -> Peers:
    """The focus council's peers among the other councils of ``plans``."""
    facts = council_facts(plans)
    mine = facts.filter(pl.col("council") == focus).row(0, named=True)
    others = facts.filter(pl.col("council") != focus)
    everyone = sorted(others["council"].to_list())
    if not everyone:
        return Peers([], f"none: {focus} is the only council in this report")
    kind, region = mine["council_type"], mine["region"]
    if kind is None:
        return Peers(
            everyone,
            f"the {_plural(len(everyone), 'council')} in this report{_names(everyone)}: "
            f"no council_type is recorded for {focus} in plans.toml",
        )
    same = others.filter(pl.col("council_type") == kind)
    if same.is_empty():
        return Peers(
            everyone,
            f"the {_plural(len(everyone), 'council')} in this report{_names(everyone)}: "
            f"none is a {kind} council like {focus}",
        )
    regional = sorted(same.filter(pl.col("region") == region)["council"].to_list())
    if region is not None and len(regional) >= MIN_PEERS:
        return Peers(
            regional,
            f"the {_plural(len(regional), kind + ' council')} in {region}{_names(regional)}",
        )
    typed = sorted(same["council"].to_list())
    rule = f"the {_plural(len(typed), kind + ' council')}{_names(typed)}"
    if region is not None:
        rule += (
            f" (the region is not used: {len(regional)} of them in {region}, fewer than "
            f"{MIN_PEERS})"
        )
    return Peers(typed, rule)


def _status_label() -> pl.Expr:
    return pl.col("status").replace_strict(STATUSES.labels(), default=pl.col("status"))


def late_actions(
    measured: pl.DataFrame, recommendations: pl.DataFrame, council: str
) -> pl.DataFrame:
    """The council's actions that are overdue, off track or at risk (``measured`` of its
    latest documents), with their recommendation's text and latest update: overdue ones
    first, longest overdue first, then off track before at risk, then by number."""
    texts = recommendations.select(
        "plan_id", "rec_id", pl.col("text").alias("recommendation_text")
    ).unique(["plan_id", "rec_id"], keep="first")
    order = {status: i for i, status in enumerate(LATE_STATUSES)}  # off track before at risk
    late = measured.filter(
        (pl.col("council") == council)
        & (pl.col("is_overdue").fill_null(False) | pl.col("status").is_in(LATE_STATUSES))
    )
    return (
        late.join(texts, on=["plan_id", "rec_id"], how="left")
        .with_columns(
            pl.col("status")
            .replace_strict(order, default=len(order), return_dtype=pl.Int64)
            .alias("_order"),
            pl.col("is_overdue").fill_null(False).alias("_overdue"),
        )
        .sort(
            "_overdue",
            "days_overdue",
            "_order",
            "plan_id",
            "rec_no",
            "rec_id",
            "action_no",
            descending=[True, True, False, False, False, False, False],
            nulls_last=True,
        )
        .with_columns(_status_label())
        .select(column_names("profile_actions"))
    )


def profile_recommendations(recommendations: pl.DataFrame, council: str) -> pl.DataFrame:
    """The council's recommendations (of its latest documents) by core element, in the
    LGA's order, then theme and number."""
    order = {element: i for i, element in enumerate(CORE_ELEMENTS)}
    return (
        recommendations.filter(pl.col("council") == council)
        .with_columns(
            pl.col("core_element")
            .replace_strict(order, default=len(order), return_dtype=pl.Int64)
            .alias("_order")
        )
        .sort("_order", "theme", "rec_no", "rec_id", nulls_last=True)
        .select("core_element", "theme", "rec_id", "text")
    )
