"""Matching actions across successive versions of one plan.

The manifest links the documents of one CPC into a ``chain``; ``version`` orders them (by as-of
date when not given). Each version's actions are matched to the previous version's by a score in
0..1:

    score = 0.7 * text similarity + 0.2 * same recommendation + 0.1 * position

where text similarity is rapidfuzz's ``token_sort_ratio`` / 100 on the action texts (case,
punctuation and word order ignored), "same recommendation" is 1 when ``rec_no`` is equal, and
position is ``1 / (1 + |difference in action_no|)``. When neither action has text, the score is
the recommendation and position terms alone, rescaled to 0..1. Pairs are taken greedily, best
score first (ties: earlier prior action, then earlier current action), one to one, down to
``min_score`` (default 0.7): in the same place an action's text must be at least 57% similar,
one place along 64%, under another recommendation 86%. Then, because councils renumber, merge
and split recommendations and actions between versions:

1. each prior recommendation corresponds to the current number most of its matched actions now
   sit under, "same recommendation" follows that correspondence, and pairs are taken afresh;
2. leftover pairs whose text alone is at least ``MOVED_TEXT`` (85%, or ``min_score`` if higher)
   similar are matched wherever they sit (an action moved to a merged recommendation);
3. a leftover current action scoring at least ``min_score`` against an already matched prior
   action of the same recommendation is a part of it, split: matched to it as well.

Unmatched current actions are *added*; unmatched prior actions are *dropped*. Rules:
``docs/methods.md``, "Slippage".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

import polars as pl
from rapidfuzz import fuzz, process, utils

from cpcanalysis.errors import CpcError
from cpcanalysis.schema import conform, empty_frame

TEXT_WEIGHT = 0.7
REC_WEIGHT = 0.2
POSITION_WEIGHT = 0.1
MIN_SCORE = 0.7
# an action whose text alone is this similar is matched wherever it moved (pass 3)
MOVED_TEXT = 0.85

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
    """``plan_id``, ``chain`` and ``version`` for every plan, in chain order: the one order of a
    chain's documents that loading, matching, revisions, the summary and the report all follow
    (the last row of a chain is its latest document).

    A plan without a chain is a chain of its own (named by its plan_id). Documents with a
    ``version`` (the manifest's) come in version order; a missing version is taken from the
    document's place by ``as_of`` (a document without one first: the plan as published), then
    plan_id, after the versioned ones; documents whose versions then tie (one given, one
    inferred) are ordered by ``as_of``, then plan_id.
    """
    by = ("chain", "version", "as_of", "plan_id")
    nulls_last = [True, True, False, True]
    filled = (
        plans.select("plan_id", "chain", "version", "as_of")
        .with_columns(pl.col("chain").fill_null(pl.col("plan_id")))
        .sort(by, nulls_last=nulls_last)
        .with_columns(
            pl.col("version").fill_null(pl.int_range(1, pl.len() + 1).over("chain")).cast(pl.Int64)
        )
    )
    return filled.sort(by, nulls_last=nulls_last).select("plan_id", "chain", "version")


def _similarities(prior: pl.DataFrame, current: pl.DataFrame) -> list[list[float | None]]:
    """Text similarity 0..1 of every prior x current pair (None when neither has text)."""
    texts_a = prior["text"].fill_null("").to_list()
    texts_b = current["text"].fill_null("").to_list()
    sims = process.cdist(
        texts_a, texts_b, scorer=fuzz.token_sort_ratio, processor=utils.default_process
    )
    return [
        [
            float(sims[i][j]) / 100 if text_a.strip() or text_b.strip() else None
            for j, text_b in enumerate(texts_b)
        ]
        for i, text_a in enumerate(texts_a)
    ]


def _scores(
    prior: pl.DataFrame,
    current: pl.DataFrame,
    sims: list[list[float | None]],
    renumbered: dict[int, int],
) -> list[list[float]]:
    """Score matrix (prior x current); ``renumbered`` maps a prior recommendation number to
    the current number it corresponds to (a number not in it corresponds to itself)."""
    recs_a, recs_b = prior["rec_no"].to_list(), current["rec_no"].to_list()
    pos_a, pos_b = prior["action_no"].to_list(), current["action_no"].to_list()
    scores: list[list[float]] = []
    for i, sim_row in enumerate(sims):
        same_rec = renumbered.get(recs_a[i], recs_a[i])
        row = []
        for j, sim in enumerate(sim_row):
            structure = REC_WEIGHT * (same_rec == recs_b[j]) + POSITION_WEIGHT / (
                1 + abs(pos_a[i] - pos_b[j])
            )
            if sim is None:
                row.append(structure / (REC_WEIGHT + POSITION_WEIGHT))
            else:
                row.append(TEXT_WEIGHT * sim + structure)
        scores.append(row)
    return scores


def _pairs(
    scores: Sequence[Sequence[float | None]],
    min_score: float,
    pairs: Sequence[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """Greedy one-to-one pairs, best score first, among the rows and columns not in ``pairs``."""
    candidates = sorted(
        (-score, i, j)
        for i, row in enumerate(scores)
        for j, score in enumerate(row)
        if score is not None and score >= min_score
    )
    used_a = {i for i, _ in pairs}
    used_b = {j for _, j in pairs}
    out = []
    for _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


def _renumbered(
    prior: pl.DataFrame, current: pl.DataFrame, pairs: list[tuple[int, int]]
) -> dict[int, int]:
    """Each prior recommendation number to the current number most of its matched actions now
    sit under (ties: the lower number), when that differs: recommendations renumbered or
    merged between versions."""
    recs_a, recs_b = prior["rec_no"].to_list(), current["rec_no"].to_list()
    votes: dict[int, Counter] = {}
    for i, j in pairs:
        if recs_a[i] is not None and recs_b[j] is not None:
            votes.setdefault(recs_a[i], Counter())[recs_b[j]] += 1
    out = {}
    for rec, counter in votes.items():
        best = min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if best != rec:
            out[rec] = best
    return out


def _splits(
    scores: list[list[float]],
    same_rec: list[list[bool]],
    pairs: list[tuple[int, int]],
    min_score: float,
) -> list[tuple[int, int]]:
    """Unmatched later actions that score at least ``min_score`` against an already matched
    earlier action of the same recommendation: parts of an action split in two (or more)."""
    matched_a = {i for i, _ in pairs}
    matched_b = {j for _, j in pairs}
    candidates = sorted(
        (-scores[i][j], i, j)
        for i in matched_a
        for j in range(len(scores[i]))
        if j not in matched_b and same_rec[i][j] and scores[i][j] >= min_score
    )
    out, used_b = [], set()
    for _, i, j in candidates:
        if j not in used_b:
            used_b.add(j)
            out.append((i, j))
    return out


def _match(
    prior: pl.DataFrame, current: pl.DataFrame, min_score: float
) -> tuple[list[tuple[int, int]], list[list[float]], list[list[float | None]]]:
    """The matched pairs (prior row, current row), the score and the similarity matrices."""
    sims = _similarities(prior, current)
    first = _pairs(_scores(prior, current, sims, {}), min_score)
    renumbered = _renumbered(prior, current, first)
    scores = _scores(prior, current, sims, renumbered)
    pairs = _pairs(scores, min_score)
    pairs += _pairs(sims, max(MOVED_TEXT, min_score), pairs)
    recs_a, recs_b = prior["rec_no"].to_list(), current["rec_no"].to_list()
    same_rec = [[renumbered.get(a, a) == b for b in recs_b] for a in recs_a]
    pairs += _splits(scores, same_rec, pairs, min_score)
    return pairs, scores, sims


def _side(frame: pl.DataFrame, index: int | None, prefix: str) -> dict:
    if index is None:
        return {f"{prefix}{c}": None for c in _SIDE}
    row = frame.row(index, named=True)
    return {f"{prefix}{c}": row[c] for c in _SIDE}


def _match_pair(prior: pl.DataFrame, current: pl.DataFrame, min_score: float) -> list[dict]:
    pairs, scores, texts = _match(prior, current, min_score)
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
        plan_ids = docs["plan_id"].to_list()
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
