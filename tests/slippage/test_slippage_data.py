"""Slippage on loaded plans: the Lancaster tracker's facts, and a chain of three test versions."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from support.paths import FIXTURES

import cpcanalysis
from cpcanalysis.schema import TABLES
from cpcanalysis.slippage import match_versions, measure, summarise

CHAIN = FIXTURES / "chain"
LANCASTER = "lancaster-2024-tracker"


@pytest.fixture(scope="module")
def seeds(seed_plans) -> pl.DataFrame:
    """The seed plans measured at their own as-of dates."""
    return measure(seed_plans.actions, seed_plans.plans)


@pytest.fixture(scope="module")
def chain_plans():
    return cpcanalysis.load(CHAIN)


@pytest.fixture(scope="module")
def chain(chain_plans) -> pl.DataFrame:
    return measure(chain_plans.actions, chain_plans.plans)


def lancaster(seeds: pl.DataFrame, rec_no: int) -> list[dict]:
    rows = seeds.filter(pl.col("plan_id") == LANCASTER, pl.col("rec_no") == rec_no)
    assert rows.height >= 1, f"no actions for Lancaster recommendation {rec_no}"
    return rows.to_dicts()


# --- Lancaster as of 2025-10-01 ----------------------------------------------------------------


def test_lancaster_is_judged_as_of_its_tracker_date(seeds):
    rows = seeds.filter(pl.col("plan_id") == LANCASTER)
    assert rows["as_of"].unique().to_list() == [date(2025, 10, 1)]


def test_lancaster_rec_1_is_215_days_overdue_and_revised_after_the_as_of_date_by_its_update(seeds):
    for row in lancaster(seeds, 1):
        assert (row["deadline_end"], row["status"]) == (date(2025, 2, 28), "at_risk")
        assert (row["is_overdue"], row["days_overdue"]) == (True, 215)
        assert row["revision_source"] == "update_text"
        assert row["revised_end"] > date(2025, 10, 1)
        assert "2026" in row["revision_evidence"]
        assert row["slippage_days"] > 215


def test_lancaster_rec_7_pm_system_in_2025_is_revised_to_the_end_of_2025(seeds):
    for row in lancaster(seeds, 7):
        assert row["deadline_end"] == date(2025, 3, 31)
        assert (row["revised_end"], row["revision_source"]) == (date(2025, 12, 31), "update_text")
        assert (row["slippage_days"], row["revision_count"]) == (275, 1)


def test_lancaster_rec_2_green_is_305_days_overdue_and_optimistic(seeds):
    for row in lancaster(seeds, 2):
        assert (row["deadline_end"], row["status"]) == (date(2024, 11, 30), "on_track")
        assert (row["is_overdue"], row["days_overdue"], row["optimistic"]) == (True, 305, True)
        # "approved by Cabinet (April 2025)" is a past event, not a revision
        assert row["revision_source"] is None


def test_lancaster_ongoing_rec_8_is_never_overdue(seeds):
    for row in lancaster(seeds, 8):
        assert row["deadline_class"] == "ongoing"
        assert row["is_overdue"] is None
        assert row["days_overdue"] is None


def test_lancaster_rec_6_due_march_2026_is_not_overdue(seeds):
    for row in lancaster(seeds, 6):
        assert row["deadline_end"] == date(2026, 3, 31)
        assert row["is_overdue"] is False


def test_complete_actions_are_never_overdue_in_the_seed_plans(seeds):
    done = seeds.filter(pl.col("status") == "complete")
    assert done.height > 0
    assert done["is_overdue"].fill_null(False).not_().all()


def test_ongoing_is_never_overdue_in_the_seed_plans_at_any_date(seed_plans):
    for as_of in ("2024-01-01", "2026-01-01", "2030-01-01"):
        out = measure(seed_plans.actions, seed_plans.plans, as_of=as_of)
        ongoing = out.filter(pl.col("deadline_class").is_in(["ongoing", "open_ended", "undated"]))
        assert ongoing.height > 0
        assert ongoing["is_overdue"].null_count() == ongoing.height


def test_seed_summary_has_a_plan_and_a_council_row_for_each_council(seed_plans, seeds):
    summary = summarise(seeds, seed_plans.plans)
    assert summary.select("council", "scope").rows() == [
        ("Lancaster City Council", "plan"),
        ("Lancaster City Council", "council"),
        ("Wyre Council", "plan"),
        ("Wyre Council", "council"),
    ]
    lancaster_row = summary.row(0, named=True)
    assert lancaster_row["n_overdue"] >= 3  # recommendations 1, 2 and 7 at least
    assert lancaster_row["n_optimistic"] >= 1  # recommendation 2
    assert lancaster_row["n_revised"] >= 2  # recommendations 1 and 7


# --- a chain of three versions ------------------------------------------------------------------

V1, V2, V3 = (f"exampleton-2024-v{n}" for n in (1, 2, 3))


def chain_action(chain: pl.DataFrame, plan_id: str, rec_no: int, action_no: int) -> dict:
    rows = chain.filter(
        pl.col("plan_id") == plan_id, pl.col("rec_no") == rec_no, pl.col("action_no") == action_no
    )
    assert rows.height == 1, rows
    return rows.row(0, named=True)


def test_chain_reports_the_dropped_and_the_added_action(chain_plans):
    plans = chain_plans
    matches = match_versions(plans.actions, plans.plans)
    second = matches.filter(pl.col("plan_id") == V2)
    dropped = second.filter(pl.col("outcome") == "dropped")
    added = second.filter(pl.col("outcome") == "added")
    assert dropped["prior_text"].to_list() == [
        "Publish a refreshed equality policy with clear objectives"
    ]
    assert added["text"].to_list() == ["Launch a member development programme for new councillors"]
    assert second.filter(pl.col("outcome") == "matched").height == 3
    third = matches.filter(pl.col("plan_id") == V3)
    assert third["outcome"].to_list() == ["matched"] * 4


def test_chain_matches_an_edited_action_with_a_lower_score(chain_plans):
    plans = chain_plans
    matches = match_versions(plans.actions, plans.plans).filter(pl.col("plan_id") == V2)
    survey = matches.filter(pl.col("text").str.contains("condition survey"))
    assert survey["outcome"].to_list() == ["matched"]
    assert 0.7 <= survey["match_score"][0] < 1


def test_chain_deadline_moved_between_versions_is_a_version_revision(chain):
    row = chain_action(chain, V2, 1, 1)
    assert (row["original_end"], row["revised_end"]) == (date(2025, 2, 28), date(2025, 6, 30))
    assert (row["revision_source"], row["slippage_days"]) == ("version", 122)
    # "now expected in June 2025" restates the new due date: not a second revision
    assert row["revision_count"] == 1


def test_chain_update_text_revision_on_top_of_moved_deadlines(chain):
    row = chain_action(chain, V3, 1, 1)
    assert row["lineage_id"] == f"{V1}/1/1"
    assert row["deadline_end"] == date(2025, 9, 30)
    assert (row["revised_end"], row["revision_source"]) == (date(2026, 3, 31), "update_text")
    assert row["slippage_days"] == 396  # 2026-03-31 minus the original 2025-02-28
    assert row["revision_count"] == 3  # June 2025, September 2025, March 2026
    assert row["is_overdue"] is True  # September 2025 has passed at 2025-10-01


def test_chain_action_relabelled_ongoing_is_flagged_and_not_overdue(chain):
    row = chain_action(chain, V3, 1, 2)
    assert (row["deadline_class"], row["relabelled_ongoing"]) == ("ongoing", True)
    assert row["is_overdue"] is None


def test_chain_summary_rolls_up_the_latest_version_and_checks_the_lga_timeline(chain_plans, chain):
    summary = summarise(chain, chain_plans.plans)
    council = summary.filter(pl.col("scope") == "council").row(0, named=True)
    assert council["plans"] == [V3]
    assert council["n_actions"] == 4
    assert council["n_relabelled_ongoing"] == 1
    # three trackers, no action plan: v1's publication (20 June 2024) is a tracker's, not the
    # plan's, so the LGA's "plan within 3 months" is unknown here, with the reason
    assert (council["plan_published"], council["days_to_plan"]) == (None, None)
    assert (council["plan_within_3_months"], council["plan_within_5_months"]) == (None, None)
    assert council["plan_published_evidence"].startswith("the chain has no action plan")
    assert council["review_about_10_months"] is None


@pytest.mark.parametrize("as_of", ["2025-01-01", "2025-10-01", "2027-01-01"])
def test_chain_overdue_actions_stay_overdue_at_later_dates(chain_plans, as_of):
    plans = chain_plans
    earlier = measure(plans.actions, plans.plans, as_of=as_of)
    later = measure(plans.actions, plans.plans, as_of="2030-01-01")
    was = earlier["is_overdue"].fill_null(False)
    assert later["is_overdue"].filter(was).all()


def test_every_declared_slippage_field_is_filled_by_the_chain(chain_plans, chain):
    produced = {
        "slippage": chain,
        "version_matches": match_versions(chain_plans.actions, chain_plans.plans),
        "slippage_summary": summarise(chain, chain_plans.plans),
    }
    no_review_in_the_chain = {"review_date", "days_to_review", "review_about_10_months"}
    # three trackers and no action plan: no plan date (tests/slippage/test_timeline.py fills
    # them); every figure has a base, so nothing else is null
    no_plan_in_the_chain = {
        "plan_published",
        "plan_published_source",
        "days_to_plan",
        "plan_within_3_months",
        "plan_within_5_months",
    }
    judged_at_own_dates = {"days_after_document"}  # filled only when one later date is given
    for table, frame in produced.items():
        for field in TABLES[table]:
            if field.name in no_review_in_the_chain | no_plan_in_the_chain | judged_at_own_dates:
                continue
            assert frame[field.name].null_count() < frame.height, (table, field.name)
    later = measure(chain_plans.actions, chain_plans.plans, as_of="2030-01-01")
    assert later["days_after_document"].null_count() == 0
