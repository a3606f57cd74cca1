"""Status cells: the label corpus, the seed tracker's RAG column, legends, and invariants."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.paths import DATA, FIXTURES

from cpcanalysis.errors import CpcError
from cpcanalysis.schema import STATUSES
from cpcanalysis.status import normalise_status, read_status

RAW = DATA / "raw"
CORPUS = list(csv.DictReader((FIXTURES / "corpus" / "statuses.csv").open(encoding="utf-8")))
_WORD = re.compile(r"[^\W_]+")


def _legend(text: str) -> dict[str, str] | None:
    return dict(pair.split("=", 1) for pair in text.split(";")) if text else None


@pytest.mark.parametrize("row", CORPUS, ids=[f"{r['form']}:{r['text']}" for r in CORPUS])
def test_corpus_label_reads_as_expected(row):
    got = read_status(row["text"], legend=_legend(row["legend"]))
    assert (got.status, got.label, got.rest) == (row["status"], row["label"] or None, row["rest"])
    assert normalise_status(row["text"], legend=_legend(row["legend"])) == row["status"]


def test_corpus_has_at_least_100_labels_covering_every_status():
    assert len({(r["text"], r["legend"]) for r in CORPUS}) >= 100
    assert {r["status"] for r in CORPUS} == set(STATUSES)


def test_lancaster_rag_column():
    lines = (RAW / "lancaster-cpc-2024-action-plan-tracker.tsv").read_text("utf-8").splitlines()
    cells = [line.split("\t")[6] for line in lines[1:] if line.count("\t") >= 6]
    got = [(read_status(c).status, read_status(c).label) for c in cells]
    assert got[:4] == [("at_risk", "Orange")] + [("on_track", "GREEN")] * 3
    by_text = {c: read_status(c) for c in cells}
    assert by_text["COMPLETE"].status == "complete"
    assert by_text["AMBER"].status == "at_risk"
    spilled = by_text["Service Improvement Plan. GREEN"]
    assert (spilled.status, spilled.label, spilled.rest) == (
        "on_track",
        "GREEN",
        "Service Improvement Plan.",
    )
    prose = next(c for c in cells if c.startswith("Delays with this commencing"))
    reading = by_text[prose]
    assert (reading.status, reading.label, reading.rest) == ("off_track", None, prose)
    assert "Delays" in (reading.note or "")
    assert by_text[""].status == "unknown"


def test_legend_is_case_insensitive_and_overrides_only_what_it_names():
    legend = {"green": "Complete", "AMBER": "on track"}
    assert normalise_status("GREEN", legend=legend) == "complete"
    assert normalise_status("Amber", legend=legend) == "on_track"
    assert normalise_status("Red", legend=legend) == "off_track"
    assert "legend" in (read_status("Green", legend=legend).note or "")


@pytest.mark.parametrize(
    "legend", [{"Green": "splendid"}, {"Green": ""}, {"": "complete"}, {"!!": "complete"}]
)
def test_a_legend_that_names_no_status_is_refused(legend):
    with pytest.raises(CpcError, match="legend"):
        read_status("Green", legend=legend)


def test_a_label_that_disagrees_with_its_text_says_so():
    got = read_status("GREEN - delays in recruitment")
    assert (got.status, got.label, got.rest) == ("on_track", "GREEN", "delays in recruitment")
    assert "off_track" in (got.note or "")


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.text(max_size=60),
        st.lists(
            st.sampled_from(
                [r["text"] for r in CORPUS] + ["not", "no", "(", ")", "-", ".", "RAG:", "75%", "x"]
            ),
            max_size=5,
        ).map(" ".join),
    )
)
def test_every_cell_reads_as_a_status_and_no_word_is_lost(text):
    got = read_status(text)
    assert got.status in STATUSES
    kept = _WORD.findall(got.label or "") + _WORD.findall(got.rest)
    assert Counter(kept) == Counter(_WORD.findall(text or ""))
    assert got.label is None or got.label in (text or "")
    assert read_status(text) == got
