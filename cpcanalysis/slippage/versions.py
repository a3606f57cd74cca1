"""Matching actions across successive versions of one plan.

The manifest links the documents of one CPC into a ``chain``; ``version`` orders them by as-of
date. Each version's actions are matched to the previous version's by a score in 0..1:

    score = 0.7 * text similarity + 0.2 * same recommendation + 0.1 * position

where text similarity is rapidfuzz's ``token_sort_ratio`` / 100 on the action texts (case,
punctuation and word order ignored), "same recommendation" is 1 when ``rec_no`` is equal, and
position is ``1 / (1 + |difference in action_no|)``. When neither action has text, the score is
the recommendation and position terms alone, rescaled to 0..1. Pairs are taken greedily, best
score first (ties: earlier prior action, then earlier current action), one to one, down to
``min_score`` (default 0.7): in the same place an action's text must be at least 57% similar,
one place along 64%, under another recommendation 86%. Unmatched current actions are *added*;
unmatched prior actions are *dropped*.
"""

from __future__ import annotations

from itertools import pairwise

import polars as pl
from rapidfuzz import fuzz, process, utils

from cpcanalysis.errors import CpcError
from cpcanalysis.schema import conform, empty_frame

TEXT_WEIGHT = 0.7
REC_WEIGHT = 0.2
POSITION_WEIGHT = 0.1
MIN_SCORE = 0.7

_KEY = ("plan_id", "rec_id", "action_no")
_SIDE = (
    "rec_id",
    "action_no",
    "source_path",
    "source_row",
    "text",
    "deadline_text",
    "deadline_end",
    "deadline_kind",
)


def chain_order(plans: pl.DataFrame) -> pl.DataFrame:
    """``plan_id``, ``chain`` and ``version`` for every plan, in chain order.

    A plan without a chain is a chain of its own (named by its plan_id). A missing version is
    taken from the order of ``as_of`` (then plan_id) within the chain.
    """
    ordered = (
        plans.select("plan_id", "chain", "version", "as_of")
        .with_columns(pl.col("chain").fill_null(pl.col("plan_id")))
        .sort("chain", "version", "as_of", "plan_id", nulls_last=True)
    )
    return ordered.with_columns(
        pl.col("version").fill_null(pl.int_range(1, pl.len() + 1).over("chain")).cast(pl.Int64)
    ).select("plan_id", "chain", "version")


def _scores(prior: pl.DataFrame, current: pl.DataFrame) -> tuple[list[list[float]], list]:
    """Score matrix (prior x current) and the text similarity matrix (None without text)."""
    texts_a = prior["text"].fill_null("").to_list()
    texts_b = current["text"].fill_null("").to_list()
    sims = process.cdist(
        texts_a, texts_b, scorer=fuzz.token_sort_ratio, processor=utils.default_process
    )
    recs_a, recs_b = prior["rec_no"].to_list(), current["rec_no"].to_list()
    pos_a, pos_b = prior["action_no"].to_list(), current["action_no"].to_list()
    scores: list[list[float]] = []
    texts: list[list[float | None]] = []
    for i, text_a in enumerate(texts_a):
        row, text_row = [], []
        for j, text_b in enumerate(texts_b):
            structure = REC_WEIGHT * (recs_a[i] == recs_b[j]) + POSITION_WEIGHT / (
                1 + abs(pos_a[i] - pos_b[j])
            )
            if text_a.strip() or text_b.strip():
                sim = float(sims[i][j]) / 100
                row.append(TEXT_WEIGHT * sim + structure)
                text_row.append(sim)
            else:
                row.append(structure / (REC_WEIGHT + POSITION_WEIGHT))
                text_row.append(None)
        scores.append(row)
        texts.append(text_row)
    return scores, texts


