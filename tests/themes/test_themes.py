"""The theme taxonomy, the labelled set and classify()."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from support.paths import DATA

from cpcanalysis.errors import CpcError, ParameterError
from cpcanalysis.schema import CORE_ELEMENTS
from cpcanalysis.themes import THEMES, ThemeClassifier, classify
from cpcanalysis.themes.classifier import CLASSIFY_SCHEMA
from cpcanalysis.themes.taxonomy import element_of, load_labelled, theme_names

RAW = DATA / "raw"


def _flat(text: str) -> str:
    return " ".join(text.split())


# -- taxonomy -------------------------------------------------------------------------------


def test_taxonomy_has_12_to_20_themes_each_in_a_core_element():
    assert 12 <= len(THEMES) <= 20
    assert len({t.name for t in THEMES}) == len(THEMES)
    assert {t.core_element for t in THEMES} == set(CORE_ELEMENTS)
    for theme in THEMES:
        assert theme.description.strip() and theme.keywords
        assert element_of(theme.name) == theme.core_element


def test_element_of_refuses_a_theme_outside_the_taxonomy():
    with pytest.raises(CpcError, match="unknown theme"):
        element_of("Parking")


# -- labelled set ---------------------------------------------------------------------------


def test_labelled_set_has_150_written_examples_covering_every_theme():
    labelled = load_labelled()
    written = labelled.filter(pl.col("origin") == "written")
    assert written.height >= 150
    per_theme = written.group_by("theme").len()
    assert set(per_theme["theme"].to_list()) == set(theme_names())
    assert per_theme["len"].min() >= 5
    assert labelled["id"].n_unique() == labelled.height
    assert labelled["text"].n_unique() == labelled.height


def test_every_label_follows_the_taxonomy_default_element():
    # the classifier derives the element from the theme; a cross-labelled row would be ignored
    labelled = load_labelled()
    for element, theme in labelled.select("core_element", "theme").iter_rows():
        assert element == element_of(theme)


def test_labelled_set_holds_the_seeds_19_recommendations():
    seeds = load_labelled().filter(pl.col("origin").str.starts_with("seed:"))
    whole = seeds.filter(~pl.col("id").str.contains(r"\d[a-z]$"))
    assert whole.height == 19
    assert whole.filter(pl.col("origin") == "seed:lancaster").height == 10
    assert whole.filter(pl.col("origin") == "seed:wyre").height == 9
    assert seeds["group"].n_unique() == 19  # recommendation 5's parts share its group
    for text in seeds["text"]:
        assert not re.match(r"\s*\d+\.", text), text


def test_seed_texts_are_taken_verbatim_from_the_raw_files():
    lancaster = _flat((RAW / "lancaster-cpc-2024-action-plan-tracker.tsv").read_text("utf-8"))
    wyre = _flat((RAW / "wyre-cpc-2024-action-plan.md").read_text("utf-8"))
    seeds = load_labelled().filter(pl.col("origin").str.starts_with("seed:"))
    stem = "Take steps to strengthen and further develop the Fit for the Future savings and "
    stem += "transformation programme by:"
    for row in seeds.iter_rows(named=True):
        text = row["text"]
        if row["origin"] == "seed:wyre":
            assert text in wyre
        elif row["id"].startswith("lancaster-5"):
            assert text.startswith(stem) and stem in lancaster
            sentences = re.split(r"(?<=\.) ", text.removeprefix(stem).strip())
            assert all(s in lancaster for s in sentences)
        elif row["id"] == "lancaster-10":  # the sentence spilled into the next row
            head, tail = text.split(" – this ")
            assert f"{head} – this" in lancaster and tail in lancaster
        else:
            assert text in lancaster


# -- classify -------------------------------------------------------------------------------


def test_classify_returns_the_declared_columns_in_input_order():
    texts = [
        "Review the constitution and the scheme of delegation to speed up decision-making.",
        "Develop a medium-term financial strategy that closes the budget gap.",
    ]
    out = classify(texts)
    assert out.schema == CLASSIFY_SCHEMA
    assert out["text"].to_list() == texts


def test_classify_of_an_empty_list_is_an_empty_frame_with_the_schema():
    out = classify([])
    assert out.height == 0
    assert out.schema == CLASSIFY_SCHEMA


@pytest.mark.parametrize(
    ("text", "element", "theme"),
    [
        (
            "Put in place a three-year medium term financial plan and rebuild general reserves.",
            "Financial planning and management",
            "Financial strategy and MTFS",
        ),
        (
            "Strengthen overview and scrutiny so that members can challenge decisions.",
            "Governance and culture",
            "Scrutiny, decision-making and governance",
        ),
        (
            "Adopt an up-to-date Local Plan and decide planning applications faster.",
            "Local priorities and outcomes",
            "Housing and planning",
        ),
        (
            "Replace outdated IT systems and adopt a digital strategy focused on online services.",
            "Capacity for improvement",
            "Data, digital and ICT",
        ),
        (
            "Work with the combined authority and neighbouring districts on the devolution deal.",
            "Organisational and place leadership",
            "Partnerships and devolution",
        ),
    ],
)
def test_classify_labels_plain_recommendations_it_was_not_trained_on(text, element, theme):
    row = classify([text]).row(0, named=True)
    assert (row["core_element"], row["theme"]) == (element, theme)
    assert 0.0 < row["confidence"] <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        None,
        "12345 2024/25 31/03/2025",
        "asdf qwer zxcv uiop",
        "Élaborer une stratégie financière à moyen terme pour le conseil municipal.",
        "Desarrollar una estrategia digital para el ayuntamiento y sus servicios.",
        "Die Gemeinde sollte ihre Finanzstrategie überarbeiten.",
        "Datblygu strategaeth ariannol tymor canolig i'r cyngor.",
    ],
)
def test_undecidable_text_is_unknown_with_confidence_zero(text):
    row = classify([text]).row(0, named=True)
    assert row == {
        "text": text,
        "core_element": None,
        "theme": "unknown",
        "confidence": 0.0,
        "core_element_confidence": 0.0,
        "core_element_2": None,
        "core_element_2_confidence": 0.0,
        "element_probabilities": None,
    }


def test_very_long_text_is_classified_from_its_beginning():
    head = "Develop a workforce strategy that tackles recruitment and retention of staff. "
    long_text = head + "and " * 300_000
    row = classify([long_text]).row(0, named=True)
    assert row["theme"] == "Workforce, culture and leadership development"
    assert row["text"] == long_text


def test_classify_accepts_a_polars_series_with_nulls():
    series = pl.Series("text", ["Refresh the council plan and its priorities.", None])
    out = classify(series)
    assert out["theme"].to_list()[1] == "unknown"
    assert out["core_element"].to_list()[0] == "Local priorities and outcomes"


@pytest.mark.parametrize("bad", ["one string", [1, 2], ["ok", 3.5], 42])
def test_classify_refuses_what_is_not_a_list_of_texts(bad):
    with pytest.raises(ParameterError):
        classify(bad)


def test_classify_refuses_a_non_string_series():
    with pytest.raises(ParameterError, match="dtype"):
        classify(pl.Series("n", [1, 2]))


_POOL = [t for t in load_labelled()["text"].to_list()[::7]] + ["", "zzzz", "Review things."]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(_POOL), min_size=1, max_size=12), st.integers(0, 11))
def test_a_text_gets_the_same_labels_whatever_else_is_in_the_batch(batch, pick):
    text = batch[pick % len(batch)]
    alone = classify([text]).row(0)
    assert classify(batch).row(pick % len(batch)) == alone


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=80) | st.none(), max_size=6))
def test_any_text_gets_a_vocabulary_label_and_a_consistent_element(texts):
    out = classify(texts)
    assert out.height == len(texts)
    for element, theme, confidence in out.select("core_element", "theme", "confidence").rows():
        if element is None:
            assert (theme, confidence) == ("unknown", 0.0)
        else:
            assert element == element_of(theme)
            assert 0.0 < confidence <= 1.0


# -- the estimator --------------------------------------------------------------------------

_SMALL = [
    ("Set a medium-term financial strategy and protect reserves.", "Financial strategy and MTFS"),
    ("Close the budget gap with a savings programme.", "Financial strategy and MTFS"),
    ("Strengthen scrutiny of cabinet decisions.", "Scrutiny, decision-making and governance"),
    ("Review the constitution and delegations.", "Scrutiny, decision-making and governance"),
]


def test_estimator_fits_without_the_taxonomy_and_follows_sklearn_conventions():
    model = ThemeClassifier(use_taxonomy=False, C=10.0)
    assert clone(model).get_params() == model.get_params()
    model.fit([t for t, _ in _SMALL], [y for _, y in _SMALL])
    assert set(model.classes_) == {y for _, y in _SMALL}
    assert list(model.predict(["Agree a savings plan to balance the budget."])) == [
        "Financial strategy and MTFS"
    ]


def test_estimator_with_a_direct_element_model_still_keeps_theme_and_element_consistent():
    model = ThemeClassifier(element_weight=0.5).fit([t for t, _ in _SMALL], [y for _, y in _SMALL])
    assert model.element_model_ is not None
    out = model.predict_frame(["Scrutiny should review the budget strategy."])
    element, theme = out.row(0)[1:3]
    assert element == element_of(theme)


def test_fit_refuses_unknown_themes_and_empty_texts():
    with pytest.raises(CpcError, match="unknown theme"):
        ThemeClassifier().fit(["Review parking."], ["Parking"])
    with pytest.raises(ParameterError, match="empty"):
        ThemeClassifier().fit(["  "], ["Financial strategy and MTFS"])
    with pytest.raises(ParameterError, match="2 texts but 1"):
        ThemeClassifier().fit(["a b", "c d"], ["Financial strategy and MTFS"])


def test_two_fits_on_the_same_data_give_identical_labels():
    labelled = load_labelled()
    texts = labelled["text"].to_list()[::5]
    first = ThemeClassifier().fit(labelled["text"], labelled["theme"]).predict_frame(texts)
    second = ThemeClassifier().fit(labelled["text"], labelled["theme"]).predict_frame(texts)
    assert first.equals(second)
