"""The report's frames and figures from tiny in-code tables (no kernel, no browser)."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from cpcanalysis.report.content import figures, summaries
from cpcanalysis.report.content.figure import FIGURE_MIME
from cpcanalysis.schema import STATUSES, conform


def _plans(*rows: dict) -> pl.DataFrame:
    base = {
        "document_kind": "tracker",
        "source_format": "tsv",
        "sha256": "0" * 64,
        "in_manifest": True,
        "n_recommendations": 1,
        "n_actions": 1,
    }
    frame = pl.DataFrame([{**base, "source_path": f"raw/{r['plan_id']}.tsv", **r} for r in rows])
    return conform(frame, "plans")


def _actions(*rows: dict) -> pl.DataFrame:
    base = {"rec_id": "1", "rec_no": 1, "deadline_kind": "date", "source_path": "raw/x.tsv"}
    frame = pl.DataFrame([{**base, "action_no": i + 1, **r} for i, r in enumerate(rows)])
    return conform(frame, "actions")


PLANS = _plans(
    {"plan_id": "a1", "council": "A", "chain": "a", "version": 1, "cpc_date": date(2024, 4, 1)},
    {"plan_id": "a2", "council": "A", "chain": "a", "version": 2, "cpc_date": date(2024, 4, 1)},
    {"plan_id": "b1", "council": "B", "cpc_date": date(2024, 6, 18)},
)
ACTIONS = _actions(
    {"plan_id": "a1", "council": "A", "status": "on_track", "deadline_end": date(2024, 12, 31)},
    {"plan_id": "a2", "council": "A", "status": "complete", "deadline_end": date(2024, 12, 31)},
    {"plan_id": "a2", "council": "A", "status": "at_risk", "deadline_end": date(2025, 3, 31)},
    {"plan_id": "b1", "council": "B", "status": "unknown", "deadline_end": None},
)


def test_latest_documents_takes_the_last_version_of_each_chain_and_lone_documents():
    assert summaries.latest_documents(PLANS).to_list() == ["a2", "b1"]


def test_status_mix_lists_every_status_for_every_council():
    mix = summaries.status_mix(ACTIONS)
    assert mix.height == 2 * len(STATUSES)
    a = dict(mix.filter(pl.col("council") == "A").select("status", "actions").iter_rows())
    assert a == {"complete": 1, "on_track": 1, "at_risk": 1} | {
        s: 0 for s in STATUSES if s not in ("complete", "on_track", "at_risk")
    }


def test_overview_counts_the_latest_document_of_each_plan():
    recs = conform(
        pl.DataFrame(
            {
                "plan_id": ["a1", "a2", "a2", "b1"],
                "council": ["A", "A", "A", "B"],
                "rec_id": ["1", "1", "2", "1"],
                "rec_no": [1, 1, 2, 1],
                "text": ["t", "t", "u", "v"],
                "source_path": ["raw/x.tsv"] * 4,
            }
        ),
        "recommendations",
    )
    overview = summaries.council_overview(PLANS, recs, ACTIONS)
    rows = {r["council"]: r for r in overview.iter_rows(named=True)}
    assert rows["A"]["documents"] == 2
    assert rows["A"]["recommendations"] == 2 and rows["A"]["actions"] == 2
    assert rows["A"]["status_mix"] == "1 complete, 1 at risk"
    assert rows["B"]["status_mix"] == "1 unknown"


def test_deadline_profile_counts_calendar_months_from_the_cpc_month():
    profile = summaries.deadline_profile(ACTIONS, PLANS)
    assert profile["months_from_cpc"].to_list() == [8, 8, 11]  # Apr->Dec, Apr->Dec, Apr->Mar
    assert "b1" not in profile["plan_id"].to_list()  # no due date: cannot be placed


def test_deadline_states_put_each_action_in_one_state():
    measured = ACTIONS.with_columns(
        pl.Series("deadline_class", ["dated", "dated", "dated", "ongoing"]),
        pl.Series("is_overdue", [True, False, False, None]),
    )
    states = summaries.deadline_states(measured)
    got = {
        (r["council"], r["state"]): r["actions"]
        for r in states.iter_rows(named=True)
        if r["actions"]
    }
    assert got == {
        ("A", "Overdue"): 1,
        ("A", "Complete"): 1,
        ("A", "Not yet due"): 1,
        ("B", "Ongoing"): 1,
    }
    assert states.height == 2 * len(summaries.STATES_IN_ORDER)


def test_focus_comparison_sets_the_focus_beside_the_others():
    overview = pl.DataFrame(
        {"council": ["A", "B", "C"], "actions": [10, 20, 40], "share_overdue": [0.5, 0.1, None]}
    )
    rows = {r["figure"]: r for r in summaries.focus_comparison(overview, "A").iter_rows(named=True)}
    assert rows["actions"]["focus"] == 10
    assert rows["actions"]["others_median"] == 30
    assert (rows["actions"]["others_lowest"], rows["actions"]["others_highest"]) == (20, 40)
    assert rows["share_overdue"]["others_with_value"] == 1


def test_data_quality_lists_documents_that_could_not_be_loaded():
    issues = conform(
        pl.DataFrame(
            {
                "plan_id": ["a2", "a2", "broken"],
                "source_path": ["raw/a2.tsv", "raw/a2.tsv", "raw/broken.pdf"],
                "severity": ["info", "warning", "error"],
                "code": ["merged_recommendations", "deadline_unreadable", "not_loaded"],
                "message": ["split", "odd date", "scanned PDF"],
            }
        ),
        "issues",
    )
    quality = summaries.data_quality(PLANS, issues)
    rows = {r["plan_id"]: r for r in quality.iter_rows(named=True)}
    assert (rows["a2"]["warning"], rows["a2"]["info"], rows["a2"]["error"]) == (1, 1, 0)
    assert rows["broken"]["council"] == "(not loaded)" and rows["broken"]["error"] == 1
    assert rows["b1"]["warning"] == 0
    details = summaries.issue_details(issues)
    assert details.select("plan_id", "severity").rows() == [("a2", "warning"), ("broken", "error")]


@settings(max_examples=25, deadline=None)  # each example builds an altair chart
@given(st.lists(st.sampled_from(STATUSES), min_size=1, max_size=30))
def test_status_panels_table_counts_every_action_once(statuses):
    actions = _actions(*({"plan_id": "p", "council": "C", "status": s} for s in statuses))
    figure = figures.status_panels(summaries.status_mix(actions))
    payload = figure._repr_mimebundle_()[FIGURE_MIME]
    assert payload["title"] == "Status of actions by council"
    data = next(iter(payload["spec"]["datasets"].values()))
    assert sum(row["actions"] for row in data) == len(statuses)


def test_focus_strip_marks_the_focus_by_shape_and_name_among_its_peers_only():
    overview = pl.DataFrame(
        {
            "council": ["A", "B", "C", "D"],
            "share_dated": [0.5, 0.7, 0.7, 0.1],
            "share_overdue": [0.2, 0.1, 0.1, 0.9],
        }
    )
    spec = figures.focus_strip(overview, "A", ["B", "C"]).spec()
    points, label = spec["layer"]
    assert points["encoding"]["shape"]["scale"]["range"] == ["diamond", "circle"]
    assert label["encoding"]["text"]["field"] == "council"
    assert label["transform"] == [{"filter": "(datum.group === 'A')"}]
    rows = next(iter(spec["datasets"].values()))
    assert {r["council"] for r in rows} == {"A", "B", "C"}  # D is no peer
    # B and C have equal shares: stacked one above the other, not drawn on each other
    equal = sorted(r["stack"] for r in rows if r["council"] in ("B", "C"))
    assert equal == [0, 0, 1, 1]
    assert points["encoding"]["yOffset"]["field"] == "stack"


def test_many_peers_are_a_strip_of_ticks():
    names = [f"C{i:02d}" for i in range(30)]
    overview = pl.DataFrame(
        {"council": names, "share_dated": [i / 30 for i in range(30)], "share_overdue": [0.5] * 30}
    )
    spec = figures.focus_strip(overview, "C00", names[1:]).spec()
    peers, mine, _name = spec["layer"]
    assert peers["mark"]["type"] == "tick" and mine["mark"]["shape"] == "diamond"
