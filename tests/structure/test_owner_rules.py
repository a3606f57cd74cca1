"""Owner cells and owner columns as council officers write them (see the office corpus)."""

import pytest

from cpcanalysis.structure.lists import split_owner_groups, split_people
from cpcanalysis.structure.roles import detect_roles


@pytest.mark.parametrize(
    ("cell", "owners"),
    [
        ("Head of HR & OD", ["Head of HR & OD"]),
        ("Director of Policy & Transformation", ["Director of Policy & Transformation"]),
        ("Director (Planning & Growth)", ["Director (Planning & Growth)"]),
        (
            "Cabinet Member for Resources & Corporate Services",
            ["Cabinet Member for Resources & Corporate Services"],
        ),
        (
            "Head of Finance & Resources / Head of Property",
            ["Head of Finance & Resources", "Head of Property"],
        ),
        ("Leader & Chief Executive", ["Leader", "Chief Executive"]),
        ("Director of Finance & Head of Legal", ["Director of Finance", "Head of Legal"]),
        ("Jane Smith & Tom Brown", ["Jane Smith", "Tom Brown"]),
        ("Chief Executive –\nJoanna Pike", ["Chief Executive – Joanna Pike"]),
        ("Chief Executive\nDirector of Place", ["Chief Executive", "Director of Place"]),
        ("Debbie Chambers; Stephen Metcalfe", ["Debbie Chambers", "Stephen Metcalfe"]),
    ],
)
def test_an_ampersand_or_a_line_break_inside_one_title_keeps_it_one_owner(cell, owners):
    assert split_people(cell) == owners


def test_run_together_owner_lists_still_divide():
    assert split_owner_groups("Dan Wood Dan Wood / Stephen Morris", 2) == [
        ["Dan Wood"],
        ["Dan Wood", "Stephen Morris"],
    ]


def test_accountable_is_the_sponsor_beside_a_responsible_column_and_the_owner_alone():
    beside = detect_roles(("Action", "Accountable", "Responsible", "Due", "RAG", "Update"))
    assert (beside[1], beside[2]) == ("sponsor", "lead")
    alone = detect_roles(("Recommendation", "Action", "Accountable", "Due"))
    assert alone[2] == "lead"


def test_a_position_column_beside_a_status_column_is_the_update():
    roles = detect_roles(("Recommendation", "Action", "Status", "Position at April 2024"))
    assert roles[3] == "update"
    assert detect_roles(("Recommendation", "Action", "Progress"))[2] == "status"
