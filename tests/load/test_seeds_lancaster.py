"""Facts about Lancaster's real tracker (../shared/seeds/README.md) that loading must get right."""

from datetime import date

import polars as pl
import pytest

PLAN = "lancaster-2024-tracker"


@pytest.fixture(scope="module")
def recs(seed_plans):
    return seed_plans.recommendations.filter(pl.col("plan_id") == PLAN)


@pytest.fixture(scope="module")
def actions(seed_plans):
    return seed_plans.actions.filter(pl.col("plan_id") == PLAN)


@pytest.fixture(scope="module")
def issues(seed_plans):
    return seed_plans.issues.filter(pl.col("plan_id") == PLAN)


def test_recommendations_are_numbered_exactly_one_to_ten(recs, seed_plans):
    assert sorted(set(recs["rec_no"])) == list(range(1, 11))
    plan = seed_plans.plans.filter(pl.col("plan_id") == PLAN).row(0, named=True)
    assert plan["n_recommendations"] == 10


def test_first_four_are_numbered_by_position_and_five_onwards_by_label(recs):
    labels = dict(zip(recs["rec_id"], recs["rec_label"], strict=True))
    assert [labels[str(n)] for n in range(1, 5)] == [None] * 4
    assert labels["5a"] == "5."
    assert labels["8"] == "8."
    assert recs.filter(pl.col("rec_no") == 8)["text"][0].startswith("Invest further")


def test_recommendation_five_is_a_stem_with_four_parts(recs):
    five = recs.filter(pl.col("rec_no") == 5).sort("rec_id")
    assert five["rec_id"].to_list() == ["5a", "5b", "5c", "5d"]
    assert five["rec_part"].to_list() == ["a", "b", "c", "d"]
    assert set(five["stem"]) == {
        "Take steps to strengthen and further develop the Fit for the Future savings and "
        "transformation programme by:"
    }
    starts = [t.split()[0] for t in five["text"]]
    assert starts == ["Aligning", "Implementing", "Accelerating", "Focusing"]
    assert "Digital and ICT strategy" in five["text"][3]


def test_nine_and_ten_are_split_and_ten_is_completed_from_the_next_row(recs):
    nine = recs.filter(pl.col("rec_id") == "9")["text"][0]
    ten = recs.filter(pl.col("rec_id") == "10")["text"][0]
    assert nine.startswith("Engage with Councillors")
    assert "Accelerate" not in nine and "equality" not in nine
    assert ten.startswith("Accelerate the production of a refreshed equality policy")
    assert ten.endswith("inclusive approaches are developed internally and externally.")


def test_asset_review_part_has_four_actions_with_their_own_dates_and_leads(actions):
    part = actions.filter(pl.col("rec_id") == "5c").sort("action_no")
    assert part["deadline_end"].to_list() == [
        date(2024, 9, 30),
        date(2024, 12, 31),
        date(2025, 2, 28),
        date(2025, 9, 30),
    ]
    assert part["lead"].to_list() == [
        ["Dan Wood"],
        ["Dan Wood"],
        ["Dan Wood"],
        ["Dan Wood", "Stephen Morris", "Russ Daley"],
    ]
    assert part["text"][0] == "Externally commissioned Condition Survey programme to be completed."
    assert part["text"][3].startswith("Property Strategy to be developed")
    # the second physical row (9) gave the last two deadlines
    assert part["source_rows"].to_list()[2] == [8, 9]


def test_merged_nine_and_ten_divide_deadlines_owners_and_updates(actions):
    nine = actions.filter(pl.col("rec_id") == "9")
    ten = actions.filter(pl.col("rec_id") == "10")
    assert set(nine["deadline_end"]) == {date(2024, 10, 31)}
    assert set(ten["deadline_end"]) == {date(2025, 9, 30)}
    assert nine["lead"].to_list()[0] == ["Debbie Chambers", "Stephen Metcalfe"]
    assert ten["lead"].to_list()[0] == ["Dawn Bradley", "Dan Clarke"]
    assert nine["sponsor"].to_list()[0] == ["Luke Gorst"]
    assert ten["sponsor"].to_list()[0] == ["Alex Kinch"]
    assert "EDI" in ten["update_text"][0] and "EDI" not in nine["update_text"][0]
    assert ten["update_text"][0].endswith("areas for improvement.")


def test_rag_column_statuses(actions):
    def status_of(rec_id):
        return actions.filter(pl.col("rec_id") == rec_id)["status"].to_list()

    assert status_of("1") == ["at_risk"]  # "Orange"
    assert status_of("2") == ["on_track"]  # "GREEN"
    assert status_of("6") == ["at_risk"]  # "AMBER"
    part = actions.filter(pl.col("rec_id") == "5c").sort("action_no")
    assert part["status"].to_list()[:2] == ["complete", "complete"]  # "COMPLETE"


def test_green_actions_whose_update_says_complete_are_complete(actions, issues):
    # rec 4: RAG "GREEN", update "Actions complete. Other evidence inc: ..."; read as complete,
    # with the repair on record, so they are not counted overdue at the as-of date
    four = actions.filter(pl.col("rec_id") == "4")
    assert four["status_text"].to_list() == ["GREEN"] * 3
    assert four["status"].to_list() == ["complete"] * 3
    assert all(u.startswith("Actions complete.") for u in four["update_text"])
    said = issues.filter(pl.col("message").str.contains("opens with 'Actions complete'"))
    assert said["severity"].to_list() == ["info"] and said["column"].to_list() == ["RAG rating"]
    # "Digital and ICT Strategy complete and passed to service ..." names one product: kept
    assert actions.filter(pl.col("rec_id") == "5d")["status"].to_list() == ["on_track"]


def test_update_text_spilled_into_the_rag_column_is_moved_back(actions):
    digital = actions.filter(pl.col("rec_id") == "5d").row(0, named=True)
    assert digital["status_text"] == "Service Improvement Plan. GREEN"
    assert digital["status"] == "on_track"
    assert "Service Improvement Plan." in digital["update_text"]
    assert digital["update_text"].startswith("Digital and ICT Strategy complete")


def test_bulleted_actions_are_separate_actions_sharing_the_deadline(actions):
    three = actions.filter(pl.col("rec_id") == "3")
    assert three.height == 4
    assert set(three["deadline_end"]) == {date(2025, 3, 31)}
    assert three["text"][0].startswith("The Lancaster District Strategic Partnership")


def test_ongoing_is_ongoing_not_missing(actions):
    eight = actions.filter(pl.col("rec_id") == "8")
    assert set(eight["deadline_kind"]) == {"ongoing"}
    assert eight["deadline_end"].null_count() == eight.height


def test_every_action_points_to_its_source_row(actions):
    assert actions["source_row"].null_count() == 0
    assert actions["source_row"].min() >= 2
    assert actions["source_row"].max() <= 15


def test_recommendations_and_their_actions_carry_a_theme(recs, actions):
    from cpcanalysis.schema import CORE_ELEMENTS

    assert recs["core_element"].null_count() == 0
    assert set(recs["core_element"]) <= set(CORE_ELEMENTS)
    member = recs.filter(pl.col("rec_id") == "8").row(0, named=True)
    assert member["theme"] == "Member development"
    joined = actions.join(recs.select("rec_id", pl.col("theme").alias("rec_theme")), on="rec_id")
    assert (joined["theme"] == joined["rec_theme"]).all()
