"""``measure``: overdue actions, revised deadlines and slippage, one row per action."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import polars as pl

from cpcanalysis.errors import CpcError, ParameterError
from cpcanalysis.params import parse_as_of
from cpcanalysis.schema import TABLES, conform
from cpcanalysis.slippage.overdue import deadline_class, overdue_columns
from cpcanalysis.slippage.revisions import TextRevision, latest_revision
from cpcanalysis.slippage.versions import chain_order, match_versions

_KEYS = ("plan_id", "rec_id", "action_no", "source_path", "source_row")


@dataclass(frozen=True)
class _Revision:
    original_end: date | None
    revised_end: date | None
    source: str | None
    evidence: str | None
    count: int
    read_in: str | None = None  # the document a column or update-text revision was read in


def _document_dates(actions: pl.DataFrame, plans: pl.DataFrame | None) -> pl.Series:
    """Each action's document as-of date (null without plans)."""
    if plans is None:
        return pl.Series("as_of", [None] * actions.height, dtype=pl.Date)
    missing = sorted(set(actions["plan_id"].unique()) - set(plans["plan_id"]))
    if missing:
        msg = f"actions of plan(s) {missing} have no row in plans"
        raise CpcError(msg, hint="pass the plans frame loaded with these actions")
    lookup = plans.select("plan_id", pl.col("as_of").cast(pl.Date)).unique("plan_id", keep="first")
    return actions.select("plan_id").join(lookup, on="plan_id", how="left", maintain_order="left")[
        "as_of"
    ]


@dataclass(frozen=True)
class _Lineage:
    order: list[int]  # row indices, earliest version first
    history: dict[int, list[int]]  # row -> its ancestors' rows and itself, earliest first
    score: dict[int, float | None]  # row -> match score to the previous version
    relabelled: dict[int, bool | None]  # row -> relabelled ongoing since the previous version


def _lineage(actions: pl.DataFrame, plans: pl.DataFrame | None) -> _Lineage:
    """Each action's ancestry across the versions of its chain."""
    index = {
        key: i for i, key in enumerate(actions.select("plan_id", "rec_id", "action_no").rows())
    }
    if plans is None:
        order = list(range(actions.height))
        return _Lineage(order, {i: [i] for i in order}, dict.fromkeys(order), dict.fromkeys(order))
    matched = match_versions(actions, plans).filter(pl.col("outcome") == "matched")
    prior = {
        index[(m["plan_id"], m["rec_id"], m["action_no"])]: (
            index[(m["prior_plan_id"], m["prior_rec_id"], m["prior_action_no"])],
            m["match_score"],
            m["relabelled_ongoing"],
        )
        for m in matched.iter_rows(named=True)
    }
    rank = {p: n for n, p in enumerate(chain_order(plans)["plan_id"])}
    plan_ids = actions["plan_id"].to_list()
    order = sorted(range(actions.height), key=lambda i: (rank[plan_ids[i]], i))
    history: dict[int, list[int]] = {}
    for i in order:
        earlier = prior.get(i)
        history[i] = [*history[earlier[0]], i] if earlier else [i]
    score = {i: prior[i][1] if i in prior else None for i in order}
    relabelled = {i: prior[i][2] if i in prior else None for i in order}
    return _Lineage(order, history, score, relabelled)


# a due date lost in a later version ("Ongoing", "TBC"): a revision whose new date is unknown
_NO_DATE = date.max


@dataclass(frozen=True)
class _Texts:
    due: list[date | None]
    column: list[date | None]
    column_text: list[str | None]
    deadline_text: list[str | None]
    kind: list[str]
    plan_ids: list[str]
    updates: list[str | None]

    @classmethod
    def of(cls, actions: pl.DataFrame) -> _Texts:
        return cls(
            *(
                actions[c].to_list()
                for c in (
                    "deadline_end",
                    "revised_end",
                    "revised_deadline_text",
                    "deadline_text",
                    "deadline_kind",
                    "plan_id",
                    "update_text",
                )
            )
        )

    def lost_date(self, i: int) -> bool:
        """The deadline says no date where an earlier version had one: ongoing, open-ended,
        'TBC' or unreadable text (not a blank cell, not 'Complete')."""
        text = (self.deadline_text[i] or "").strip()
        return self.due[i] is None and bool(text) and self.kind[i] != "complete"


def _own_revision(
    t: _Texts, i: int, first: int | None, text: TextRevision | None
) -> tuple[str, date | None, str] | None:
    """(source, revised date, evidence) read in this version itself, or None."""
    column = t.column[i]
    if column is not None and (text is None or text.end <= column):
        return "column", column, t.column_text[i] or column.isoformat()
    if text is not None:
        return "update_text", text.end, text.evidence
    if first is None:
        return None
    moved = t.due[i] is not None and t.due[i] != t.due[first]
    if moved or t.lost_date(i):
        then, now = t.deadline_text[first], t.deadline_text[i]
        return "version", t.due[i], f"{t.plan_ids[first]}: {then!r}; now {now!r}"
    return None


