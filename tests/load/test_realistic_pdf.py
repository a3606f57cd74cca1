"""A landscape PDF appendix: prose paragraphs above a ruled table whose cells wrap, and a row
that breaks across a page, continued under the header printed again."""

from datetime import date

from support.realistic import actions, column, lost_words, messages, recs

PLAN = "prestwick-2025-tracker"


def test_three_recommendations_one_action_each():
    assert column(recs(PLAN), "rec_label") == ["1.", "2.", "3."]
    assert column(recs(PLAN), "text")[1] == (
        "Develop a workforce plan that tackles recruitment and retention in hard-to-fill roles"
    )
    assert [a["rec_id"] for a in actions(PLAN)] == ["1", "2", "3"]


def test_row_split_across_the_page_break_is_one_action():
    second = actions(PLAN)[1]
    assert second["text"].startswith("Carry out a workforce survey and exit interview analysis")
    assert second["text"].endswith(
        "in the autumn and a second after the budget is set"
    )  # the words printed on the next page
    assert second["update_text"].endswith("before it is adopted in the winter")
    assert (second["deadline_text"], second["deadline_end"]) == (
        "December 2025",
        date(2025, 12, 31),
    )
    assert second["lead"] == ["Head of People"]
    assert second["status"] == "on_track"


def test_wrapped_cells_rejoin_and_statuses_read():
    rows = actions(PLAN)
    assert rows[0]["text"] == (
        "Run a programme of budget briefings for every political group, open to all members "
        "and repeated after the May elections"
    )
    assert column(rows, "lead") == [
        ["Chief Finance Officer"],
        ["Head of People"],
        ["Democratic Services Manager"],
    ]
    assert column(rows, "status") == ["complete", "on_track", "not_started"]
    assert rows[2]["deadline_kind"] == "period"
    assert messages(PLAN, "warning") == []


def test_nothing_is_lost():
    assert lost_words(PLAN) == []
