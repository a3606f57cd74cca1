"""Slippage on three realistic tracker chains, as a careful analyst would read them.

Each chain in ``tests/fixtures/chains/<council>/`` is a data folder of one invented council's
Corporate Peer Challenge: an action plan and the trackers published after it, in mixed formats.

- Kingsford City Council (CSV plan, TSV tracker, markdown progress review): revisions stated in
  the update text ("now expected in early 2026", "PROPOSED NEW TARGET – April 2026", "deferred
  to Q2 2026/27"), later written into the deadline column; a silent deadline move; an action
  split in two; actions added and dropped; two actions relabelled "Ongoing"; recommendation 3
  merged into 1 and recommendation 4 renumbered 3, with actions reworded.
- Holmbrook Borough Council (markdown tracker, CSV tracker): recommendations 1 and 2 merged,
  3 and 4 renumbered 2 and 3, actions reworded, two silent deadline moves, one finished action
  dropped and one added; a deadline due on the as-of date itself.
- Marshbury District Council (Word plan published without an as-of date, two Excel trackers
  written by ``build.py``): a silent move, two revisions in update text, a revised-deadline
  column appearing only in the last version (left blank for an action revised in the previous
  tracker's update, overtaken by the update text for another), statuses changing colour,
  actions added and dropped.

Every expected figure below was worked out by hand from the files, not copied from the output.
"""

from __future__ import annotations

import csv
from datetime import date

import polars as pl
import pytest
from support.paths import FIXTURES

import cpcanalysis
from cpcanalysis.slippage import match_versions, measure, slippage_tables, summarise

CHAINS = FIXTURES / "chains"
D = date


@pytest.fixture(scope="module")
def loaded() -> dict[str, cpcanalysis.PlanSet]:
    return {
        name: cpcanalysis.load(CHAINS / name) for name in ("kingsford", "holmbrook", "marshbury")
    }


def measured(data) -> pl.DataFrame:
    return measure(data.actions, data.plans)


def row(frame: pl.DataFrame, plan_id: str, rec_id: str, action_no: int) -> dict:
    chosen = frame.filter(
        pl.col("plan_id") == plan_id, pl.col("rec_id") == rec_id, pl.col("action_no") == action_no
    )
    assert chosen.height == 1, chosen
    return chosen.row(0, named=True)


def lineages(frame: pl.DataFrame, plan_id: str) -> dict[tuple[str, int], str]:
    rows = frame.filter(pl.col("plan_id") == plan_id).select("rec_id", "action_no", "lineage_id")
    return {(r, n): lineage for r, n, lineage in rows.iter_rows()}


def outcomes(matches: pl.DataFrame, plan_id: str) -> set[tuple]:
    """(outcome, prior rec/action, later rec/action) for one later document."""
    rows = matches.filter(pl.col("plan_id") == plan_id)
    return {
        (
            o,
            None if pr is None else f"{pr}/{pa}",
            None if r is None else f"{r}/{a}",
        )
        for o, pr, pa, r, a in rows.select(
            "outcome", "prior_rec_id", "prior_action_no", "rec_id", "action_no"
        ).iter_rows()
    }


# every expected figure of an action, worked out by hand, one named row each (with why)
EXPECTED = FIXTURES / "chains" / "expected_slippage.csv"
_TYPES = {
    "is_overdue": "bool",
    "days_overdue": "int",
    "optimistic": "bool",
    "original_end": "date",
    "revised_end": "date",
    "revision_source": "str",
    "slippage_days": "int",
    "revision_count": "int",
    "relabelled_ongoing": "bool",
}


def _typed(kind: str, text: str):
    if text == "":
        return None
    return {
        "bool": lambda t: t == "true",
        "int": int,
        "date": date.fromisoformat,
        "str": str,
    }[kind](text)


