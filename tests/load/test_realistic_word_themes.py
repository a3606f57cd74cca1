"""A Word position statement: council-chosen theme rows across a table that has its own
recommendation column, a milestones cell with two dated milestones, an SRO column and
statuses written as prose ("Fully met and transitioned to business as usual")."""

from datetime import date

from support.realistic import actions, column, lost_words, messages, recs

PLAN = "corbridge-2025-position"


def test_theme_rows_group_the_recommendations_without_becoming_ones():
    assert column(recs(PLAN), "text") == [
        "Agree a medium term financial plan that closes the gap",
        "Review the council's commercial investments",
        "Lead a shared plan for the town centre with partners",
    ]
    assert column(actions(PLAN), "section") == [
        "Theme: Financial sustainability",
        "Theme: Financial sustainability",
        "Theme: Place leadership",
    ]


def test_milestones_sro_and_prose_statuses():
    rows = actions(PLAN)
    # two milestones for one action: one deadline spanning them, due at the last
    assert (rows[0]["deadline_start"], rows[0]["deadline_end"]) == (
        date(2025, 4, 1),
        date(2025, 7, 31),
    )
    assert column(rows, "sponsor") == [
        ["Director of Resources"],
        ["Director of Resources"],
        ["Director of Place"],
    ]
    assert column(rows, "lead") == [[], [], []]
    assert column(rows, "status") == ["complete", "on_track", "not_started"]
    assert rows[0]["status_text"] == "Fully met and transitioned to business as usual"
    assert messages(PLAN, "warning") == []


def test_nothing_is_lost():
    assert lost_words(PLAN) == []
