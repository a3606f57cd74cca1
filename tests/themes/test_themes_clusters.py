"""discover(): unsupervised clusters of recommendations."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import adjusted_rand_score

from cpcanalysis.errors import ParameterError
from cpcanalysis.themes import discover

FINANCE = [
    "Close the budget gap and protect reserves",
    "Rebuild reserves and balance the budget",
    "Set a balanced budget without using reserves",
    "Stop using reserves to balance the budget",
    "Model the budget gap and the level of reserves",
    "Deliver savings so the budget does not drain reserves",
]
SCRUTINY = [
    "Strengthen scrutiny of cabinet decisions",
    "Give scrutiny a say before cabinet decisions",
    "Train scrutiny members to challenge cabinet",
    "Involve scrutiny committees before cabinet decides",
    "Let scrutiny call in cabinet decisions",
    "Support scrutiny chairs to hold cabinet to account",
]
HOUSING = [
    "Build more affordable homes for local people",
    "Deliver affordable homes on council land",
    "Speed up delivery of affordable homes",
    "Bring empty homes back into use as affordable homes",
    "Work with housing providers to build affordable homes",
    "Plan for affordable homes in every new development",
]
TOPICS = FINANCE + SCRUTINY + HOUSING
TRUTH = [0] * 6 + [1] * 6 + [2] * 6


def test_three_distinct_topics_are_found_with_a_given_k():
    found = discover(TOPICS, k=3)
    assert found.k == 3
    assert adjusted_rand_score(TRUTH, found.assignments["cluster"].to_list()) == 1.0
    assert found.stability == pytest.approx(1.0)
    assert found.silhouettes.height == 0 and "given" in found.criterion


def test_k_is_chosen_by_the_silhouette_when_not_given():
    found = discover(TOPICS)
    assert found.silhouettes["k"].to_list()[0] == 2
    best = found.silhouettes.sort(["silhouette", "k"], descending=[True, False])["k"][0]
    assert found.k == best
    assert "silhouette" in found.criterion
    assert found.k == 3  # the three topics are the clearest partition


def test_clusters_are_numbered_by_size_and_described_by_their_members():
    texts = TOPICS + FINANCE[:3]  # finance becomes the biggest cluster
    found = discover(texts, k=3)
    clusters = found.clusters
    assert clusters["cluster"].to_list() == [1, 2, 3]
    assert clusters["size"].to_list() == sorted(clusters["size"].to_list(), reverse=True)
    assert clusters["size"].sum() == len(texts)
    biggest = clusters.row(0, named=True)
    assert "budget" in biggest["top_terms"] or "reserves" in biggest["top_terms"]
    members = found.assignments.filter(pl.col("cluster") == 1)["text"].to_list()
    assert set(biggest["examples"]) <= set(members)
    assert len(biggest["examples"]) == len(set(biggest["examples"])) == 3


def test_top_terms_leave_out_generic_words():
    texts = [f"Ensure the council will review and improve: {t}" for t in TOPICS]
    terms = {t for row in discover(texts, k=3).clusters["top_terms"] for t in row}
    assert not terms & {"ensure", "council", "the", "review", "improve"}
    assert {"scrutiny", "budget", "homes"} <= terms


def test_the_same_texts_give_the_same_clusters_on_every_run():
    a, b = discover(TOPICS * 3, random_state=7), discover(TOPICS * 3, random_state=7)
    assert a.assignments.equals(b.assignments)
    assert a.clusters.equals(b.clusters)
    assert (a.k, a.criterion, a.stability) == (b.k, b.criterion, b.stability)


def test_empty_and_blank_inputs_give_defined_results():
    empty = discover([])
    assert (empty.k, empty.assignments.height, empty.clusters.height) == (0, 0, 0)
    blanks = discover(["", None, "   ", "the and of"])
    assert blanks.k == 0
    assert blanks.assignments["cluster"].to_list() == [None] * 4
    mixed = discover(["", *TOPICS, None], k=3)
    clusters = mixed.assignments["cluster"].to_list()
    assert clusters[0] is None and clusters[-1] is None
    assert None not in clusters[1:-1]


def test_one_or_two_distinct_texts():
    assert discover(["Close the budget gap"]).k == 1
    assert discover(["Close the budget gap"] * 5).k == 1
    two = discover(["Close the budget gap", "Strengthen scrutiny"])
    assert two.k == 2 and two.stability == 1.0


@pytest.mark.parametrize("k", [0, -1, "3", 2.0, True])
def test_discover_refuses_a_k_that_is_not_a_positive_integer(k):
    with pytest.raises(ParameterError, match="k must be"):
        discover(TOPICS, k=k)


def test_discover_refuses_more_clusters_than_distinct_texts():
    with pytest.raises(ParameterError, match="distinct"):
        discover(["Close the budget gap"] * 4 + ["Strengthen scrutiny"], k=3)


_POOL = [*TOPICS, "", None, "zzz qqq", "Close the budget gap", "Élaborer une stratégie"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(_POOL), max_size=30))
def test_every_input_text_gets_a_cluster_in_range_or_null(texts):
    found = discover(texts)
    assignments = found.assignments
    assert assignments["text"].to_list() == texts
    numbers = [c for c in assignments["cluster"].to_list() if c is not None]
    assert set(numbers) == set(range(1, found.k + 1))
    assert found.clusters["size"].sum() == len(numbers)