def check(frame: pl.DataFrame, test: str) -> None:
    """Every action the CSV lists for ``test`` has exactly its expected figures."""
    with EXPECTED.open(encoding="utf-8", newline="") as handle:
        expected = [r for r in csv.DictReader(handle) if r["test"] == test]
    assert expected, test
    for want in expected:
        got = row(frame, want["plan_id"], want["rec_id"], int(want["action_no"]))
        for name, kind in _TYPES.items():
            assert got[name] == _typed(kind, want[name]), (want["plan_id"], want["rec_id"], name)


def summary_row(summary: pl.DataFrame, plan_id: str | None) -> dict:
    if plan_id is None:
        chosen = summary.filter(pl.col("scope") == "council")
    else:
        chosen = summary.filter(pl.col("plan_id") == plan_id)
    assert chosen.height == 1
    return chosen.row(0, named=True)


def assert_figures(got: dict, expected: dict) -> None:
    for name, value in expected.items():
        if isinstance(value, float):
            assert got[name] == pytest.approx(value), name
        else:
            assert got[name] == value, name


# --- Kingsford City Council ----------------------------------------------------------------------

K1, K2, K3 = "kingsford-2025-plan", "kingsford-2025-oct", "kingsford-2026-mar"


def test_kingsford_loads_three_versions_in_three_formats(loaded):
    plans = loaded["kingsford"].plans.sort("version")
    assert plans["plan_id"].to_list() == [K1, K2, K3]
    assert plans["source_format"].to_list() == ["csv", "tsv", "markdown"]
    assert plans["chain"].unique().to_list() == ["kingsford-cpc-2024"]
    counts = dict(loaded["kingsford"].actions.group_by("plan_id").len().rows())
    assert counts == {K1: 8, K2: 10, K3: 10}


def test_kingsford_actions_matched_across_versions(loaded):
    data = loaded["kingsford"]
    matches = match_versions(data.actions, data.plans)
    assert outcomes(matches, K2) == {
        ("matched", "1/1", "1/1"),
        ("matched", "1/2", "1/2"),  # "performance framework" -> "performance management framework"
        ("matched", "2/1", "2/1"),
        ("matched", "2/2", "2/2"),  # the savings programme, split in two ...
        ("matched", "2/2", "2/3"),  # ... both parts descend from it
        ("matched", "2/3", "2/4"),
        ("added", None, "2/5"),  # the cross-party working group
        ("matched", "3/1", "3/1"),
        ("matched", "4/1", "4/1"),
        ("matched", "4/2", "4/2"),
    }
    assert outcomes(matches, K3) == {
        ("dropped", "1/1", None),  # the Council Plan, adopted, no longer reported
        ("matched", "1/2", "1/1"),
        ("matched", "3/1", "1/2"),  # communications merged into recommendation 1, reworded
        ("matched", "2/1", "2/1"),
        ("matched", "2/2", "2/2"),
        ("matched", "2/3", "2/3"),
        ("matched", "2/4", "2/4"),
        ("matched", "2/5", "2/5"),
        ("matched", "4/1", "3/1"),  # recommendation 4 renumbered 3, action reworded
        ("matched", "4/2", "3/2"),
        ("added", None, "3/3"),  # annual appraisals
    }
    out = measured(data)
    assert lineages(out, K3) == {
        ("1", 1): f"{K1}/1/2",
        ("1", 2): f"{K1}/3/1",
        ("2", 1): f"{K1}/2/1",
        ("2", 2): f"{K1}/2/2",
        ("2", 3): f"{K1}/2/2",
        ("2", 4): f"{K1}/2/3",
        ("2", 5): f"{K2}/2/5",
        ("3", 1): f"{K1}/4/1",
        ("3", 2): f"{K1}/4/2",
        ("3", 3): f"{K3}/3/3",
    }


