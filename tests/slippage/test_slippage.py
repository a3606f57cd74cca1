"""Slippage on tiny in-code frames: classes, overdue, revisions, versions, summary, invariants."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpcanalysis.charts.slippage import deadline_timeline, milestone_trend, overdue_distribution
from cpcanalysis.errors import CpcError, ParameterError
from cpcanalysis.schema import TABLES, conform
from cpcanalysis.slippage import (
    latest_revision,
    match_versions,
    measure,
    revisions_in_text,
    summarise,
)
from cpcanalysis.slippage.versions import MIN_SCORE, MOVED_TEXT

AS_OF = date(2025, 10, 1)


def action(
    plan: str = "p1",
    rec: int = 1,
    no: int = 1,
    text: str | None = "Do the thing",
    due: date | None = date(2025, 3, 31),
    *,
    kind: str | None = None,
    precision: str | None = "month",
    status: str = "on_track",
    update: str | None = None,
    revised: date | None = None,
) -> dict:
    kind = kind or ("date" if due else "unknown")
    return {
        "plan_id": plan,
        "council": "Exampleton Borough Council",
        "rec_id": str(rec),
        "rec_no": rec,
        "action_no": no,
        "text": text,
        "deadline_text": due.strftime("%B %Y") if due else kind.title(),
        "deadline_end": due,
        "deadline_kind": kind,
        "deadline_precision": precision if due else None,
        "revised_end": revised,
        "revised_deadline_text": revised.strftime("%d/%m/%Y") if revised else None,
        "status": status,
        "update_text": update,
        "source_path": f"raw/{plan}.tsv",
        "source_row": 10 * rec + no,
    }


def frame(*rows: dict) -> pl.DataFrame:
    return conform(pl.DataFrame(list(rows), infer_schema_length=None), "actions")


def plans(*docs: tuple[str, date], chain: str | None = "exampleton-cpc", **extra) -> pl.DataFrame:
    """Documents (plan_id, as_of) of one chain, versions in the order given."""
    n = len(docs)
    columns = {
        "plan_id": [d[0] for d in docs],
        "council": ["Exampleton Borough Council"] * n,
        "document_kind": ["tracker"] * n,
        "cpc_date": [None] * n,
        "as_of": [d[1] for d in docs],
        "published": [None] * n,
        "chain": [chain] * n,
        "version": list(range(1, n + 1)) if chain else [None] * n,
    }
    dtypes = {"chain": pl.String, "cpc_date": pl.Date, "published": pl.Date, "version": pl.Int64}
    return pl.DataFrame({**columns, **extra}, schema_overrides=dtypes)


def one(rows: pl.DataFrame, **where) -> dict:
    chosen = rows.filter(*(pl.col(k) == v for k, v in where.items()))
    assert chosen.height == 1, chosen
    return chosen.row(0, named=True)


# --- deadline classes and overdue -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "precision", "due", "expected"),
    [
        ("date", "day", date(2025, 3, 31), "dated"),
        ("date", "month", date(2025, 3, 31), "dated"),
        ("period", "quarter", date(2025, 3, 31), "dated"),
        ("period", "season", date(2025, 8, 31), "vague"),
        ("period", "financial_year", date(2025, 3, 31), "vague"),
        ("date", "part", date(2025, 12, 31), "vague"),
        ("date", None, date(2025, 12, 31), "vague"),
        ("relative", "month", date(2025, 1, 31), "dated"),
        ("relative", None, None, "undated"),
        ("ongoing", None, None, "ongoing"),
        ("open_ended", "month", None, "open_ended"),
        ("complete", None, None, "undated"),
        ("unknown", None, None, "undated"),
    ],
)
def test_deadline_class_follows_kind_then_precision(kind, precision, due, expected):
    row = action(due=due, kind=kind)
    row["deadline_precision"] = precision
    out = measure(frame(row), as_of=AS_OF)
    assert out["deadline_class"].to_list() == [expected]


def test_unknown_precision_is_refused_naming_the_vocabulary_file():
    row = action(precision="fortnight")
    with pytest.raises(CpcError, match=r"fortnight.*data/slippage"):
        measure(frame(row), as_of=AS_OF)


def test_overdue_counts_days_from_due_date_to_as_of():
    out = measure(frame(action(due=date(2025, 2, 28), status="at_risk")), as_of=AS_OF)
    assert out.select("is_overdue", "days_overdue", "optimistic").row(0) == (True, 215, False)


def test_due_on_the_as_of_date_is_not_yet_overdue():
    out = measure(frame(action(due=AS_OF)), as_of=AS_OF)
    assert out.select("is_overdue", "days_overdue").row(0) == (False, None)


def test_complete_action_is_not_overdue():
    out = measure(frame(action(due=date(2024, 1, 31), status="complete")), as_of=AS_OF)
    assert out.select("is_overdue", "days_overdue", "optimistic").row(0) == (False, None, False)


@pytest.mark.parametrize(
    ("kind", "precision", "due"),
    [
        ("ongoing", None, None),
        ("open_ended", "month", None),
        ("unknown", None, None),
        ("period", "year", date(2024, 12, 31)),
    ],
)
def test_deadlines_that_are_not_dated_are_never_overdue(kind, precision, due):
    row = action(due=due, kind=kind, status="off_track")
    row["deadline_precision"] = precision
    out = measure(frame(row), as_of=AS_OF)
    assert out.select("is_overdue", "days_overdue", "optimistic").row(0) == (None, None, None)


def test_optimistic_marks_overdue_actions_rated_on_track_only():
    out = measure(
        frame(
            action(rec=1, due=date(2024, 11, 30), status="on_track"),
            action(rec=2, due=date(2024, 11, 30), status="off_track"),
            action(rec=3, due=date(2026, 3, 31), status="on_track"),
        ),
        as_of=AS_OF,
    )
    assert out["optimistic"].to_list() == [True, False, False]


def test_as_of_defaults_to_each_documents_date_and_can_be_overridden():
    actions = frame(action("early", due=date(2025, 3, 31)), action("late", due=date(2025, 3, 31)))
    docs = plans(("early", date(2025, 1, 1)), ("late", date(2025, 6, 1)), chain=None)
    own = measure(actions, docs)
    assert own["as_of"].to_list() == [date(2025, 1, 1), date(2025, 6, 1)]
    assert own["is_overdue"].to_list() == [False, True]
    forced = measure(actions, docs, as_of="2025-04-30")
    assert forced["as_of"].to_list() == [date(2025, 4, 30)] * 2
    assert forced["days_overdue"].to_list() == [30, 30]


def test_document_without_an_as_of_date_is_not_judged_unless_a_date_is_given():
    actions = frame(action(due=date(2024, 1, 31), update="Now expected by the end of the year."))
    docs = plans(("p1", None))
    undated = one(measure(actions, docs), rec_no=1)
    assert (undated["as_of"], undated["is_overdue"], undated["revised_end"]) == (None, None, None)
    judged = one(measure(actions, docs, as_of="2024-06-30"), rec_no=1)
    assert (judged["is_overdue"], judged["revised_end"]) == (True, date(2024, 12, 31))


def test_judging_after_a_documents_own_date_says_by_how_many_days():
    actions = frame(action(plan="p1"), action(plan="p2"))
    docs = plans(("p1", date(2025, 6, 30)), ("p2", None), chain=None)
    own = measure(actions, docs)
    assert own["days_after_document"].to_list() == [None, None]
    later = measure(actions, docs, as_of=AS_OF)
    # p1's statuses speak for 30 June, judged at 1 October; p2 has no date of its own
    assert later["days_after_document"].to_list() == [93, None]
    earlier = measure(actions, docs, as_of="2025-01-01")
    assert earlier["days_after_document"].to_list() == [None, None]


def test_measure_refuses_to_run_without_an_as_of_date():
    with pytest.raises(ParameterError, match="as-of date"):
        measure(frame(action()))


def test_measure_refuses_an_as_of_that_is_not_a_date():
    with pytest.raises(ParameterError, match="'31/12/2025' is not a date"):
        measure(frame(action()), as_of="31/12/2025")


def test_measure_refuses_actions_whose_plan_is_missing_from_plans():
    with pytest.raises(CpcError, match=r"\['ghost'\] have no row in plans"):
        measure(frame(action("ghost")), plans(("p1", AS_OF)))


def test_measured_frame_is_the_actions_frame_plus_declared_slippage_columns():
    actions = frame(action())
    out = measure(actions, as_of=AS_OF)
    added = [f.name for f in TABLES["slippage"] if f.name not in actions.columns]
    assert out.columns == actions.columns + added
    assert out.select(actions.columns).drop("revised_end").equals(actions.drop("revised_end"))


# --- revisions in update text ---------------------------------------------------------------


def test_future_target_after_a_revision_cue_is_a_revision():
    found = revisions_in_text("A PM system will be implemented in 2025", reference=AS_OF)
    assert [(r.end, r.phrase, r.cue) for r in found] == [
        (date(2025, 12, 31), "2025", "will be implemented")
    ]


def test_date_of_a_past_event_is_not_a_revision():
    text = (
        "See CPC - Call for Sites Feasability document. Since then the Local Plan Timetable has "
        "been approved by Cabinet (April 2025)and this sets out the process."
    )
    assert revisions_in_text(text, reference=AS_OF) == []


def test_date_with_no_cue_before_it_is_not_a_revision():
    assert revisions_in_text("Budget report March 2026. Now expected: none.", reference=AS_OF) == []


def test_cue_in_an_earlier_sentence_does_not_reach_the_date():
    text = "Work will be reviewed. Budget report March 2026."
    assert revisions_in_text(text, reference=AS_OF) == []


def test_capitalised_proposed_new_target_is_read():
    (found,) = revisions_in_text("PROPOSED NEW TARGET – April 2027", reference=AS_OF)
    assert (found.end, found.cue) == (date(2027, 4, 30), "PROPOSED NEW TARGET")


def test_longer_revision_cue_wins_over_an_overlapping_past_cue():
    (found,) = revisions_in_text("The survey will be completed in March 2026.", reference=AS_OF)
    assert found.cue == "will be completed"
    assert revisions_in_text("The survey was completed in March 2026.", reference=AS_OF) == []


def test_latest_of_several_later_targets_is_the_revision():
    text = (
        "This will be shared with the Partnership in late October with a view to completing a "
        "draft for public consutation in late 2025 and early 2026."
    )
    found = latest_revision(text, reference=AS_OF, later_than=date(2025, 2, 28))
    assert found is not None
    assert found.end > date(2026, 1, 1)
    assert found.evidence.startswith("with a view to completing")
    assert found.evidence.endswith("2026")


def test_target_not_after_the_current_due_date_is_a_milestone_not_a_revision():
    text = "Report will be published in June 2025."
    assert latest_revision(text, reference=AS_OF, later_than=date(2025, 6, 30)) is None
    assert latest_revision(text, reference=AS_OF, later_than=date(2025, 5, 31)) is not None
    assert latest_revision(text, reference=AS_OF, later_than=None) is None


# --- revised deadlines in measure -----------------------------------------------------------


def test_update_text_revision_gives_revised_end_and_slippage():
    row = action(due=date(2025, 3, 31), update="A PM system will be implemented in 2025")
    out = one(measure(frame(row), as_of=AS_OF), rec_no=1)
    assert out["revised_end"] == date(2025, 12, 31)
    assert out["revision_source"] == "update_text"
    assert out["revision_evidence"] == "will be implemented in 2025"
    assert (out["slippage_days"], out["revision_count"]) == (275, 1)
    assert out["is_overdue"] is True  # overdue is judged against the published due date


@pytest.mark.parametrize(
    ("update", "revised_end", "source", "evidence", "slippage"),
    [
        # an earlier date in the update (a phase, a milestone) does not beat the column
        ("Phase one now expected in June 2025", date(2025, 9, 30), "column", "30/09/2025", 183),
        # the column was filled once (30/09/2025, already past at the as-of date); a later
        # date in the update says where the target stands now
        (
            "Delivery now expected in March 2026",
            date(2026, 3, 31),
            "update_text",
            "now expected in March 2026",
            365,
        ),
    ],
    ids=["earlier-update-date-loses", "later-update-date-wins"],
)
def test_revised_column_against_a_date_in_update_text(
    update, revised_end, source, evidence, slippage
):
    row = action(due=date(2025, 3, 31), revised=date(2025, 9, 30), update=update)
    out = one(measure(frame(row), as_of=AS_OF), rec_no=1)
    assert (out["revised_end"], out["revision_source"]) == (revised_end, source)
    assert out["revision_evidence"] == evidence
    assert (out["slippage_days"], out["revision_count"]) == (slippage, 2)


def test_action_without_revision_has_no_slippage():
    out = one(measure(frame(action(update="Progressing well.")), as_of=AS_OF), rec_no=1)
    assert (out["revised_end"], out["revision_source"], out["slippage_days"]) == (None,) * 3
    assert out["revision_count"] == 0


def test_update_text_is_read_as_of_its_own_document_not_the_as_of_argument():
    row = action(due=date(2025, 9, 30), update="Now expected by the end of the year.")
    docs = plans(("p1", date(2025, 10, 1)))
    out = one(measure(frame(row), docs, as_of="2030-01-01"), rec_no=1)
    assert out["revised_end"] == date(2025, 12, 31)


# --- matching across versions -------------------------------------------------------------------

V1, V2, V3 = date(2024, 10, 1), date(2025, 4, 1), date(2025, 10, 1)


def chain_of_three() -> tuple[pl.DataFrame, pl.DataFrame]:
    draft, consult, assets = (
        "Prepare a new draft District Economic Strategy",
        "Undertake consultation on the draft Economic Strategy",
        "Review the asset register",
    )
    rows = [
        action("v1", 1, 1, draft, date(2025, 2, 28)),
        action("v1", 1, 2, consult, date(2025, 5, 31)),
        action("v1", 2, 1, assets, date(2024, 12, 31)),
        action("v1", 3, 1, "Publish a refreshed equality policy", date(2025, 3, 31)),
        action("v2", 1, 1, draft, date(2025, 6, 30), status="at_risk"),
        action("v2", 1, 2, consult, date(2025, 5, 31)),
        action("v2", 2, 1, assets + " and report findings", date(2024, 12, 31), status="complete"),
        action("v2", 4, 1, "Launch a member development programme", date(2025, 9, 30)),
        action("v3", 1, 1, draft.upper(), date(2025, 9, 30), status="at_risk"),
        action("v3", 1, 2, consult, None, kind="ongoing"),
        action("v3", 2, 1, assets + " and report findings", date(2024, 12, 31), status="complete"),
        action("v3", 4, 1, "Launch a member development programme", date(2025, 9, 30)),
    ]
    return frame(*rows), plans(("v1", V1), ("v2", V2), ("v3", V3))


def test_versions_report_matched_added_and_dropped_actions():
    actions, docs = chain_of_three()
    matches = match_versions(actions, docs)
    v2 = matches.filter(pl.col("plan_id") == "v2")
    assert sorted(v2["outcome"].to_list()) == ["added", "dropped", "matched", "matched", "matched"]
    assert one(v2, outcome="added")["rec_id"] == "4"
    dropped = one(v2, outcome="dropped")
    assert (dropped["prior_rec_id"], dropped["prior_plan_id"], dropped["rec_id"]) == (
        "3",
        "v1",
        None,
    )
    moved = one(v2, outcome="matched", rec_id="1", action_no=1)
    assert moved["deadline_shift_days"] == 122
    assert moved["match_score"] == 1.0
    edited = one(v2, outcome="matched", rec_id="2")
    assert MIN_SCORE <= edited["match_score"] < 1.0
    v3 = matches.filter(pl.col("plan_id") == "v3")
    assert v3["outcome"].to_list() == ["matched"] * 4
    assert one(v3, rec_id="1", action_no=2)["relabelled_ongoing"] is True


def test_versions_give_original_and_revised_due_dates_and_a_lineage():
    actions, docs = chain_of_three()
    out = measure(actions, docs)
    draft = out.filter(pl.col("rec_id") == "1", pl.col("action_no") == 1)
    assert draft["lineage_id"].to_list() == ["v1/1/1"] * 3
    assert draft["original_end"].to_list() == [date(2025, 2, 28)] * 3
    assert draft["revised_end"].to_list() == [None, date(2025, 6, 30), date(2025, 9, 30)]
    assert draft["revision_source"].to_list() == [None, "version", "version"]
    assert draft["slippage_days"].to_list() == [None, 122, 214]
    assert draft["revision_count"].to_list() == [0, 1, 2]
    assert "v1: 'February 2025'" in draft["revision_evidence"][2]
    added = one(out, plan_id="v3", rec_id="4")
    assert (added["lineage_id"], added["revision_count"]) == ("v2/4/1", 0)
    relabelled = one(out, plan_id="v3", rec_id="1", action_no=2)
    assert relabelled["relabelled_ongoing"] is True
    assert relabelled["is_overdue"] is None


def test_renumbered_recommendation_still_matches_by_text():
    text = "Refresh the council's key performance indicators and report quarterly"
    actions = frame(action("v1", 6, 1, text), action("v2", 7, 1, text))
    matches = match_versions(actions, plans(("v1", V1), ("v2", V2)))
    assert matches["outcome"].to_list() == ["matched"]


def test_unrelated_action_in_the_same_place_is_added_and_dropped_not_matched():
    actions = frame(
        action("v1", 1, 1, "Commission an external condition survey of council buildings"),
        action("v2", 1, 1, "Hold quarterly scrutiny training for councillors"),
    )
    matches = match_versions(actions, plans(("v1", V1), ("v2", V2)))
    assert sorted(matches["outcome"].to_list()) == ["added", "dropped"]


def test_reworded_action_follows_its_renumbered_recommendation():
    # recommendation 4 became 3 (its first action, unchanged, shows it); the second action was
    # reworded too much to match under another number by text alone (81% similar)
    actions = frame(
        action("v1", 4, 1, "Launch an apprenticeship scheme"),
        action("v1", 4, 2, "Agree a workforce strategy", date(2025, 3, 31)),
        action("v2", 3, 1, "Launch an apprenticeship scheme"),
        action("v2", 3, 2, "Agree and publish a workforce strategy", date(2025, 12, 31)),
    )
    docs = plans(("v1", V1), ("v2", V2))
    matches = match_versions(actions, docs)
    assert matches["outcome"].to_list() == ["matched", "matched"]
    strategy = one(measure(actions, docs), plan_id="v2", action_no=2)
    assert (strategy["lineage_id"], strategy["slippage_days"]) == ("v1/4/2", 275)


def test_action_moved_to_a_merged_recommendation_matches_on_its_text():
    # recommendation 2 merged into 1: its only action now sits third under 1, slightly reworded
    actions = frame(
        action("v1", 1, 1, "Hold a partnership summit"),
        action("v1", 2, 1, "Create a corporate data dashboard for members"),
        action("v2", 1, 1, "Hold a partnership summit"),
        action("v2", 1, 3, "Create a corporate data dashboard for elected members"),
    )
    matches = match_versions(actions, plans(("v1", V1), ("v2", V2)))
    moved = one(matches, rec_id="1", action_no=3)
    assert (moved["outcome"], moved["prior_rec_id"]) == ("matched", "2")
    assert moved["match_score"] < MIN_SCORE <= MOVED_TEXT <= moved["text_similarity"]
    # a stricter min_score is respected by the text-only pass too
    strict = match_versions(actions, plans(("v1", V1), ("v2", V2)), min_score=0.95)
    assert one(strict, outcome="added")["action_no"] == 3


def test_split_action_matches_both_parts_to_the_original():
    whole = "Deliver the savings programme for 2025/26"
    actions = frame(
        action("v1", 2, 1, "Refresh the medium-term financial strategy"),
        action("v1", 2, 2, whole, date(2026, 3, 31)),
        action("v2", 2, 1, "Refresh the medium-term financial strategy"),
        action("v2", 2, 2, "Deliver the 2025/26 savings programme: staffing savings"),
        action(
            "v2", 2, 3, "Deliver the 2025/26 savings programme: contract and procurement savings"
        ),
        action("v2", 2, 4, "Set up a cross-party member working group on the budget"),
    )
    docs = plans(("v1", V1), ("v2", V2))
    matches = match_versions(actions, docs)
    parts = matches.filter(pl.col("prior_action_no") == 2)
    assert parts["outcome"].to_list() == ["matched", "matched"]
    assert sorted(parts["action_no"].to_list()) == [2, 3]
    assert one(matches, outcome="added")["action_no"] == 4
    assert "dropped" not in matches["outcome"].to_list()
    out = measure(actions, docs).filter(pl.col("plan_id") == "v2", pl.col("action_no") < 4)
    assert out["lineage_id"].to_list() == ["v1/2/1", "v1/2/2", "v1/2/2"]


def test_a_revision_stands_in_later_versions_that_say_nothing_new():
    actions = frame(
        action("v1", 1, 1, "Introduce a new planning IT system", date(2025, 3, 31)),
        action(
            "v2",
            1,
            1,
            "Introduce a new planning IT system",
            date(2025, 3, 31),
            update="Go-live moved to 30/06/2025 after testing.",
        ),
        action(
            "v3",
            1,
            1,
            "Introduce a new planning IT system",
            date(2025, 3, 31),
            update="Live for householder applications.",
        ),
    )
    out = measure(actions, plans(("v1", V1), ("v2", V2), ("v3", V3))).sort("plan_id")
    assert out["revised_end"].to_list() == [None, date(2025, 6, 30), date(2025, 6, 30)]
    assert out["revision_source"].to_list() == [None, "update_text", "update_text"]
    assert out["slippage_days"].to_list() == [None, 91, 91]
    assert out["revision_count"].to_list() == [0, 1, 1]
    assert out["revision_evidence"].to_list() == [
        None,
        "moved to 30/06/2025",
        "v2: moved to 30/06/2025",
    ]


def test_matching_does_not_depend_on_row_order():
    actions, docs = chain_of_three()
    shuffled = actions.sample(fraction=1.0, shuffle=True, seed=7)
    assert match_versions(shuffled, docs).equals(match_versions(actions, docs))
    keys = ["plan_id", "rec_id", "action_no"]
    assert measure(shuffled, docs).sort(keys).equals(measure(actions, docs).sort(keys))


def test_plans_alone_in_their_chain_produce_no_matches():
    matches = match_versions(frame(action("v1")), plans(("v1", V1), chain=None))
    assert matches.height == 0
    assert matches.columns == [f.name for f in TABLES["version_matches"]]


def test_match_versions_refuses_a_min_score_outside_zero_to_one():
    actions, docs = chain_of_three()
    with pytest.raises(CpcError, match=r"min_score=1\.5"):
        match_versions(actions, docs, min_score=1.5)


def test_duplicate_action_keys_are_refused():
    with pytest.raises(CpcError, match="share plan_id/rec_id/action_no"):
        match_versions(frame(action(), action()), plans(("p1", V1)))


# --- summary -------------------------------------------------------------------------------------


def test_summary_per_plan_figures():
    actions = frame(
        action(rec=1, due=date(2025, 2, 28), status="at_risk"),  # overdue 215
        action(rec=2, due=date(2024, 11, 30), status="on_track"),  # overdue 305, optimistic
        action(rec=3, due=date(2025, 1, 31), status="complete"),  # due and complete
        action(rec=4, due=date(2026, 3, 31), update="Now expected in June 2026"),  # revised
        action(rec=5, due=None, kind="ongoing"),
    )
    docs = plans(("p1", AS_OF))
    row = one(summarise(measure(actions, docs), docs), scope="plan")
    assert row["n_actions"] == 5
    assert row["share_complete"] == pytest.approx(0.2)
    assert (row["n_overdue"], row["share_overdue"]) == (2, pytest.approx(0.4))
    assert row["median_days_overdue"] == 260.0
    assert (row["share_dated"], row["share_ongoing"]) == (pytest.approx(0.8), pytest.approx(0.2))
    assert (row["n_revised"], row["n_revisions"], row["median_slippage_days"]) == (1, 1, 91.0)
    assert (row["n_due"], row["schedule_index"]) == (3, pytest.approx(1 / 3))
    assert (row["n_optimistic"], row["share_optimistic"]) == (1, 0.5)


def test_a_document_without_an_as_of_date_has_unknown_not_zero_overdue_figures():
    actions = frame(action(rec=1, due=date(2024, 1, 31)), action(rec=2, due=date(2024, 2, 29)))
    docs = plans(("p1", None))
    row = one(summarise(measure(actions, docs), docs), scope="plan")
    assert row["n_actions"] == 2 and row["share_dated"] == 1.0
    for name in ("n_overdue", "share_overdue", "n_due", "schedule_index", "n_optimistic"):
        assert row[name] is None, name


def test_the_latest_document_is_the_same_when_given_and_inferred_versions_tie():
    # versions 1 and 3 are given; the third document's is inferred from its place, 3: a tie
    # with v-b that the as-of date breaks (v-b is later), whatever the row order
    actions = frame(
        action(plan="v-a", rec=1),
        action(plan="v-b", rec=1),
        action(plan="v-b", rec=2),
        action(plan="v-c", rec=1),
    )
    docs = plans(
        ("v-a", date(2025, 1, 1)), ("v-b", date(2025, 6, 1)), ("v-c", date(2025, 3, 1))
    ).with_columns(version=pl.Series([1, 3, None], dtype=pl.Int64))
    for order in (docs, docs.reverse(), docs[[1, 0, 2]], docs[[2, 1, 0]]):
        for _ in range(5):
            council = one(summarise(measure(actions, order), order), scope="council")
            assert council["plans"] == ["v-b"] and council["n_actions"] == 2
        # matching walks the chain in the same order: v-a, then v-c, then v-b
        pairs = match_versions(actions, order).select("prior_plan_id", "plan_id").unique()
        assert sorted(pairs.rows()) == [("v-a", "v-c"), ("v-c", "v-b")]


def test_council_roll_up_counts_only_the_latest_version_of_each_chain():
    actions, docs = chain_of_three()
    summary = summarise(measure(actions, docs), docs)
    assert summary["scope"].to_list() == ["plan", "plan", "plan", "council"]
    council = one(summary, scope="council")
    assert (council["plans"], council["n_actions"]) == (["v3"], 4)
    assert council["n_relabelled_ongoing"] == 1


def test_council_counts_actions_relabelled_ongoing_at_any_version_of_the_chain():
    survey = "Carry out a staff survey and publish the results"
    actions = frame(
        action("v1", 1, 1, survey, date(2025, 5, 31)),
        action("v1", 2, 1, "Review fees and charges", date(2025, 12, 31)),
        action("v2", 1, 1, survey, None, kind="ongoing"),  # relabelled here ...
        action("v2", 2, 1, "Review fees and charges", date(2025, 12, 31)),
        action("v3", 1, 1, survey, None, kind="ongoing"),  # ... and still ongoing
        action("v3", 2, 1, "Review fees and charges", None, kind="ongoing"),  # relabelled here
    )
    docs = plans(("v1", V1), ("v2", V2), ("v3", V3))
    summary = summarise(measure(actions, docs), docs)
    assert one(summary, plan_id="v2")["n_relabelled_ongoing"] == 1
    assert one(summary, plan_id="v3")["n_relabelled_ongoing"] == 1
    assert one(summary, scope="council")["n_relabelled_ongoing"] == 2


def test_lga_timeline_checks():
    docs = plans(
        ("plan", V1),
        ("tracker", V2),
        ("review", date(2025, 2, 10)),
        cpc_date=[date(2024, 4, 1)] * 3,
        document_kind=["action_plan", "tracker", "progress_review"],
        published=[date(2024, 7, 15), date(2025, 4, 20), None],
    )
    actions = frame(action("plan"), action("tracker"), action("review"))
    row = one(summarise(measure(actions, docs), docs), scope="council")
    assert (row["plan_published"], row["days_to_plan"]) == (date(2024, 7, 15), 105)
    assert (row["plan_within_3_months"], row["plan_within_5_months"]) == (False, True)
    assert (row["review_date"], row["days_to_review"]) == (date(2025, 2, 10), 315)
    assert row["review_about_10_months"] is True


def test_timeline_checks_are_null_where_dates_are_unknown():
    docs = plans(("p1", AS_OF))
    row = one(summarise(measure(frame(action()), docs), docs), scope="plan")
    assert row["plan_within_3_months"] is None
    assert row["review_about_10_months"] is None


# --- invariants ------------------------------------------------------------------------------

dates = st.dates(date(2023, 1, 1), date(2027, 12, 31))
precisions = st.sampled_from(["day", "month", "quarter", "season", "year", None])
statuses = st.sampled_from(["complete", "on_track", "at_risk", "off_track", "unknown"])


@st.composite
def random_actions(draw, status=statuses):
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(1, n + 1):
        due = draw(st.none() | dates)
        kind = draw(st.sampled_from(["date", "period"])) if due else "ongoing"
        row = action(rec=i, due=due, kind=kind, status=draw(status))
        row["deadline_precision"] = draw(precisions) if due else None
        rows.append(row)
    return frame(*rows)


@settings(max_examples=60, deadline=None)
@given(random_actions(status=st.just("complete")), dates)
def test_property_a_complete_action_is_never_overdue(actions, as_of):
    out = measure(actions, as_of=as_of)
    assert not out["is_overdue"].fill_null(False).any()
    assert out["days_overdue"].null_count() == out.height


@settings(max_examples=60, deadline=None)
@given(dates, st.sampled_from(["day", "month", "quarter", "year"]))
def test_property_slippage_is_zero_when_the_revised_date_equals_the_original(due, precision):
    row = action(due=due, revised=due, precision=precision)
    out = one(measure(frame(row), as_of=AS_OF), rec_no=1)
    assert (out["slippage_days"], out["revision_count"]) == (0, 0)


@settings(max_examples=60, deadline=None)
@given(random_actions(), dates, st.integers(0, 800))
def test_property_a_later_as_of_never_makes_an_overdue_action_not_overdue(actions, as_of, later):
    before = measure(actions, as_of=as_of)["is_overdue"].to_list()
    after = measure(actions, as_of=as_of + timedelta(days=later))["is_overdue"].to_list()
    assert all(a is True for b, a in zip(before, after, strict=True) if b is True)


@settings(max_examples=40, deadline=None)
@given(random_actions(), dates)
def test_property_summary_shares_are_proportions(actions, as_of):
    summary = summarise(measure(actions, as_of=as_of))
    shares = summary.select(pl.col("^share_.*$", "schedule_index"))
    assert all(0 <= v <= 1 for v in shares.to_numpy().ravel() if v == v and v is not None)
    classes = summary.select(pl.sum_horizontal(f"share_{c}" for c in ("dated", "vague", "ongoing")))
    assert classes.to_series().to_list() == pytest.approx([1.0] * summary.height)


# --- charts ----------------------------------------------------------------------------------


def chart_data(chart) -> list[list[dict]]:
    """The inline datasets of an altair chart, in the order of their layers."""
    spec = chart.to_dict()
    names = [layer["data"]["name"] for layer in spec["layer"]]
    return [spec["datasets"][name] for name in dict.fromkeys(names)]


def test_timeline_shows_the_latest_document_with_status_written_next_to_each_point():
    actions, docs = chain_of_three()
    chart = deadline_timeline(measure(actions, docs), "Exampleton Borough Council")
    points, as_of = chart_data(chart)
    assert [p["action"] for p in points] == ["R2 action 1", "R1 action 1", "R4 action 1"]
    # each row is named by the action's number and text, not "R1 action 1"
    assert [p["action_caption"] for p in points] == [
        "2.1 Review the asset register and report findings",
        "1.1 PREPARE A NEW DRAFT DISTRICT ECONOMIC STRATEGY",
        "4.1 Launch a member development programme",
    ]
    y_fields = {layer["encoding"]["y"]["field"] for layer in chart.to_dict()["layer"][:4]}
    assert y_fields == {"action_caption"}
    assert [p["label"] for p in points] == [
        "complete",
        "at risk, 1 day overdue",
        "on track, 1 day overdue",
    ]
    assert [a["note"] for a in as_of] == ["as of 2025-10-01"]
    text_layers = [layer for layer in chart.to_dict()["layer"] if layer["mark"]["type"] == "text"]
    assert {layer["encoding"]["text"]["field"] for layer in text_layers} == {"label", "note"}
    assert "1 without a due date" in chart.title
    # the legend says "on track", not the code on_track
    legends = [
        layer["encoding"]["color"]["legend"]
        for layer in chart.to_dict()["layer"]
        if "color" in layer.get("encoding", {}) and "legend" in layer["encoding"]["color"]
    ]
    assert legends and all("replace(datum.label" in lg["labelExpr"] for lg in legends)


def test_timeline_of_an_earlier_version_and_of_an_unknown_council():
    actions, docs = chain_of_three()
    measured = measure(actions, docs)
    points, _ = chart_data(deadline_timeline(measured, "Exampleton Borough Council", "v1"))
    assert len(points) == 4
    with pytest.raises(ParameterError, match="Exampleton Borough Council"):
        deadline_timeline(measured, "Nowhere Council")


def test_overdue_distribution_counts_overdue_actions_of_the_latest_version_once():
    actions, docs = chain_of_three()
    measured = measure(actions, docs)
    (rows,) = overdue_distribution(measured).to_dict()["datasets"].values()
    assert {r["plan_id"] for r in rows} == {"v3"}
    latest = measured.filter(pl.col("plan_id") == "v3", pl.col("is_overdue"))
    assert sorted(r["days_overdue"] for r in rows) == sorted(latest["days_overdue"].to_list())
    assert len(rows) == 2  # R1 action 1 (due September 2025) and R4 action 1


def test_milestone_trend_follows_each_action_across_versions():
    actions, docs = chain_of_three()
    chart = milestone_trend(measure(actions, docs), docs, "exampleton-cpc")
    diagonal, points, ends = chart_data(chart)
    draft = [p for p in points if p["lineage_id"] == "v1/1/1"]
    assert [p["forecast"][:10] for p in draft] == ["2025-02-28", "2025-06-30", "2025-09-30"]
    assert [d["day"][:10] for d in diagonal] == ["2024-10-01", "2025-10-01"]
    assert "2.1 Review the asset register and report …: complete" in {e["label"] for e in ends}
    with pytest.raises(ParameterError, match="exampleton-cpc"):
        milestone_trend(measure(actions, docs), docs, "no-such-chain")


def test_charts_are_deterministic():
    actions, docs = chain_of_three()
    measured = measure(actions, docs)
    first = milestone_trend(measured, docs, "exampleton-cpc").to_json()
    assert first == milestone_trend(measured, docs, "exampleton-cpc").to_json()


# --- issue 17: unknown is not zero ---------------------------------------------------------------


def test_a_document_without_statuses_has_no_share_complete_and_says_why():
    # Wyre's plan: every status unknown, judged at its own date before anything is due
    actions = frame(*(action(rec=i, due=date(2025, 3, 31), status="unknown") for i in (1, 2)))
    docs = plans(("p1", date(2024, 7, 1)))
    row = one(summarise(measure(actions, docs), docs), scope="plan")
    assert (row["status_coverage"], row["share_complete"]) == (0.0, None)
    # nothing is due yet, whatever the statuses: that count is known
    assert (row["n_due"], row["n_overdue"], row["share_overdue"]) == (0, 0, 0.0)
    assert row["null_reasons"].startswith(
        "share_complete: the document gives no statuses; median_days_overdue, share_optimistic: "
        "no action is overdue"
    )


def test_past_due_actions_without_statuses_are_neither_overdue_nor_not():
    actions = frame(
        action(rec=1, due=date(2025, 3, 31), status="unknown"),
        action(rec=2, due=date(2026, 3, 31), status="unknown"),
        action(rec=3, due=date(2024, 12, 31), kind="period", precision="year", status="unknown"),
    )
    docs = plans(("p1", date(2024, 7, 1)))
    out = measure(actions, docs, as_of=AS_OF)
    # past due, no status: unknown; due later: not overdue whatever the status
    assert out["is_overdue"].to_list() == [None, False, None]
    assert out["optimistic"].to_list() == [None, False, None]
    assert out["is_overdue_lenient"].to_list() == [None, False, None]
    row = one(summarise(out, docs), scope="plan")
    for name in (
        "n_overdue",
        "share_overdue",
        "schedule_index",
        "n_optimistic",
        "share_optimistic",
    ):
        assert row[name] is None, name
    assert row["n_due"] == 1  # due by the as-of date is a matter of dates only
    assert (
        "share_complete, n_overdue, share_overdue, median_days_overdue, schedule_index, "
        "n_optimistic, share_optimistic, n_overdue_lenient, share_overdue_lenient, "
        "schedule_index_lenient: the document gives no statuses"
    ) in row["null_reasons"]


def test_one_known_status_is_enough_for_the_shares():
    actions = frame(
        action(rec=1, due=date(2025, 3, 31), status="unknown"),
        action(rec=2, due=date(2025, 3, 31), status="complete"),
    )
    docs = plans(("p1", AS_OF))
    row = one(summarise(measure(actions, docs), docs), scope="plan")
    assert (row["status_coverage"], row["share_complete"]) == (0.5, 0.5)
    # an action a tracker leaves unrated, past its due date, is overdue (not shown complete)
    assert (row["n_overdue"], row["schedule_index"]) == (1, 0.5)


def test_every_null_figure_of_the_summary_has_its_reason():
    actions = frame(action(rec=1, due=date(2026, 3, 31)))
    docs = plans(("p1", AS_OF))
    row = one(summarise(measure(actions, docs), docs), scope="plan")
    said = row["null_reasons"]
    for name, value in row.items():
        if value is None and name in TABLES_FIGURES:
            assert name in said, name
    assert "schedule_index: no dated action was due by the as-of date" in said
    assert "median_slippage_days: no action was revised" in said
    assert "cpc_date: no CPC date in plans.toml" in said


TABLES_FIGURES = {
    f.name
    for f in TABLES["slippage_summary"]
    if f.name not in ("plan_id", "source_path", "chain", "version", "document_kind", "null_reasons")
    and f.name not in ("plan_published_source", "plan_published_evidence")
}


# --- issue 17: relabelled deadlines are revisions; the lenient overdue reading --------------------


@pytest.mark.parametrize(
    ("kind", "text", "revised"),
    [
        ("ongoing", "Ongoing", True),
        ("open_ended", "September 2025 onwards", True),
        ("unknown", "TBC", True),
        ("unknown", None, False),  # a blank cell is no statement about the deadline
        ("complete", "Complete", False),  # done, not moved
    ],
)
def test_a_dated_deadline_relabelled_in_a_later_version_is_a_revision(kind, text, revised):
    later = action("v2", due=None, kind=kind)
    later["deadline_text"] = text
    actions = frame(action("v1", due=date(2025, 3, 31)), later)
    docs = plans(("v1", V1), ("v2", V2))
    out = one(measure(actions, docs), plan_id="v2")
    if revised:
        assert (out["revision_source"], out["revised_end"], out["slippage_days"]) == (
            "version",
            None,
            None,
        )
        assert out["revision_count"] == 1
        assert out["revision_evidence"] == f"v1: 'March 2025'; now {text!r}"
    else:
        assert (out["revision_source"], out["revision_count"]) == (None, 0)
    row = one(summarise(measure(actions, docs), docs), plan_id="v2")
    assert row["n_revised"] == int(revised)
    assert row["median_slippage_days"] is None


def test_a_relabelled_deadline_that_gets_a_date_again_is_a_second_revision():
    actions = frame(
        action("v1", due=date(2025, 3, 31)),
        action("v2", due=None, kind="ongoing"),
        action("v3", due=date(2025, 12, 31)),
    )
    docs = plans(("v1", V1), ("v2", V2), ("v3", V3))
    out = measure(actions, docs)
    assert out["revision_count"].to_list() == [0, 1, 2]
    assert out["revised_end"].to_list() == [None, None, date(2025, 12, 31)]
    assert out["slippage_days"].to_list() == [None, None, 275]


def test_a_relabelled_deadline_still_without_a_date_counts_once():
    actions = frame(
        action("v1", due=date(2025, 3, 31)),
        action("v2", due=None, kind="ongoing"),
        action("v3", due=None, kind="ongoing"),
    )
    docs = plans(("v1", V1), ("v2", V2), ("v3", V3))
    summary = summarise(measure(actions, docs), docs)
    assert one(summary, plan_id="v3")["n_revisions"] == 1
    assert one(summary, scope="council")["n_revised"] == 1


@pytest.mark.parametrize(
    ("precision", "due", "status", "lenient"),
    [
        ("financial_year", date(2025, 3, 31), "on_track", True),  # "2024/25", ended
        ("season", date(2025, 8, 31), "at_risk", True),  # "Summer 2025", ended
        ("season", date(2025, 8, 31), "complete", False),
        ("year", date(2025, 12, 31), "on_track", False),  # "2025": not over at 1 October
        ("month", date(2025, 3, 31), "on_track", True),  # dated: as the strict reading
    ],
)
def test_the_lenient_reading_judges_a_vague_deadline_once_its_period_has_ended(
    precision, due, status, lenient
):
    row = action(due=due, kind="period", precision=precision, status=status)
    out = one(measure(frame(row), as_of=AS_OF), rec_no=1)
    assert out["is_overdue_lenient"] is lenient
    strict = None if precision != "month" else lenient
    assert out["is_overdue"] is strict  # the strict reading (the default) is unchanged


def test_the_summary_reports_the_lenient_figures_beside_the_strict_ones():
    actions = frame(
        action(rec=1, due=date(2025, 3, 31), kind="period", precision="financial_year"),
        action(rec=2, due=date(2025, 8, 31), kind="period", precision="season", status="complete"),
        action(rec=3, due=date(2025, 6, 30), status="at_risk"),
        action(rec=4, due=date(2026, 3, 31), kind="period", precision="financial_year"),
    )
    docs = plans(("p1", AS_OF))
    row = one(summarise(measure(actions, docs), docs), scope="plan")
    assert (row["n_due"], row["n_overdue"], row["schedule_index"]) == (1, 1, 0.0)
    assert (row["n_due_lenient"], row["n_overdue_lenient"]) == (3, 2)
    assert row["share_overdue_lenient"] == 0.5
    assert row["schedule_index_lenient"] == pytest.approx(1 / 3)


# --- issue 17: the plan's date for the LGA timeline ---------------------------------------------


def timeline_docs(kinds, published, stated=None, as_of=(V1, V2), evidence=None):
    n = len(kinds)
    return plans(
        *[(f"d{i}", as_of[i]) for i in range(n)],
        cpc_date=[date(2024, 4, 1)] * n,
        document_kind=list(kinds),
        published=list(published),
        adoption_stated=list(stated or [None] * n),
        adoption_evidence=list(evidence or [None] * n),
    ).with_columns(
        pl.col("adoption_stated").cast(pl.Date), pl.col("adoption_evidence").cast(pl.String)
    )


def timeline(docs) -> dict:
    actions = frame(*(action(p) for p in docs["plan_id"]))
    return one(summarise(measure(actions, docs), docs), scope="council")


def test_the_plan_date_is_the_action_plans_published_date():
    row = timeline(timeline_docs(["action_plan", "tracker"], [date(2024, 6, 20), date(2025, 5, 1)]))
    assert (row["plan_published"], row["plan_published_source"]) == (date(2024, 6, 20), "published")
    assert row["plan_published_evidence"] == "d0: published = 2024-06-20 (plans.toml)"
    assert (row["days_to_plan"], row["plan_within_3_months"]) == (80, True)


def test_a_trackers_dates_are_never_the_plans():
    docs = timeline_docs(["tracker", "tracker"], [date(2024, 6, 20), None])
    row = timeline(docs)
    assert (row["plan_published"], row["plan_within_3_months"]) == (None, None)
    assert row["plan_published_evidence"] == (
        "the chain has no action plan (document_kind = action_plan), and no document of the "
        "chain states the plan's adoption"
    )
    assert (
        "plan_published, days_to_plan, plan_within_3_months, plan_within_5_months: the chain"
        in (row["null_reasons"])
    )


def test_an_adoption_date_stated_in_a_document_comes_next_and_is_cited():
    docs = timeline_docs(
        ["tracker", "tracker"],
        [date(2025, 3, 1), None],
        stated=[None, date(2024, 8, 12)],
        evidence=[None, "row 2: 'The action plan was agreed by Cabinet on 12 August 2024'"],
    )
    row = timeline(docs)
    assert (row["plan_published"], row["plan_published_source"]) == (date(2024, 8, 12), "stated")
    assert row["plan_published_evidence"] == (
        "d1, row 2: 'The action plan was agreed by Cabinet on 12 August 2024'"
    )
    assert (row["days_to_plan"], row["plan_within_3_months"], row["plan_within_5_months"]) == (
        133,
        False,
        True,
    )


def test_then_the_action_plans_as_of_date():
    row = timeline(timeline_docs(["action_plan", "tracker"], [None, date(2025, 5, 1)]))
    assert (row["plan_published"], row["plan_published_source"]) == (V1, "plan_as_of")
    undated = timeline(
        timeline_docs(["action_plan", "tracker"], [None, date(2025, 5, 1)], as_of=(None, V2))
    )
    assert undated["plan_published"] is None
    assert undated["plan_published_evidence"].startswith(
        "the action plan d0 has no published or as-of date"
    )
