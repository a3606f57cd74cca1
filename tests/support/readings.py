"""Score a corpus of plans against readings written down before the loader saw them.

A corpus is a data folder (``plans.toml`` + ``raw/``) with an ``expected/`` folder beside them:

- ``expected/documents.csv``: ``plan_id, n_recommendations, n_actions`` (one row per document);
- ``expected/actions.csv``: one row per action, keyed by ``plan_id, rec_id, action_no``, with
  ``text, deadline_kind, deadline_end, owners, status, revised_end``. ``owners`` is every lead
  and sponsor joined with `` | `` (lead first); ``deadline_end`` and ``revised_end`` are ISO
  dates or empty; ``text`` is the action as a correct reading gives it (list markers removed,
  whitespace as one space). ``revised_end`` is the revised due date as
  :func:`cpcanalysis.slippage.measure` should find it (a revised-deadline column, or a new target
  in the update text).

Each expected action gives six checks (text, due date, kind, owners, status, revised date); each
document two (recommendation and action counts). An action the loader did not produce fails all
six of its checks; an extra action shows in the counts.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

ACTION_CHECKS = ("text", "deadline_end", "deadline_kind", "owners", "status", "revised_end")
_MARKER = re.compile(r"^\s*(?:[•\-–*·▪◦]|\(?[0-9a-z]{1,3}[.)])\s+", re.I)


def _norm_text(value: str | None) -> str:
    text = " ".join((value or "").split())
    return _MARKER.sub("", text)


def _owners(lead: list[str] | None, sponsor: list[str] | None) -> str:
    return " | ".join([*(lead or []), *(sponsor or [])])


def _iso(value) -> str:
    return value.isoformat() if value is not None else ""


@dataclass
class Score:
    passed: int = 0
    total: int = 0
    count_passed: int = 0
    count_total: int = 0
    recs_passed: int = 0
    recs_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def action_share(self) -> float:
        return self.passed / self.total if self.total else 1.0

    @property
    def count_share(self) -> float:
        return self.count_passed / self.count_total if self.count_total else 1.0

    def summary(self) -> str:
        recs = self.recs_passed / self.recs_total if self.recs_total else 1.0
        return (
            f"per-action checks {self.passed}/{self.total} ({self.action_share:.1%}); "
            f"counts {self.count_passed}/{self.count_total} ({self.count_share:.1%}); "
            f"recommendation texts {self.recs_passed}/{self.recs_total} ({recs:.1%})"
        )


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def score(folder: Path, plans=None, *, only=None) -> Score:
    """Load ``folder`` (unless ``plans`` is given) and compare it with ``folder/expected``;
    ``only`` (a predicate on plan_id) scores some of its documents."""
    from cpcanalysis import load

    plans = plans if plans is not None else load(folder, errors="report", progress=False)
    result = Score()
    got_docs = {row["plan_id"]: row for row in plans.plans.iter_rows(named=True)}
    keep = only or (lambda plan_id: True)
    for doc in (d for d in _read_csv(folder / "expected" / "documents.csv") if keep(d["plan_id"])):
        got = got_docs.get(doc["plan_id"], {})
        for name in ("n_recommendations", "n_actions"):
            result.count_total += 1
            if str(got.get(name)) == doc[name]:
                result.count_passed += 1
            else:
                result.misses.append(f"{doc['plan_id']}: {name} {got.get(name)} != {doc[name]}")
    _score_recommendations(folder, plans, result, keep)
    from cpcanalysis.slippage import measure

    revised = measure(plans.actions, plans.plans).select(
        "plan_id", "rec_id", "action_no", pl.col("revised_end").alias("measured_revised_end")
    )
    joined = plans.actions.join(
        revised, on=["plan_id", "rec_id", "action_no"], how="left", maintain_order="left"
    )
    actions = {
        (row["plan_id"], row["rec_id"], row["action_no"]): row
        for row in joined.iter_rows(named=True)
    }
    for want in (w for w in _read_csv(folder / "expected" / "actions.csv") if keep(w["plan_id"])):
        key = (want["plan_id"], want["rec_id"], int(want["action_no"]))
        got = actions.get(key)
        reading = (
            {
                "text": _norm_text(got["text"]),
                "deadline_end": _iso(got["deadline_end"]),
                "deadline_kind": got["deadline_kind"],
                "owners": _owners(got["lead"], got["sponsor"]),
                "status": got["status"],
                "revised_end": _iso(got["measured_revised_end"]),
            }
            if got is not None
            else {}
        )
        for check in ACTION_CHECKS:
            result.total += 1
            expected = _norm_text(want[check]) if check == "text" else want[check].strip()
            if reading.get(check) == expected:
                result.passed += 1
            else:
                result.misses.append(f"{key}: {check} {reading.get(check)!r} != {expected!r}")
    return result


def _score_recommendations(folder: Path, plans, result: Score, keep) -> None:
    """One check per expected recommendation: its text (as in ``expected/recommendations.csv``,
    when the corpus has one)."""
    path = folder / "expected" / "recommendations.csv"
    if not path.exists():
        return
    got = {
        (r["plan_id"], r["rec_id"]): _norm_text(r["text"])
        for r in plans.recommendations.iter_rows(named=True)
    }
    for want in (w for w in _read_csv(path) if keep(w["plan_id"])):
        key = (want["plan_id"], want["rec_id"])
        result.recs_total += 1
        if got.get(key) == _norm_text(want["text"]):
            result.recs_passed += 1
        else:
            result.misses.append(f"{key}: recommendation text {got.get(key)!r}")


def frame_of(folder: Path) -> pl.DataFrame:
    """The expected actions as a frame (for tests that want one action's expectation)."""
    return pl.read_csv(folder / "expected" / "actions.csv", infer_schema_length=0)