def test_kingsford_overdue_revisions_and_relabelling(loaded):
    out = measured(loaded["kingsford"])
    # the plan itself: judged at 14 February 2025, nothing is due yet
    assert out.filter(pl.col("plan_id") == K1)["is_overdue"].to_list() == [False] * 8
    check(out, "test_kingsford_overdue_revisions_and_relabelling")
    evidence = {
        key: row(out, *key)["revision_evidence"]
        for key in [(K2, "1", 2), (K2, "2", 1), (K3, "1", 1), (K3, "2", 1)]
    }
    assert evidence == {
        (K2, "1", 2): "now expected in early 2026",
        (K2, "2", 1): "PROPOSED NEW TARGET – April 2026",
        (K3, "1", 1): "deferred to Q2 2026/27",
        (K3, "2", 1): f"{K1}: 'September 2025'; now 'April 2026'",
    }


def test_kingsford_summary(loaded):
    data = loaded["kingsford"]
    summary = summarise(measured(data), data.plans)
    assert summary.height == 4
    assert_figures(
        summary_row(summary, K1),
        {"n_actions": 8, "n_overdue": 0, "share_dated": 1.0, "n_due": 0, "schedule_index": None},
    )
    assert_figures(
        summary_row(summary, K2),
        {
            "n_actions": 10,
            "share_complete": 0.1,
            "n_overdue": 2,
            "share_overdue": 0.2,
            "median_days_overdue": 61.0,  # 15 and 107
            "share_dated": 0.9,
            "share_ongoing": 0.1,
            # three moved deadlines and the staff survey, May 2025 relabelled "Ongoing" (a
            # revision whose new date is unknown: it counts, but has no slippage in days)
            "n_revised": 4,
            "n_revisions": 4,
            "median_slippage_days": 212.0,  # 153, 212, 304
            "n_due": 3,
            "schedule_index": 1 / 3,
            "n_optimistic": 1,
            "share_optimistic": 0.5,
            "n_relabelled_ongoing": 1,
        },
    )
    latest = {
        "n_actions": 10,
        "share_complete": 0.3,
        "n_overdue": 1,
        "share_overdue": 0.1,
        "median_days_overdue": 274.0,
        "share_dated": 0.8,
        "share_ongoing": 0.2,
        # 1/1, 1/2, 2/1, and the two relabelled "Ongoing" (2/4 in March, 3/2 in October)
        "n_revised": 5,
        "n_revisions": 6,
        "median_slippage_days": 212.0,  # 153, 212, 457 (the relabelled have no new date)
        "n_due": 3,
        "schedule_index": 2 / 3,
        "n_optimistic": 0,
        "share_optimistic": 0.0,
        "n_relabelled_ongoing": 1,
        "status_coverage": 1.0,
        # no vague deadline: the lenient reading agrees with the strict one
        "n_due_lenient": 3,
        "n_overdue_lenient": 1,
        "schedule_index_lenient": 2 / 3,
        "plan_published_source": "published",  # the action plan's own published date
        "days_to_plan": 88,
        "plan_within_3_months": True,
        "plan_within_5_months": True,
        "review_date": D(2026, 3, 31),
        "days_to_review": 498,
        "review_about_10_months": False,
    }
    assert_figures(summary_row(summary, K3), latest)
    council = summary_row(summary, None)
    assert council["plans"] == [K3]
    # over the chain two actions were relabelled "Ongoing": the staff survey in October (still
    # ongoing in March) and fees and charges in March
    assert_figures(council, {**latest, "n_relabelled_ongoing": 2})


# --- Holmbrook Borough Council --------------------------------------------------------------------

H1, H2 = "holmbrook-2025-mar", "holmbrook-2025-sep"


def test_holmbrook_merged_and_renumbered_recommendations_keep_their_actions(loaded):
    data = loaded["holmbrook"]
    matches = match_versions(data.actions, data.plans)
    assert outcomes(matches, H2) == {
        ("matched", "1/1", "1/1"),
        ("matched", "1/2", "1/2"),
        ("matched", "2/1", "1/3"),  # recommendation 2 merged into 1, "for elected members"
        ("matched", "3/1", "2/1"),  # 3 renumbered 2, "top ten customer transactions"
        ("dropped", "3/2", None),  # the cash office, closed
        ("matched", "4/1", "3/1"),  # 4 renumbered 3
        ("matched", "4/2", "3/2"),  # "Agree and publish a workforce strategy"
        ("added", None, "3/3"),  # market supplement policy
    }


