"""label(): filling the theme columns of a recommendations frame; the taxonomy as a frame."""

from __future__ import annotations

import polars as pl
import pytest

from cpcanalysis.errors import ParameterError
from cpcanalysis.schema import empty_frame, schema_of
from cpcanalysis.themes import THEMES, classification_texts, classify, label, taxonomy_frame

STEM = "Take steps to strengthen the savings programme by:"
SECOND_CHOICE = ["core_element_confidence", "core_element_2", "core_element_2_confidence"]


def _recs() -> pl.DataFrame:
    rows = {
        "council": ["A", "A", "B"],
        "rec_id": ["1a", "1b", "2"],
        "stem": [STEM, STEM, None],
        "text": [
            "Focusing on a Digital and ICT strategy.",
            "Reviewing the property portfolio and asset management.",
            "Strengthen overview and scrutiny.",
        ],
    }
    return pl.DataFrame(rows).with_columns(
        pl.lit(None, dtype=pl.String).alias("core_element"),
        pl.lit(None, dtype=pl.String).alias("theme"),
        pl.lit(None, dtype=pl.Float64).alias("theme_confidence"),
    )


def test_parts_are_classified_with_their_stem():
    texts = classification_texts(_recs()).to_list()
    assert texts[0] == f"{STEM} Focusing on a Digital and ICT strategy."
    assert texts[2] == "Strengthen overview and scrutiny."
    out = label(_recs())
    expected = classify(texts)
    assert out["theme"].to_list() == expected["theme"].to_list()
    assert out["theme_confidence"].to_list() == expected["confidence"].to_list()
    assert out["theme"].to_list()[1] == "Assets and capital"


def test_label_keeps_columns_order_and_existing_labels():
    recs = _recs().with_columns(
        pl.when(pl.col("rec_id") == "2").then(pl.lit("Member development")).alias("theme")
    )
    out = label(recs)
    assert out.columns == [*recs.columns, *SECOND_CHOICE]
    assert out["rec_id"].to_list() == ["1a", "1b", "2"]
    assert out["theme"].to_list()[2] == "Member development"
    assert label(recs, overwrite=True)["theme"].to_list()[2] != "Member development"


def test_label_fills_the_declared_schema_of_an_empty_frame():
    empty = empty_frame("recommendations")
    out = label(empty)
    assert out.schema == schema_of("recommendations")


def test_label_adds_missing_label_columns():
    out = label(pl.DataFrame({"text": ["Refresh the council plan.", ""]}))
    assert out.columns == ["text", "core_element", "theme", "theme_confidence", *SECOND_CHOICE]
    assert out["theme"].to_list() == ["Vision and corporate plan", "unknown"]


def test_label_refuses_a_frame_without_text():
    with pytest.raises(ParameterError, match="text"):
        label(pl.DataFrame({"council": ["A"]}))


def test_taxonomy_frame_matches_themes():
    frame = taxonomy_frame()
    assert frame["theme"].to_list() == [t.name for t in THEMES]
    assert frame["keywords"].to_list()[0] == list(THEMES[0].keywords)


def test_label_fills_the_second_choice_from_classify_and_keeps_it_on_labelled_rows():
    recs = _recs()
    out = label(recs)
    expected = classify(classification_texts(recs))
    for column in SECOND_CHOICE:
        assert out[column].to_list() == expected[column].to_list()
    assert all(a != b for a, b in out.select("core_element", "core_element_2").rows())
    again = label(out.with_columns(pl.lit("x").alias("core_element_2")))
    assert again["core_element_2"].to_list() == ["x", "x", "x"]  # labelled rows are kept
