"""Delimited trackers: a CSV export that rates each recommendation once, with a revised deadline
column, new dates in the update text and blank spacer rows; and a TSV quarterly update with
action references ("1.1"), a lead member and a lead officer, Blue for done and relative dates."""

from datetime import date

from support.realistic import actions, column, lost_words, messages, recs

CSV = "brackwater-2025-tracker"
TSV = "harrowfield-2025-q2"


def test_csv_spacer_rows_do_not_split_or_add_anything():
    assert len(recs(CSV)) == 3
    assert [a["rec_id"] for a in actions(CSV)] == ["1", "1", "2", "2", "2", "3", "3"]


def test_csv_status_given_once_per_recommendation_applies_to_its_actions():
    rows = actions(CSV)
    assert column(rows, "status") == [
        "at_risk",
        "at_risk",
        "on_track",
        "on_track",
        "on_track",
        "off_track",
        "off_track",
    ]
    assert sum("is given once for recommendation" in m for m in messages(CSV)) == 3


def test_csv_revised_deadlines_and_dates_in_the_update_are_kept():
    rows = actions(CSV)
    assert [(a["revised_deadline_text"], a["revised_end"]) for a in rows] == [
        (None, None),
        ("31/07/2025", date(2025, 7, 31)),
        (None, None),
        (None, None),
        (None, None),
        ("Q4 2025/26", date(2026, 3, 31)),
        (None, None),
    ]
    assert rows[3]["deadline_end"] == date(2025, 9, 30)
    assert "now expected in early 2026" in rows[3]["update_text"]
    assert "PROPOSED NEW TARGET – March 2026" in rows[5]["update_text"]
    assert rows[4]["deadline_kind"] == "ongoing"


def test_tsv_action_references_owners_and_statuses():
    rows = actions(TSV)
    assert [a["rec_id"] for a in rows] == ["1", "1", "2", "3", "3", "4"]
    assert [a["other_text"] for a in rows] == [
        f"Ref: {r}" for r in ("1.1", "1.2", "2.1", "3.1", "3.2", "4.1")
    ]
    assert column(rows, "sponsor")[0] == ["Cllr A. Patel"]
    assert column(rows, "lead")[3] == ["Head of HR", "Head of Transformation"]
    assert column(rows, "status") == [
        "on_track",
        "on_track",
        "complete",
        "at_risk",
        "off_track",
        "on_track",
    ]
    assert rows[5]["refers_to"] == "2"


def test_tsv_deadline_phrasings():
    rows = actions(TSV)
    assert [(a["deadline_kind"], a["deadline_start"], a["deadline_end"]) for a in rows] == [
        ("date", date(2025, 11, 1), date(2025, 11, 30)),
        ("period", date(2026, 1, 1), date(2026, 3, 31)),
        ("period", date(2025, 3, 3), date(2025, 6, 3)),  # within three months of the CPC
        ("date", date(2026, 3, 31), date(2026, 3, 31)),
        ("date", date(2025, 10, 17), date(2025, 10, 17)),
        ("open_ended", date(2025, 9, 1), None),
    ]
    assert messages(TSV, "warning") == []


def test_nothing_is_lost():
    assert lost_words(CSV) == []
    assert lost_words(TSV) == []
