"""An HTML page saved from a council website: a cookie banner, a site header and breadcrumb, the
plan in a table with <br>-separated actions and dates and rowspans, and a footer table of links
(in a div, not a <footer>)."""

from datetime import date

from support.realistic import actions, column, lost_words, messages, recs

PLAN = "kelmouth-2025-tracker"


def test_only_the_plan_table_gives_recommendations():
    assert column(recs(PLAN), "text") == [
        "Agree a small number of corporate priorities and resource them",
        "Improve the relationship between members and officers",
        "Develop a plan to close the budget gap over the medium term",
    ]
    texts = column(actions(PLAN), "text")
    assert "Contact us" not in texts and "Accessibility statement" not in texts
    assert messages(PLAN, "warning") == []


def test_br_lists_pair_with_dates_and_rowspans_fill_down():
    rows = actions(PLAN)
    assert [(a["rec_id"], a["text"], a["deadline_end"]) for a in rows] == [
        ("1", "Agree a new corporate plan", date(2025, 6, 30)),
        ("1", "Align service plans to the new priorities", date(2025, 9, 30)),
        ("1", "Publish a performance dashboard", date(2025, 12, 31)),
        ("2", "Refresh the member-officer protocol", date(2025, 11, 30)),
        ("2", "Run joint development sessions", date(2025, 11, 30)),
        ("3", "Set a balanced budget for 2025/26", date(2025, 2, 28)),
        ("3", "Agree a transformation programme with savings targets", date(2025, 4, 30)),
        ("3", "Review reserves policy", date(2026, 3, 31)),
    ]
    # two leads on two lines for two actions on two lines, one shared timescale: paired by line
    assert column(rows, "lead")[3:5] == [["Monitoring Officer"], ["Head of HR"]]
    # the Director of Finance cell spans the three rows of recommendation 3
    assert column(rows, "lead")[5:] == [["Director of Finance"]] * 3
    assert column(rows, "status") == [
        "on_track",
        "on_track",
        "not_started",
        "on_track",
        "on_track",
        "complete",
        "off_track",
        "on_track",
    ]


def test_page_title_is_context_not_a_grouping_section():
    assert column(actions(PLAN), "section") == [None] * 8


def test_nothing_is_lost():
    assert lost_words(PLAN) == []
