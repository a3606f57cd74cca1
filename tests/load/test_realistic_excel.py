"""An Excel tracker: a cover sheet, a key sheet, the plan on sheet 3 under a merged title, a
hidden column, dates typed as Excel dates (with and without a day) and as text, recommendation
cells merged down their action rows, and a totals row and a notes row at the bottom."""

from datetime import date

from support.realistic import actions, column, lost_words, messages, plans, recs

PLAN = "ashcombe-2025-tracker"


def test_recommendations_and_actions_under_merged_cells():
    assert column(recs(PLAN), "text") == [
        "Strengthen the strategic relationship with health partners",
        "Set out a plan to bring the housing revenue account back into balance",
    ]
    rows = actions(PLAN)
    assert [(a["rec_id"], a["text"]) for a in rows] == [
        ("1", "Agree a joint prevention plan with the health partnership"),
        ("1", "Hold a joint member and board development day"),
        ("1", "Report progress to the Health and Wellbeing Board"),
        ("2", "Commission a stock condition survey"),
        ("2", "Refresh the HRA business plan"),
    ]
    assert column(rows, "lead")[4] == ["Head of Housing", "Finance Manager"]


def test_totals_row_is_not_an_action_and_cover_text_is_not_a_section():
    rows = actions(PLAN)
    assert "5 actions" not in column(rows, "text")
    assert column(rows, "section") == [None] * 5
    assert any(m.startswith("summary row (totals)") for m in messages(PLAN))
    assert messages(PLAN, "warning") == []


def test_dates_typed_or_written_and_month_only_formats():
    rows = actions(PLAN)
    assert [(a["deadline_text"], a["deadline_kind"], a["deadline_end"]) for a in rows] == [
        ("31/12/2025", "date", date(2025, 12, 31)),  # a real date shown dd/mm/yyyy, as shown
        ("Nov-25", "date", date(2025, 11, 30)),  # a real date shown mmm-yy: a month, as shown
        ("Q4 2025/26", "period", date(2026, 3, 31)),
        ("31/12/2025", "date", date(2025, 12, 31)),  # text
        ("Mar-26", "date", date(2026, 3, 31)),  # another mmm-yy date cell
    ]


def test_key_sheet_is_the_legend_and_the_update_column_wins_over_hidden_notes():
    rows = actions(PLAN)
    assert column(rows, "status") == ["on_track", "complete", "on_track", "at_risk", "off_track"]
    assert column(rows, "update_text")[0] == "Draft plan discussed at the partnership board."
    # the hidden "Internal notes" column is kept, labelled, and reported as hidden
    assert "Internal notes: check with ICB" in rows[0]["other_text"]
    assert any("hides column(s) D" in m for m in messages(PLAN))
    plan = plans().plans.filter(plans().plans["plan_id"] == PLAN).row(0, named=True)
    assert plan["n_actions"] == 5


def test_nothing_is_lost():
    assert lost_words(PLAN) == []
