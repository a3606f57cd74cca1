"""A markdown plan: recommendations labelled "R1 –", "Rec 2" and "Recommendation 3:" as a
heading, a bold line and a plain paragraph, each followed by the council's response in prose
before its table, and actions lettered "a)", "b)" (one per row, or in one cell with <br>)."""

from datetime import date

from support.realistic import actions, column, lost_words, messages, recs

PLAN = "fernleigh-2025-plan"


def test_labelled_lines_are_the_recommendations_not_the_response_below_them():
    assert [(r["rec_id"], r["rec_label"], r["text"]) for r in recs(PLAN)] == [
        ("1", "R1 –", "Set out a clear, shared vision for Fernleigh with partners"),
        ("2", "Rec 2", "Review the constitution and the scheme of delegation"),
        ("3", "Recommendation 3:", "Build capacity in the finance team"),
    ]
    context = [m for m in messages(PLAN) if m.startswith("heading kept as context")]
    assert "heading kept as context: The council accepts this recommendation in full." in context


def test_lettered_actions_and_their_deadlines():
    rows = actions(PLAN)
    assert [(a["rec_id"], a["text"]) for a in rows] == [
        ("1", "a) Hold a visioning workshop with members and partners"),
        ("1", "b) Consult residents on the draft vision"),
        ("1", "c) Adopt the vision at Full Council"),
        # one cell holding two lettered lines, with two dates: split and paired
        ("2", "Commission an external review of the constitution"),
        ("2", "Report the findings to Standards Committee"),
        ("3", "a) Recruit a deputy Section 151 officer"),
        ("3", "b) Introduce training for budget holders"),
    ]
    assert [(a["deadline_kind"], a["deadline_end"]) for a in rows] == [
        ("date", date(2025, 3, 31)),
        ("period", date(2025, 6, 30)),
        ("date", date(2025, 7, 31)),
        ("date", date(2024, 12, 31)),
        ("date", date(2025, 2, 28)),
        ("period", date(2025, 6, 30)),
        ("ongoing", None),
    ]
    assert column(rows, "lead")[6] == ["Finance Business Partner", "HR Business Partner"]
    assert column(rows, "status") == ["unknown"] * 7  # a plan, not a tracker
    assert messages(PLAN, "warning") == []


def test_nothing_is_lost():
    assert lost_words(PLAN) == []
