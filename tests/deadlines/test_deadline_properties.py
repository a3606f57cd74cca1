"""Invariants of the deadline grammar over any text, and over phrases built from its vocabulary."""

from __future__ import annotations

from datetime import date

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from cpcanalysis.deadlines import (
    PRECISIONS,
    Deadline,
    find_deadlines,
    parse_deadline,
    parse_deadline_column,
    parse_deadlines,
)
from cpcanalysis.deadlines.model import EARLIEST, LATEST
from cpcanalysis.deadlines.vocabulary import phrases
from cpcanalysis.schema import DEADLINE_KINDS

_WORDS = sorted(" ".join(key) for key in phrases())
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.integers(0, 3100).map(str),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.sampled_from(
        ["/", "-", "–", ".", ",", "(", ")", "'", "+", ":", "Q3", "H1", "FY", "w/c", "3rd"]
    ),
    st.sampled_from(["2024/25", "2099/00", "31/03/2025", "2025-02-29", "29/02/2024", "Febuary"]),
)
PHRASES = st.lists(_PIECES, min_size=1, max_size=8).flatmap(
    lambda parts: st.sampled_from([" ".join(parts), "".join(parts), "-".join(parts)])
)
REFERENCES = st.none() | st.dates(min_value=date(1985, 1, 1), max_value=date(2105, 12, 31))
TEXTS = st.one_of(st.none(), st.text(max_size=60), PHRASES)


def _valid(d: Deadline) -> None:
    assert d.kind in DEADLINE_KINDS
    assert d.precision is None or d.precision in PRECISIONS
    for day in (d.start, d.end):
        assert day is None or EARLIEST <= day <= LATEST
    if d.start is not None and d.end is not None:
        assert d.start <= d.end
    if d.kind in ("date", "period"):
        assert d.start is not None and d.end is not None
    if d.kind == "open_ended":
        assert d.start is not None and d.end is None
    if d.kind in ("ongoing", "relative", "unknown"):
        assert d.start is None and d.end is None and (d.kind == "ongoing" or d.note)


@settings(max_examples=400, deadline=None)
@given(TEXTS, REFERENCES)
def test_any_text_gives_a_valid_deadline(text, reference):
    whole = parse_deadline(text, reference=reference)
    _valid(whole)
    assert whole.text == (text or "").strip()
    for part in parse_deadlines(text, reference=reference):
        _valid(part)
    for span, found in find_deadlines(text, reference=reference):
        _valid(found)
        assert span in (text or "") and found.kind != "unknown"


@settings(max_examples=200, deadline=None)
@given(PHRASES, REFERENCES)
def test_reading_is_deterministic(text, reference):
    assert parse_deadline(text, reference=reference) == parse_deadline(text, reference=reference)
    assert parse_deadlines(text, reference=reference) == parse_deadlines(text, reference=reference)


@settings(max_examples=200, deadline=None)
@given(PHRASES)
def test_a_cell_reads_as_the_span_of_its_parts(text):
    parts = parse_deadlines(text)
    whole = parse_deadline(text)
    dated = [p for p in parts if p.start is not None]
    if dated:
        assert whole.start == min(p.start for p in dated)
    assert parts or whole.note == "blank"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(st.none(), PHRASES), max_size=30), REFERENCES)
def test_column_equals_reading_each_cell(texts, reference):
    got = parse_deadline_column(pl.Series(texts, dtype=pl.String), reference=reference)
    expected = [parse_deadline(t, reference=reference) for t in texts]
    assert got.height == len(texts)
    assert got["start"].to_list() == [d.start for d in expected]
    assert got["end"].to_list() == [d.end for d in expected]
    assert got["kind"].to_list() == [d.kind for d in expected]
