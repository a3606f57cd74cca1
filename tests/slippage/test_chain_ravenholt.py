"""Issue 17's rules on a chain of three versions in three formats, worked out by hand.

Ravenholt Borough Council (invented, ``tests/fixtures/chains/ravenholt``, written by its
``build.py``): a CSV action plan with no statuses and no date in plans.toml, an Excel tracker as of
31 March 2025 whose title says when the plan was agreed, and a markdown progress review as of
30 September 2025. plans.toml lists them out of order, with `version` keys. CPC: 7 October 2024.
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from support.paths import FIXTURES

import cpcanalysis
from cpcanalysis.slippage import measure, summarise

CHAIN = FIXTURES / "chains" / "ravenholt"
PLAN, MARCH, SEPT = "ravenholt-plan", "ravenholt-2025-mar", "ravenholt-2025-sep"


@pytest.fixture(scope="module")
def data() -> cpcanalysis.PlanSet:
    return cpcanalysis.load(CHAIN, progress=False)


@pytest.fixture(scope="module")
def measured(data) -> pl.DataFrame:
    return measure(data.actions, data.plans)


@pytest.fixture(scope="module")
def summary(data, measured) -> pl.DataFrame:
    return summarise(measured, data.plans)


def action(frame: pl.DataFrame, plan_id: str, rec: str, no: int) -> dict:
    (row,) = frame.filter(
        pl.col("plan_id") == plan_id, pl.col("rec_id") == rec, pl.col("action_no") == no
    ).rows(named=True)
    return row


def figures(summary: pl.DataFrame, plan_id: str | None) -> dict:
    scope = pl.col("scope") == "council" if plan_id is None else pl.col("plan_id") == plan_id
    (row,) = summary.filter(scope).rows(named=True)
    return row


def test_the_fixtures_are_built_deterministically(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("ravenholt_build", CHAIN / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "RAW", tmp_path)
    module.main()
    built = sorted(p.name for p in tmp_path.iterdir())
    assert built == sorted(p.name for p in (CHAIN / "raw").iterdir())
    for name in built:
        assert (tmp_path / name).read_bytes() == (CHAIN / "raw" / name).read_bytes(), name


def test_three_versions_in_three_formats_by_their_version_keys(data):
    plans = data.plans.sort("version")
    assert plans.select("plan_id", "version", "source_format", "document_kind").rows() == [
        (PLAN, 1, "csv", "action_plan"),
        (MARCH, 2, "xlsx", "tracker"),
        (SEPT, 3, "markdown", "progress_review"),
    ]
    assert data.actions.group_by("plan_id").len().sort("plan_id")["len"].to_list() == [7, 7, 7]


def test_the_plan_without_statuses_has_unknown_not_zero_figures(summary):
    row = figures(summary, PLAN)
    assert (row["status_coverage"], row["share_complete"]) == (0.0, None)
    assert row["n_overdue"] is None  # and no as-of date to judge at either
    assert row["null_reasons"].startswith("share_complete: the document gives no statuses; ")


def test_the_adoption_date_stated_in_the_tracker_dates_the_plan(data, summary):
    march = data.plans.filter(pl.col("plan_id") == MARCH).row(0, named=True)
    assert march["adoption_stated"] == date(2024, 12, 10)
    assert march["adoption_evidence"] == (
        "Tracker, row 2: 'The action plan was agreed by Cabinet on 10 December 2024'"
    )
    row = figures(summary, None)
    # not the tracker's as-of date (31 March 2025, 175 days) nor its publication (15 April)
    assert (row["plan_published"], row["plan_published_source"]) == (date(2024, 12, 10), "stated")
    assert row["plan_published_evidence"] == (
        "ravenholt-2025-mar, Tracker, row 2: 'The action plan was agreed by Cabinet on 10 "
        "December 2024'"
    )
    assert (row["days_to_plan"], row["plan_within_3_months"], row["plan_within_5_months"]) == (
        64,  # 7 October to 10 December 2024
        True,
        True,
    )
    # the progress review as of 30 September 2025: 358 days, within 8 to 12 months
    assert (row["review_date"], row["days_to_review"], row["review_about_10_months"]) == (
        date(2025, 9, 30),
        358,
        True,
    )


def test_relabelled_deadlines_are_revisions_with_no_new_date(measured):
    tbc = action(measured, MARCH, "1", 1)  # "March 2025" -> "TBC"
    assert (tbc["deadline_class"], tbc["revision_source"], tbc["revised_end"]) == (
        "undated",
        "version",
        None,
    )
    assert tbc["revision_evidence"] == "ravenholt-plan: 'March 2025'; now 'TBC'"
    ongoing = action(measured, SEPT, "1", 1)  # then "Ongoing": the same revision, counted once
    assert (ongoing["revision_count"], ongoing["relabelled_ongoing"]) == (1, False)
    assert ongoing["revision_evidence"] == "ravenholt-plan: 'March 2025'; now 'Ongoing'"
    onwards = action(measured, SEPT, "1", 2)  # "June 2025" -> "September 2025 onwards"
    assert (onwards["revision_source"], onwards["revision_count"]) == ("version", 1)
    assert (onwards["relabelled_ongoing"], onwards["slippage_days"]) == (True, None)


def test_vague_deadlines_whose_period_has_ended_are_overdue_in_the_lenient_reading(measured):
    savings = action(measured, SEPT, "2", 1)  # "2024/25", Amber: ended 31 March 2025
    leadership = action(measured, SEPT, "3", 1)  # "Summer 2025", Green: ended 31 August 2025
    strategy = action(measured, SEPT, "3", 2)  # "2025/26": not over
    for row in (savings, leadership):
        assert (row["deadline_class"], row["is_overdue"], row["is_overdue_lenient"]) == (
            "vague",
            None,
            True,
        )
    assert (strategy["is_overdue"], strategy["is_overdue_lenient"]) == (None, False)
    # "will be completed in early 2026": a revision (to 30 April 2026), not a completion
    assert (strategy["status"], strategy["revised_end"], strategy["slippage_days"]) == (
        "on_track",
        date(2026, 4, 30),
        30,
    )


def test_completion_said_in_the_third_sentence_completes_the_green_action(data, measured):
    system = action(measured, SEPT, "2", 2)
    assert (system["status_text"], system["status"], system["is_overdue"]) == (
        "Green",
        "complete",
        False,  # due 31 August 2025, done: not overdue (and not "optimistic")
    )
    induction = action(measured, SEPT, "3", 3)  # "were delivered in July", but rated Red
    assert (induction["status"], induction["is_overdue"], induction["days_overdue"]) == (
        "off_track",
        True,
        61,
    )
    said = data.issues.filter(pl.col("plan_id") == SEPT, pl.col("code").str.starts_with("compl"))
    assert said.select("source_row", "severity", "message").rows() == [
        (
            10,
            "info",
            "update text says 'The new finance system went live in August 2025': status read as "
            "complete, not on_track",
        ),
        (
            13,
            "warning",
            "update text opens with 'Induction sessions were delivered in July' but the status "
            "reads off_track; kept",
        ),
    ]


def test_the_summary_of_the_progress_review(summary):
    expected = {
        "n_actions": 7,
        "status_coverage": 1.0,
        "share_complete": 1 / 7,  # the finance system
        # strict: dated 2/2 (complete) and 3/3 (61 days) were due
        "n_due": 2,
        "n_overdue": 1,
        "share_overdue": 1 / 7,
        "median_days_overdue": 61.0,
        "schedule_index": 0.5,
        "n_optimistic": 0,
        "share_optimistic": 0.0,
        # lenient: with 2024/25 and Summer 2025, both ended and not complete
        "n_due_lenient": 4,
        "n_overdue_lenient": 3,
        "share_overdue_lenient": 3 / 7,
        "schedule_index_lenient": 0.25,
        "share_dated": 2 / 7,
        "share_vague": 3 / 7,
        "share_ongoing": 1 / 7,
        "share_open_ended": 1 / 7,
        # the constitution review (relabelled), the protocol (relabelled), the strategy (text)
        "n_revised": 3,
        "n_revisions": 3,
        "median_slippage_days": 30.0,
        "n_relabelled_ongoing": 1,
        "null_reasons": None,
    }
    for scope in (SEPT, None):
        row = figures(summary, scope)
        for name, value in expected.items():
            assert row[name] == (pytest.approx(value) if isinstance(value, float) else value), (
                scope,
                name,
            )
    march = figures(summary, MARCH)
    assert (march["n_revised"], march["median_slippage_days"]) == (1, None)
    assert (
        "median_slippage_days: the revised actions' new dates are unknown"
        in (march["null_reasons"])
    )