def _revisions(
    actions: pl.DataFrame, order: list[int], history: dict[int, list[int]], reference: pl.Series
) -> dict[int, _Revision]:
    t = _Texts.of(actions)
    refs = reference.to_list()
    signals: dict[int, set[date | None]] = {}
    out: dict[int, _Revision] = {}
    for i in order:
        first = next((h for h in history[i] if t.due[h] is not None), None)
        original = None if first is None else t.due[first]
        current = t.due[i] or original
        text = latest_revision(t.updates[i], reference=refs[i], later_than=current)
        lost = _NO_DATE if first is not None and t.lost_date(i) else None
        signals[i] = {t.column[i], t.due[i], None if text is None else text.end, lost}
        seen = set().union(*(signals[h] for h in history[i])) - {None, original}
        own = _own_revision(t, i, first if first != i else None, text)
        if own is None:
            # nothing new in this version: the latest revision of an earlier version stands,
            # its evidence prefixed with the document it was read in
            earlier = next((out[h] for h in reversed(history[i][:-1]) if out[h].source), None)
            if earlier is None:
                out[i] = _Revision(original, None, None, None, len(seen))
            else:
                out[i] = replace(earlier, original_end=original, count=len(seen))
            continue
        source, revised, evidence = own
        read_in = None if source == "version" else t.plan_ids[i]  # version evidence names both
        out[i] = _Revision(original, revised, source, evidence, len(seen), read_in)
    return out


def _evidence(revision: _Revision, plan_id: str) -> str | None:
    """The evidence, naming the earlier document it was read in when it was carried forward."""
    if revision.read_in is None or revision.read_in == plan_id:
        return revision.evidence
    return f"{revision.read_in}: {revision.evidence}"


def _days_after(documents: pl.Series) -> pl.Expr:
    """Days the judging date lies after each document's own as-of date (null if not after)."""
    days = (pl.col("as_of") - pl.lit(documents.cast(pl.Date))).dt.total_days().cast(pl.Int64)
    return pl.when(days > 0).then(days).otherwise(None).alias("days_after_document")


def measure(
    actions: pl.DataFrame,
    plans: pl.DataFrame | None = None,
    *,
    as_of: date | str | None = None,
) -> pl.DataFrame:
    """The actions frame with slippage columns (the ``measured`` table of the schema).

    ``plans`` gives each document's as-of date and links versions of one plan (``chain``,
    ``version``); without it there is no matching across versions. ``as_of`` judges every
    action at one date instead of its document's as-of date; update text is always read as of
    its own document's date (``as_of`` when the document has none). Rows keep their input order;
    ``revised_end`` is replaced by the revised due date from any source (``revision_source``).
    """
    judge_at = parse_as_of(as_of)
    if judge_at is None and plans is None:
        msg = "measure() has no as-of date to judge overdue actions at"
        raise ParameterError(msg, hint="pass plans=dataset.plans or as_of='YYYY-MM-DD'")
    actions = conform(actions, "actions")
    documents = _document_dates(actions, plans)
    # update text speaks for its document's date; a document without one is read as of as_of
    reference = documents if judge_at is None else documents.fill_null(judge_at)
    judged = reference if judge_at is None else pl.repeat(judge_at, actions.height, eager=True)
    frame = actions.with_columns(
        judged.alias("as_of").cast(pl.Date), deadline_class(actions).alias("deadline_class")
    ).with_columns(_days_after(documents))
    frame = overdue_columns(frame)
    lineage = _lineage(actions, plans)
    found = _revisions(actions, lineage.order, lineage.history, reference)
    rows = range(actions.height)
    plan_ids = actions["plan_id"].to_list()
    root = [lineage.history[i][0] for i in rows]
    keys = actions.select("plan_id", "rec_id", "action_no").rows()
    frame = frame.with_columns(
        pl.Series("original_end", [found[i].original_end for i in rows], dtype=pl.Date),
        pl.Series("revised_end", [found[i].revised_end for i in rows], dtype=pl.Date),
        pl.Series("revision_source", [found[i].source for i in rows], dtype=pl.String),
        pl.Series(
            "revision_evidence", [_evidence(found[i], plan_ids[i]) for i in rows], dtype=pl.String
        ),
        pl.Series("revision_count", [found[i].count for i in rows], dtype=pl.Int64),
        pl.Series("lineage_id", ["/".join(map(str, keys[r])) for r in root], dtype=pl.String),
        pl.Series("match_score", [lineage.score[i] for i in rows], dtype=pl.Float64),
        pl.Series("relabelled_ongoing", [lineage.relabelled[i] for i in rows], dtype=pl.Boolean),
    ).with_columns(
        (pl.col("revised_end") - pl.col("original_end"))
        .dt.total_days()
        .cast(pl.Int64)
        .alias("slippage_days"),
    )
    slippage = conform(frame.select(f.name for f in TABLES["slippage"]), "slippage")
    measured = actions.with_columns(slippage["revised_end"]).hstack(
        slippage.drop(*_KEYS, "revised_end")
    )
    return conform(measured, "measured")
