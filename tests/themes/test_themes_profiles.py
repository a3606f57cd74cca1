"""Per-council theme profiles, council similarity, examples and the heatmap."""

from __future__ import annotations

import json

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cpcanalysis.errors import ParameterError
from cpcanalysis.schema import CORE_ELEMENTS
from cpcanalysis.themes import (
    by_council,
    council_similarity,
    examples_by_theme,
    heatmap,
    theme_matrix,
)
from cpcanalysis.themes.taxonomy import element_of, theme_names

MTFS = "Financial strategy and MTFS"
SCRUTINY = "Scrutiny, decision-making and governance"
HOUSING = "Housing and planning"


def _recs(rows: list[tuple[str, str, str | None, float]]) -> pl.DataFrame:
    """council, text, theme, confidence -> a recommendations-shaped frame."""
    return pl.DataFrame(
        {
            "council": [r[0] for r in rows],
            "text": [r[1] for r in rows],
            "core_element": [element_of(r[2]) if r[2] else None for r in rows],
            "theme": [r[2] or "unknown" for r in rows],
            "theme_confidence": [r[3] for r in rows],
        }
    )


RECS = _recs(
    [
        ("Wyre", "Refresh the MTFS.", MTFS, 0.9),
        ("Wyre", "Rebuild reserves.", MTFS, 0.8),
        ("Wyre", "Strengthen scrutiny.", SCRUTINY, 0.7),
        ("Wyre", "Refresh the MTFS.", MTFS, 0.9),  # the same recommendation in a tracker
        ("Lancaster", "Adopt the Local Plan.", HOUSING, 0.6),
        ("Lancaster", "Balance the budget.", MTFS, 0.95),
        ("Lancaster", "????", None, 0.0),
        ("Fylde", "Close the budget gap.", MTFS, 0.5),
        ("Fylde", "Use reserves wisely.", MTFS, 0.4),
        ("Fylde", "Improve scrutiny.", SCRUTINY, 0.3),
    ]
)


def _cell(frame: pl.DataFrame, council: str, theme: str, column: str):
    return frame.filter((pl.col("council") == council) & (pl.col("theme") == theme))[column][0]


def test_by_council_counts_each_distinct_recommendation_once():
    long = by_council(RECS)
    assert _cell(long, "Wyre", MTFS, "n") == 2
    assert _cell(long, "Wyre", SCRUTINY, "n") == 1
    assert _cell(long, "Lancaster", "unknown", "n") == 1
    assert _cell(long, "Wyre", HOUSING, "n") == 0
    assert long.height == 3 * (len(theme_names()) + 1)  # full grid plus "unknown"
    shares = long.group_by("council").agg(pl.col("share").sum())
    assert shares["share"].to_list() == pytest.approx([1.0, 1.0, 1.0])


def test_by_council_keeps_taxonomy_order_and_adds_unknown_only_when_needed():
    decided = RECS.filter(pl.col("theme") != "unknown")
    long = by_council(decided, level="core_element")
    assert list(dict.fromkeys(long["core_element"].to_list())) == list(CORE_ELEMENTS)
    assert sorted(set(long["council"].to_list())) == ["Fylde", "Lancaster", "Wyre"]


def test_theme_matrix_is_one_row_per_council_with_count_columns():
    wide = theme_matrix(RECS)
    assert wide["council"].to_list() == ["Fylde", "Lancaster", "Wyre"]
    assert wide.columns == ["council", *theme_names(), "unknown"]
    assert wide.filter(pl.col("council") == "Wyre")[MTFS][0] == 2


def test_council_similarity_ranks_councils_with_the_same_profile_first():
    pairs = council_similarity(RECS)
    assert pairs.height == 3
    top = pairs.row(0, named=True)
    assert (top["council_a"], top["council_b"]) == ("Fylde", "Wyre")  # both 2 MTFS + 1 scrutiny
    assert top["similarity"] == pytest.approx(1.0)
    assert (top["n_a"], top["n_b"]) == (3, 3)
    assert pairs["similarity"].to_list() == sorted(pairs["similarity"].to_list(), reverse=True)


def test_council_with_no_decided_recommendation_has_null_similarity():
    recs = pl.concat([RECS, _recs([("Blank", "???", None, 0.0)])])
    pairs = council_similarity(recs)
    blank = pairs.filter((pl.col("council_a") == "Blank") | (pl.col("council_b") == "Blank"))
    assert blank["similarity"].to_list() == [None, None, None]
    assert pairs["similarity"].to_list()[-3:] == [None, None, None]


def test_examples_by_theme_takes_the_most_confident_in_taxonomy_order():
    examples = examples_by_theme(RECS, n=2)
    mtfs = examples.filter(pl.col("theme") == MTFS)
    assert mtfs["text"].to_list() == ["Balance the budget.", "Refresh the MTFS."]
    order = [theme_names().index(t) for t in examples["theme"].to_list()]
    assert order == sorted(order)
    assert "unknown" not in examples["theme"].to_list()


def test_examples_accepts_the_classify_confidence_column():
    renamed = RECS.rename({"theme_confidence": "confidence"})
    assert examples_by_theme(renamed, n=1).height == 3


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: by_council(RECS.drop("council")), "lacks columns"),
        (lambda: by_council(RECS, level="council"), "level must be"),
        (lambda: by_council(RECS.with_columns(theme=pl.lit("Parking"))), "not in the taxonomy"),
        (lambda: examples_by_theme(RECS, n=0), "positive integer"),
        (lambda: heatmap(by_council(RECS), value="mean"), "value must be"),
        (lambda: heatmap(RECS), "profile lacks"),
    ],
)
def test_bad_arguments_are_refused_with_a_cpc_error(call, match):
    with pytest.raises(ParameterError, match=match):
        call()


def test_heatmap_spec_orders_rows_as_the_taxonomy():
    spec = json.loads(heatmap(by_council(RECS)).to_json())
    cells, numbers = spec["layer"]
    for layer in (cells, numbers):  # themes read down the rows, councils across
        assert layer["encoding"]["y"]["scale"]["domain"] == [*theme_names(), "unknown"]
        assert layer["encoding"]["x"]["scale"]["domain"] == ["Fylde", "Lancaster", "Wyre"]
        assert layer["encoding"]["x"]["axis"]["labelAngle"] == 0  # few councils: not slanted
    assert cells["mark"]["type"] == "rect"
    assert cells["encoding"]["color"]["field"] == "share"
    # the share is also printed, so the colours are not the only carrier of the value
    assert numbers["mark"]["type"] == "text"
    assert numbers["encoding"]["text"] == {
        "field": "share",
        "format": ".0%",
        "type": "quantitative",
    }


_THEMES = [*theme_names(), None]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from("ABC"), st.sampled_from("xyzw"), st.sampled_from(_THEMES)),
        min_size=1,
        max_size=25,
    )
)
def test_profiles_count_every_distinct_recommendation_exactly_once(rows):
    recs = _recs([(c, t, th, 0.5) for c, t, th in rows])
    long = by_council(recs)
    distinct = recs.unique(subset=["council", "text"]).height
    assert long["n"].sum() == distinct
    sims = council_similarity(recs)["similarity"].drop_nulls().to_list()
    assert all(-1e-9 <= s <= 1 + 1e-9 for s in sims)