def test_holmbrook_silent_moves_and_overdue(loaded):
    out = measured(loaded["holmbrook"])
    # due 31 March 2025, judged at 31 March 2025: not overdue
    assert row(out, H1, "4", 2)["is_overdue"] is False
    assert out.filter(pl.col("plan_id") == H1)["is_overdue"].to_list() == [False] * 7
    check(out, "test_holmbrook_silent_moves_and_overdue")
    assert lineages(out, H2)[("1", 3)] == f"{H1}/2/1"


def test_holmbrook_summary_and_tables(loaded):
    data = loaded["holmbrook"]
    tables = slippage_tables(data.actions, data.plans)
    assert set(tables) == {"slippage", "version_matches", "slippage_summary"}
    assert tables["version_matches"].filter(pl.col("outcome") == "matched").height == 6
    summary = tables["slippage_summary"]
    expected = {
        "n_actions": 7,
        "share_complete": 1 / 7,
        "n_overdue": 1,
        "median_days_overdue": 61.0,
        "share_dated": 1.0,
        "n_revised": 2,
        "n_revisions": 2,
        "median_slippage_days": 228.5,  # 182 and 275
        "n_due": 2,
        "schedule_index": 0.5,
        "n_optimistic": 0,
        "n_relabelled_ongoing": 0,
        "cpc_date": D(2024, 9, 1),  # a visit known to the month counts from its first day
        # two trackers and no action plan: the first tracker's publication (10 April 2025,
        # 221 days) is not the plan's, and neither file states when the plan was agreed
        "plan_published": None,
        "plan_published_source": None,
        "days_to_plan": None,
        "plan_within_3_months": None,
        "plan_within_5_months": None,
        "review_date": None,  # no progress review in the chain
        "review_about_10_months": None,
    }
    assert_figures(summary_row(summary, H2), expected)
    assert_figures(summary_row(summary, None), expected)
    why = summary_row(summary, H2)["null_reasons"]
    assert (
        "plan_published, days_to_plan, plan_within_3_months, plan_within_5_months: the chain "
        "has no action plan (document_kind = action_plan), and no document of the chain states "
        "the plan's adoption" in why
    )
    assert_figures(summary_row(summary, H1), {"n_overdue": 0, "n_due": 0, "n_revisions": 0})


# --- Marshbury District Council -------------------------------------------------------------------

M1, M2, M3 = "marshbury-2024-plan", "marshbury-2025-apr", "marshbury-2025-nov"


