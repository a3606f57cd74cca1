"""Facts about Wyre's real action plan (../shared/seeds/README.md)."""

from datetime import date

import polars as pl
import pytest

PLAN = "wyre-2024-plan"


@pytest.fixture(scope="module")
def actions(seed_plans):
    return seed_plans.actions.filter(pl.col("plan_id") == PLAN)


def test_nine_recommendations_and_thirty_actions(seed_plans, actions):
    recs = seed_plans.recommendations.filter(pl.col("plan_id") == PLAN)
    assert recs["rec_no"].to_list() == list(range(1, 10))
    assert actions.height == 30
    assert recs["text"][0].startswith("Articulate the council’s vision")
    assert recs["text"][3] == "Implement a clear strategy to maximise the potential of your assets."


def _by_deadline(actions, text):
    rows = actions.filter(pl.col("deadline_text") == text)
    assert rows.height, text
    return rows.row(0, named=True)


def test_abbreviated_month_range(actions):
    row = _by_deadline(actions, "Jul-Nov 2024")
    assert (row["deadline_start"], row["deadline_end"]) == (date(2024, 7, 1), date(2024, 11, 30))
    assert row["deadline_kind"] == "period"


def test_onwards_is_open_ended(actions):
    row = _by_deadline(actions, "September 2024 onwards")
    assert row["deadline_kind"] == "open_ended"
    assert row["deadline_start"] == date(2024, 9, 1)
    assert row["deadline_end"] is None


def test_ongoing_has_no_due_date(actions):
    row = _by_deadline(actions, "Ongoing")
    assert row["deadline_kind"] == "ongoing"
    assert row["deadline_end"] is None


def test_ranges_with_hyphens_and_dashes(actions):
    assert _by_deadline(actions, "July 2024-February 2025")["deadline_end"] == date(2025, 2, 28)
    assert _by_deadline(actions, "August-October 2024")["deadline_start"] == date(2024, 8, 1)
    assert _by_deadline(actions, "September 2024-ongoing")["deadline_kind"] == "open_ended"


def test_no_status_column_means_unknown_status(actions):
    assert set(actions["status"]) == {"unknown"}
    assert actions["status_text"].null_count() == actions.height


def test_every_timescale_was_read(actions):
    assert actions.filter(pl.col("deadline_kind") == "unknown").height == 0


def test_title_heading_is_not_a_recommendation(seed_plans):
    plan = seed_plans.plans.filter(pl.col("plan_id") == PLAN).row(0, named=True)
    assert plan["file_title"] == "LGA Corporate Peer Challenge 2024 Action Plan"
