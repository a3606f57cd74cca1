"""Structure rules on tiny in-code inputs, and invariants of the list splitters."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpcanalysis.structure.lists import (
    divide_text,
    split_items,
    split_owner_groups,
    split_people,
    split_sentences,
)
from cpcanalysis.structure.numbering import parse_label, split_merged, split_stem
from cpcanalysis.structure.roles import detect_roles, role_of

WORD = re.compile(r"\w+")


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("By When", "deadline"),
        ("Timescales", "deadline"),
        ("Actioned by", "lead"),
        ("Chief Officer", "sponsor"),
        ("RAG rating", "status"),
        ("Quarter 2 update", "update"),
        ("Peer team suggestion", "recommendation"),
        ("Position on the Recommendation", "action"),
        ("Revised target date", "revised_deadline"),
        ("Colour", None),
    ],
)
def test_header_roles_come_from_the_synonym_table(header, role):
    assert role_of(header) == role


def test_a_header_row_needs_a_content_role():
    assert detect_roles(("Lead", "Deadline")) is None
    assert detect_roles(("Actions", "Timescales")) == {0: "action", 1: "deadline"}


def test_second_owner_column_is_the_sponsor_and_second_deadline_the_revision():
    roles = detect_roles(("Action", "Lead", "Owner", "Deadline", "Target date"))
    assert roles == {0: "action", 1: "lead", 2: "sponsor", 3: "deadline", 4: "revised_deadline"}


@pytest.mark.parametrize(
    ("text", "number", "rest"),
    [
        ("5.Take steps", 5, "Take steps"),
        ("8. Invest further", 8, "Invest further"),
        ("R3: Review the MTFS", 3, "Review the MTFS"),
        ("Recommendation 4 – Refresh the plan", 4, "Refresh the plan"),
        ("b) Publish the report", 2, "Publish the report"),
        ("10 year capital programme", None, "10 year capital programme"),
    ],
)
def test_labels(text, number, rest):
    label, body = parse_label(text)
    assert (label.number if label else None) == number
    assert body == rest


def test_sub_numbered_label_keeps_its_part():
    label, _ = parse_label("2.4 Strengthen scrutiny")
    assert (label.number, label.part) == (2, "4")


def test_merged_recommendations_split_only_on_the_next_number():
    text = "9.Engage with members. 10.Accelerate the policy. 3. Not a label"
    assert split_merged(text) == [
        "9.Engage with members.",
        "10.Accelerate the policy. 3. Not a label",
    ]


def test_stem_needs_a_colon_and_a_capitalised_part():
    assert split_stem("Strengthen the transformation programme by: Aligning budgets with plans.")
    assert split_stem("Develop a clear narrative for growth and an economic strategy.") is None


def test_bullets_lines_and_numbered_items():
    assert split_items("•One •Two") == ["One", "Two"]
    assert split_items("- One\n- Two\n") == ["One", "Two"]
    assert split_items("1) One. 2) Two.") == ["1) One.", "2) Two."]
    assert split_items("Just one action") == ["Just one action"]


def test_sentences_ignore_abbreviations():
    text = "Include workstreams, e.g. HR policy. Report to Cabinet."
    assert split_sentences(text) == ["Include workstreams, e.g. HR policy.", "Report to Cabinet."]


def test_run_together_owner_lists():
    assert split_owner_groups("Luke Gorst Alex Kinch", 2) == [["Luke Gorst"], ["Alex Kinch"]]
    assert split_owner_groups("A B / C D E F", 2) == [["A B", "C D"], ["E F"]]
    assert split_owner_groups("Head of Finance and Property Services", 2) is None
    assert split_people("Chief Executive / Director of Place, Leader") == [
        "Chief Executive",
        "Director of Place",
        "Leader",
    ]


def test_divide_text_refuses_to_guess_without_targets():
    text = "First thing. Second thing. Third thing."
    assert divide_text(text, 2) is None
    assert divide_text(text, 3) == ["First thing.", "Second thing.", "Third thing."]
    assert divide_text(text, 2, ["first", "second third"]) == [
        "First thing.",
        "Second thing. Third thing.",
    ]


words = st.lists(
    st.sampled_from(["This", "the", "plan.", "Review", "e.g.", "•", "To", "Q3", "1)", "and"]),
    min_size=1,
    max_size=30,
)


@settings(max_examples=200, deadline=None)
@given(words, st.integers(min_value=1, max_value=4))
def test_dividing_never_loses_or_reorders_a_word(tokens, k):
    text = " ".join(tokens)
    parts = divide_text(text, k, ["plan review"] * k)
    if parts is not None:
        assert len(parts) == k
        assert WORD.findall(" ".join(parts)) == WORD.findall(text)


@settings(max_examples=200, deadline=None)
@given(words)
def test_splitting_items_never_loses_a_word(tokens):
    text = " ".join(tokens)
    assert WORD.findall(" ".join(split_items(text))) == WORD.findall(text)