def test_marshbury_fixtures_are_built_deterministically(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "marshbury_build", CHAINS / "marshbury" / "build.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "RAW", tmp_path)
    module.main()
    for built in sorted(tmp_path.iterdir()):
        assert built.read_bytes() == (CHAINS / "marshbury" / "raw" / built.name).read_bytes()


def test_marshbury_word_plan_then_excel_trackers(loaded):
    data = loaded["marshbury"]
    plans = data.plans.sort("version")
    assert plans["source_format"].to_list() == ["docx", "xlsx", "xlsx"]
    assert plans["as_of"].to_list() == [None, D(2025, 4, 30), D(2025, 11, 30)]
    statuses = {
        (p, r, n): s
        for p, r, n, s in data.actions.select(
            "plan_id", "rec_id", "action_no", "status"
        ).iter_rows()
    }
    # statuses change colour between trackers
    assert [statuses[(M2, "1", 1)], statuses[(M3, "1", 1)]] == ["off_track", "at_risk"]
    assert [statuses[(M2, "2", 2)], statuses[(M3, "2", 2)]] == ["on_track", "at_risk"]
    assert [statuses[(M2, "3", 3)], statuses[(M3, "3", 2)]] == ["on_track", "off_track"]
    matches = match_versions(data.actions, data.plans)
    assert outcomes(matches, M2) == {
        *(("matched", k, k) for k in ("1/1", "1/2", "2/1", "2/2", "3/1", "3/2")),
        ("added", None, "3/3"),
    }
    assert outcomes(matches, M3) == {
        ("matched", "1/1", "1/1"),
        ("dropped", "1/2", None),
        ("matched", "2/1", "2/1"),
        ("matched", "2/2", "2/2"),
        ("added", None, "2/3"),
        ("dropped", "3/1", None),
        ("matched", "3/2", "3/1"),
        ("matched", "3/3", "3/2"),
    }


def test_marshbury_revisions_from_versions_text_and_a_late_column(loaded):
    out = measured(loaded["marshbury"])
    # the plan has no as-of date: nothing in it can be judged overdue
    plan = out.filter(pl.col("plan_id") == M1)
    assert plan["is_overdue"].to_list() == [None] * 6
    assert plan["optimistic"].to_list() == [None] * 6
    check(out, "test_marshbury_revisions_from_versions_text_and_a_late_column")
    assert row(out, M2, "2", 1)["revision_evidence"] == "with a view to appointment by July 2025"
    assert row(out, M3, "2", 2)["revision_evidence"] == f"{M2}: moved to 30/06/2025"
    assert row(out, M3, "3", 2)["lineage_id"] == f"{M2}/3/3"
    assert row(out, M3, "3", 2)["revision_evidence"] == "now expected at Council in February 2026"


def test_marshbury_summary(loaded):
    data = loaded["marshbury"]
    summary = summarise(measured(data), data.plans)
    # not judged: overdue figures unknown, not zero
    assert_figures(
        summary_row(summary, M1),
        {
            "n_actions": 6,
            "n_overdue": None,
            "share_overdue": None,
            "n_due": None,
            "schedule_index": None,
            "share_dated": 5 / 6,
            "share_vague": 1 / 6,
        },
    )
    assert_figures(
        summary_row(summary, M2),
        {
            "n_actions": 7,
            "share_complete": 2 / 7,
            "n_overdue": 3,
            "median_days_overdue": 30.0,
            "n_revised": 3,
            "n_revisions": 3,
            "median_slippage_days": 91.0,
            "n_due": 5,
            "schedule_index": 0.4,
            "n_optimistic": 1,
            "share_optimistic": 1 / 3,
        },
    )
    latest = {
        "n_actions": 6,
        "share_complete": 2 / 6,
        "n_overdue": 3,
        "share_overdue": 0.5,
        "median_days_overdue": 244.0,  # 61, 244, 334
        "share_dated": 5 / 6,
        "n_revised": 4,
        "n_revisions": 6,
        "median_slippage_days": 166.0,  # 91, 151, 181, 396
        "n_due": 4,
        "schedule_index": 0.25,
        "n_optimistic": 0,
        "share_optimistic": 0.0,
        "n_relabelled_ongoing": 0,
        "days_to_plan": 102,
        "plan_within_3_months": False,
        "plan_within_5_months": True,
        "days_to_review": 538,
        "review_about_10_months": False,
    }
    assert_figures(summary_row(summary, M3), latest)
    assert_figures(summary_row(summary, None), latest)


def test_three_chains_together_give_one_council_row_each(loaded):
    actions = pl.concat([d.actions for d in loaded.values()], how="diagonal_relaxed")
    plans = pl.concat([d.plans for d in loaded.values()], how="diagonal_relaxed")
    tables = slippage_tables(actions, plans)
    councils = tables["slippage_summary"].filter(pl.col("scope") == "council")
    assert councils.select("council", "n_actions", "n_overdue").sort("council").rows() == [
        ("Holmbrook Borough Council", 7, 1),
        ("Kingsford City Council", 10, 1),
        ("Marshbury District Council", 6, 3),
    ]
    # no pair crosses chains, and the result does not depend on row order
    matches = tables["version_matches"]
    assert (
        matches["plan_id"].str.split("-").list.first()
        == matches["prior_plan_id"].str.split("-").list.first()
    ).all()
    shuffled = actions.sample(fraction=1.0, shuffle=True, seed=11)
    assert match_versions(shuffled, plans).equals(matches)
