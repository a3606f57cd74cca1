"""A Word tracker: recommendations as full-width merged rows, a colour legend in a paragraph
above the table, and the table continued after a page break with its header repeated."""

from datetime import date

from support.realistic import actions, column, lost_words, messages, recs

PLAN = "alderton-2025-tracker"


def test_full_width_rows_are_the_recommendations_across_both_tables():
    assert column(recs(PLAN), "rec_label") == [
        "Recommendation 1 –",
        "Recommendation 2 –",
        "Recommendation 3 –",
    ]
    assert column(recs(PLAN), "text") == [
        "Give residents a stronger voice in setting priorities",
        "Modernise the council's ICT and data",
        "Plan for the council's future accommodation",
    ]
    rows = actions(PLAN)
    # the second table opens with recommendation 2's second action, under the repeated header
    assert [(a["rec_id"], a["text"]) for a in rows] == [
        ("1", "Set up a residents' panel of 500 members"),
        ("1", "Publish what the panel told us each year"),
        ("2", "Replace the finance and HR system"),
        ("2", "Appoint a data protection lead"),
        ("3", "Complete a review of office use"),
    ]
    assert column(rows, "lead") == [
        ["Head of Engagement"],
        ["Head of Engagement"],
        ["Head of Digital"],
        ["Head of Digital"],
        ["Property Manager"],
    ]


def test_the_printed_legend_overrides_the_default_colours():
    rows = actions(PLAN)
    # "Key: Green = complete, Amber = on track, Red = off track"
    assert column(rows, "status_text") == ["Green", "Amber", "Red", "Green", "Amber"]
    assert column(rows, "status") == [
        "complete",
        "on_track",
        "off_track",
        "complete",
        "on_track",
    ]
    assert any("legend in the file: 'Green' = 'complete'" in m for m in messages(PLAN))


def test_deadlines_and_updates():
    rows = actions(PLAN)
    assert [(a["deadline_kind"], a["deadline_start"], a["deadline_end"]) for a in rows] == [
        ("date", date(2025, 10, 1), date(2025, 10, 31)),
        ("open_ended", date(2026, 4, 1), None),
        ("date", date(2026, 3, 31), date(2026, 3, 31)),
        ("period", date(2025, 4, 1), date(2025, 6, 30)),
        ("period", date(2025, 12, 1), date(2026, 2, 28)),
    ]
    assert rows[2]["update_text"] == "Supplier withdrew; procurement restarted in August."
    assert messages(PLAN, "warning") == []


def test_nothing_is_lost():
    assert lost_words(PLAN) == []