def _pairs(scores: list[list[float]], min_score: float) -> list[tuple[int, int]]:
    candidates = sorted(
        (-score, i, j)
        for i, row in enumerate(scores)
        for j, score in enumerate(row)
        if score >= min_score
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return pairs


def _side(frame: pl.DataFrame, index: int | None, prefix: str) -> dict:
    if index is None:
        return {f"{prefix}{c}": None for c in _SIDE}
    row = frame.row(index, named=True)
    return {f"{prefix}{c}": row[c] for c in _SIDE}


def _match_pair(prior: pl.DataFrame, current: pl.DataFrame, min_score: float) -> list[dict]:
    scores, texts = _scores(prior, current)
    pairs = _pairs(scores, min_score)
    matched_a = {i for i, _ in pairs}
    matched_b = {j for _, j in pairs}
    rows = []
    for i, j in pairs:
        score = round(scores[i][j], 4)
        sim = texts[i][j]
        extra = {
            "outcome": "matched",
            "match_score": score,
            "text_similarity": None if sim is None else round(sim, 4),
        }
        rows.append({**extra, **_side(current, j, ""), **_side(prior, i, "prior_")})
    blank = {"match_score": None, "text_similarity": None}
    for j in range(current.height):
        if j not in matched_b:
            rows.append(
                {
                    "outcome": "added",
                    **blank,
                    **_side(current, j, ""),
                    **_side(prior, None, "prior_"),
                }
            )
    for i in range(prior.height):
        if i not in matched_a:
            rows.append(
                {
                    "outcome": "dropped",
                    **blank,
                    **_side(current, None, ""),
                    **_side(prior, i, "prior_"),
                }
            )
    return rows


def _check_keys(actions: pl.DataFrame) -> None:
    dupes = actions.group_by(_KEY).len().filter(pl.col("len") > 1).sort(_KEY)
    if dupes.height:
        first = dupes.row(0, named=True)
        msg = (
            f"{dupes.height} actions share plan_id/rec_id/action_no, first "
            f"{first['plan_id']!r} rec {first['rec_id']!r} action {first['action_no']}"
        )
        raise CpcError(msg, hint="each action must have a unique action_no in its recommendation")


def match_versions(
    actions: pl.DataFrame, plans: pl.DataFrame, *, min_score: float = MIN_SCORE
) -> pl.DataFrame:
    """Match each version's actions to the previous version of the same chain.

    Returns the ``version_matches`` table: one row per matched pair, added action (in the later
    version only) and dropped action (in the earlier version only), for every consecutive pair
    of documents in a chain. ``plan_id`` is always the later document and ``prior_plan_id`` the
    earlier one. Plans that are alone in their chain produce no rows.
    """
    if not 0 < min_score <= 1:
        msg = f"min_score={min_score!r} is outside (0, 1]"
        raise CpcError(msg, hint=f"give a score between 0 and 1, e.g. {MIN_SCORE}")
    _check_keys(actions)
    order = chain_order(plans)
    by_plan = {
        plan_id: frame.sort("rec_no", "action_no", "rec_id")
        for (plan_id,), frame in actions.group_by("plan_id")
    }
    rows: list[dict] = []
    for (chain,), docs in order.group_by("chain", maintain_order=True):
        plan_ids = docs.sort("version")["plan_id"].to_list()
        for earlier, later in pairwise(plan_ids):
            prior = by_plan.get(earlier, actions.clear())
            current = by_plan.get(later, actions.clear())
            for row in _match_pair(prior, current, min_score):
                rows.append({"chain": chain, "plan_id": later, "prior_plan_id": earlier, **row})
    if not rows:
        return empty_frame("version_matches")
    frame = pl.DataFrame(rows, schema_overrides=_overrides(), strict=False)
    return conform(_with_changes(frame), "version_matches")


def _overrides() -> dict:
    dates = {"deadline_end": pl.Date, "prior_deadline_end": pl.Date}
    ints = {c: pl.Int64 for c in ("action_no", "prior_action_no", "source_row", "prior_source_row")}
    return {**dates, **ints, "match_score": pl.Float64, "text_similarity": pl.Float64}


def _with_changes(frame: pl.DataFrame) -> pl.DataFrame:
    """How the deadline changed: days moved, and a dated deadline relabelled ongoing."""
    return frame.with_columns(
        (pl.col("deadline_end") - pl.col("prior_deadline_end"))
        .dt.total_days()
        .cast(pl.Int64)
        .alias("deadline_shift_days"),
        pl.when(pl.col("outcome") == "matched")
        .then(
            pl.col("deadline_kind").is_in(["ongoing", "open_ended"])
            & pl.col("prior_deadline_end").is_not_null()
        )
        .otherwise(None)
        .alias("relabelled_ongoing"),
    )
