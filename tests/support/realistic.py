"""The realistic fixture plans (tests/fixtures/realistic), loaded once per test process.

Each plan is invented but shaped like plans councils publish; see that folder's plans.toml and
build.py. Helpers here give one plan's rows and check that no word of the source is lost.
"""

from __future__ import annotations

from functools import cache

import polars as pl

from cpcanalysis import load
from cpcanalysis.manifest import discover
from support import words
from support.paths import FIXTURES

FOLDER = FIXTURES / "realistic"


@cache
def plans():
    return load(FOLDER, workers=1, progress=False)


def recs(plan_id: str) -> list[dict]:
    frame = plans().recommendations.filter(pl.col("plan_id") == plan_id)
    return frame.sort("rec_no", "rec_id").to_dicts()


def actions(plan_id: str) -> list[dict]:
    frame = plans().actions.filter(pl.col("plan_id") == plan_id)
    return frame.sort("rec_no", "action_no").to_dicts()


def messages(plan_id: str, severity: str | None = None) -> list[str]:
    frame = plans().issues.filter(pl.col("plan_id") == plan_id)
    if severity is not None:
        frame = frame.filter(pl.col("severity") == severity)
    return frame["message"].to_list()


def lost_words(plan_id: str) -> list[tuple[int, str]]:
    """(row, word) for every word of a non-empty source cell that no field of any table holds."""
    entry = next(e for e in discover(FOLDER)[0] if e.plan_id == plan_id)
    return words.lost_words(plans().tables(), entry)


def column(rows: list[dict], name: str) -> list:
    return [row[name] for row in rows]
