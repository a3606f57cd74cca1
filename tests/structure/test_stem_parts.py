"""Recommendations that are a stem with lettered parts, however the parts are laid out."""

import polars as pl

from cpcanalysis import load


def _plan(tmp_path, body: str, name: str = "plan.csv"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return load(path, themes=False)


def _ids(plans) -> list[str]:
    return plans.recommendations["rec_id"].to_list()


def _actions(plans) -> list[tuple[str, int, str]]:
    return plans.actions.select("rec_id", "action_no", "text").rows()


def test_lettered_parts_in_the_recommendation_column_belong_to_the_stem_above(tmp_path):
    plans = _plan(
        tmp_path,
        "Ref,Recommendation,Action,Due\n"
        "3,Refresh the medium-term financial strategy,Update the MTFS,June 2025\n"
        "4,Build the council's capacity to deliver change by:,,\n"
        "4,(a) establishing a programme management office,Recruit a programme manager,Sept 2025\n"
        "4,(a) establishing a programme management office,Adopt one project method,Dec 2025\n"
        "4,(b) investing in its top managers,Commission a leadership programme,Jan 2026\n"
        "5,Work with the voluntary sector,Agree a compact,March 2026\n",
    )
    assert _ids(plans) == ["3", "4a", "4b", "5"]
    assert plans.plans["n_recommendations"].to_list() == [3]
    assert _actions(plans) == [
        ("3", 1, "Update the MTFS"),
        ("4a", 1, "Recruit a programme manager"),
        ("4a", 2, "Adopt one project method"),
        ("4b", 1, "Commission a leadership programme"),
        ("5", 1, "Agree a compact"),
    ]
    four = plans.recommendations.filter(pl.col("rec_no") == 4)
    assert four["stem"].to_list() == ["Build the council's capacity to deliver change by:"] * 2


def test_letters_in_the_number_column_are_parts_not_new_recommendations(tmp_path):
    plans = _plan(
        tmp_path,
        "No.,Recommendation,Action,Timescale\n"
        "3,Strengthen governance and decision-making by:,,\n"
        "a),reviewing the constitution,Appoint an external adviser,October 2024\n"
        "b),introducing a member development programme,Run an induction,May 2025\n"
        "4,Work with town and parish councils on a charter,Agree the charter,March 2025\n",
    )
    assert _ids(plans) == ["3a", "3b", "4"]
    assert plans.plans["n_actions"].to_list() == [3]
    # only the plan starting at 3 is out of order: the parts do not push 4 along
    numbering = plans.issues.filter(pl.col("code") == "numbering")["message"].to_list()
    assert numbering == ["recommendation labelled '3' where 1 was expected; the label is kept"]


def test_a_stem_on_a_row_of_its_own_takes_the_unlabelled_rows_below_as_parts(tmp_path):
    plans = _plan(
        tmp_path,
        "Recommendation,Action,Deadline\n"
        "R5: Improve how the council manages its assets by:,,\n"
        "agreeing an asset strategy,Draft the strategy,June 2025\n"
        "reviewing the office estate,Commission the review,September 2025\n"
        "R6: Refresh the workforce plan,Consult staff,December 2025\n",
    )
    assert _ids(plans) == ["5a", "5b", "6"]


def test_letters_with_no_stem_above_number_recommendations_by_position(tmp_path):
    plans = _plan(
        tmp_path,
        "Recommendation,Action,Deadline\n"
        "a) Refresh the council plan,Consult residents,March 2025\n"
        "b) Review the MTFS,Set a balanced budget,February 2025\n",
    )
    assert _ids(plans) == ["1", "2"]
