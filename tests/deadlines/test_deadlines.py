"""The deadline grammar: the phrase corpus, the seed plans' cells, free text and polars columns."""

from __future__ import annotations

import csv
from datetime import date

import polars as pl
import pytest
from support.paths import DATA, FIXTURES

from cpcanalysis.deadlines import (
    PRECISIONS,
    Deadline,
    find_deadlines,
    parse_deadline,
    parse_deadline_column,
    parse_deadlines,
)
from cpcanalysis.deadlines import column as column_module
from cpcanalysis.deadlines.vocabulary import periods, phrases
from cpcanalysis.errors import CpcError
from cpcanalysis.schema import DEADLINE_KINDS

RAW = DATA / "raw"
CORPUS = list(csv.DictReader((FIXTURES / "corpus" / "deadlines.csv").open(encoding="utf-8")))


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def _shape(d: Deadline) -> tuple:
    return d.kind, _iso(d.start), _iso(d.end), d.precision or ""


# ---- the corpus ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "row", CORPUS, ids=[f"{r['form']}:{r['text']}:{r['reference']}" for r in CORPUS]
)
def test_corpus_phrase_reads_as_expected(row):
    reference = date.fromisoformat(row["reference"]) if row["reference"] else None
    got = parse_deadline(row["text"], reference=reference)
    assert _shape(got) == (row["kind"], row["start"], row["end"], row["precision"]), got.note
    assert row["note_has"].lower() in (got.note or "").lower()
    assert got.text == row["text"].strip()


def test_corpus_has_at_least_300_phrases_of_every_kind():
    assert len({(r["text"], r["reference"]) for r in CORPUS}) >= 300
    assert {r["kind"] for r in CORPUS} == set(DEADLINE_KINDS)
    assert {r["precision"] for r in CORPUS} - {""} == set(PRECISIONS)


# ---- cells of the real seed plans (the loader relies on these exactly) ---------------------------
def _spans(readings: list[Deadline]) -> list[tuple]:
    return [(d.start, d.end, d.kind) for d in readings]


def test_a_run_together_cell_gives_each_deadline_in_order():
    got = parse_deadlines("September 2024 September 2024 - December 2024")
    assert _spans(got) == [
        (date(2024, 9, 1), date(2024, 9, 30), "date"),
        (date(2024, 9, 1), date(2024, 12, 31), "period"),
    ]
    assert [d.text for d in got] == ["September 2024", "September 2024 - December 2024"]


def test_two_run_together_ranges_are_two_periods():
    got = parse_deadlines("November 2024 – February 2025 April 2025 – September 2025")
    assert [(d.kind, d.end) for d in got] == [
        ("period", date(2025, 2, 28)),
        ("period", date(2025, 9, 30)),
    ]


def test_two_run_together_months_are_two_dates():
    got = parse_deadlines("October 2024 September 2025")
    assert [(d.kind, d.end) for d in got] == [
        ("date", date(2024, 10, 31)),
        ("date", date(2025, 9, 30)),
    ]


def test_a_range_is_one_deadline():
    (only,) = parse_deadlines("October 2024 – March 2025")
    assert (only.kind, only.start, only.end) == ("period", date(2024, 10, 1), date(2025, 3, 31))


def test_milestone_words_are_named_in_the_note():
    (only,) = parse_deadlines("Annual review March 2025")
    assert only.end == date(2025, 3, 31)
    assert "Annual review" in (only.note or "")


@pytest.mark.parametrize(
    ("text", "end"),
    [("End November 2024", date(2024, 11, 30)), ("February 2025", date(2025, 2, 28))],
)
def test_single_months_end_on_their_last_day(text, end):
    (only,) = parse_deadlines(text)
    assert (only.kind, only.end, only.precision) == ("date", end, "month")


def test_ongoing_is_one_reading_and_blanks_are_none():
    assert [d.kind for d in parse_deadlines("Ongoing")] == ["ongoing"]
    assert parse_deadlines("") == [] and parse_deadlines(None) == [] and parse_deadlines("  ") == []
    blank = parse_deadline("")
    assert (blank.kind, blank.note, blank.start, blank.end) == ("unknown", "blank", None, None)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("Jul-Nov 2024", "period", date(2024, 7, 1), date(2024, 11, 30)),
        ("July 2024-February 2025", "period", date(2024, 7, 1), date(2025, 2, 28)),
        ("August-October 2024", "period", date(2024, 8, 1), date(2024, 10, 31)),
        ("September 2024 onwards", "open_ended", date(2024, 9, 1), None),
        ("September 2024-ongoing", "open_ended", date(2024, 9, 1), None),
        ("October 2024 onwards", "open_ended", date(2024, 10, 1), None),
    ],
)
def test_wyre_timescales(text, kind, start, end):
    (only,) = parse_deadlines(text)
    assert (only.kind, only.start, only.end) == (kind, start, end)


def test_several_deadlines_read_as_one_span_with_a_note():
    got = parse_deadline("November 2024 – February 2025 April 2025 – September 2025")
    assert (got.kind, got.start, got.end) == ("period", date(2024, 11, 1), date(2025, 9, 30))
    assert "2 deadlines in one cell" in (got.note or "")


def _seed_deadline_cells() -> list[str]:
    lancaster = (RAW / "lancaster-cpc-2024-action-plan-tracker.tsv").read_text(encoding="utf-8")
    cells = [line.split("\t")[2] for line in lancaster.splitlines()[1:] if line.count("\t") >= 6]
    wyre = (RAW / "wyre-cpc-2024-action-plan.md").read_text(encoding="utf-8")
    cells += [line.split("\t")[1] for line in wyre.splitlines() if line.count("\t") == 1]
    return sorted({c.strip() for c in cells if c.strip() and c.strip() != "Timescales"})


def test_every_deadline_in_the_seed_plans_is_read():
    cells = _seed_deadline_cells()
    assert len(cells) >= 15
    unread = [c for c in cells if parse_deadline(c).kind == "unknown"]
    assert unread == []


def test_segments_of_a_cell_keep_every_word():
    cell = "Draft Dec 2024; consultation Feb 2025 and final March 2025 (Cabinet)"
    got = parse_deadlines(cell)
    assert [d.end for d in got] == [date(2024, 12, 31), date(2025, 2, 28), date(2025, 3, 31)]
    words = " ".join(d.text for d in got).replace(";", " ").split()
    assert [w for w in words if w != "and"] == [
        w for w in cell.replace(";", " ").split() if w != "and"
    ]


# ---- what general date parsers get wrong (issue 3) ---------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Q3 2024/25", date(2024, 10, 1), date(2024, 12, 31)),
        ("Autumn 2025", date(2025, 9, 1), date(2025, 11, 30)),
        ("2024/25", date(2024, 4, 1), date(2025, 3, 31)),
        ("by Dec 24", date(2024, 12, 1), date(2024, 12, 31)),
    ],
)
def test_phrases_dateparser_misreads(text, start, end):
    got = parse_deadline(text)
    assert (got.start, got.end) == (start, end)


def test_relative_phrase_needs_a_reference_to_have_dates():
    alone = parse_deadline("within three months of the CPC")
    assert (alone.kind, alone.start, alone.end) == ("relative", None, None)
    placed = parse_deadline("within three months of the CPC", reference=date(2024, 6, 10))
    assert (placed.kind, placed.end) == ("period", date(2024, 9, 10))
    assert "2024-06-10" in (placed.note or "")


def test_month_without_a_year_is_unknown_unless_a_reference_places_it():
    assert parse_deadline("March").kind == "unknown"
    placed = parse_deadline("March", reference=date(2024, 6, 10))
    assert placed.end == date(2025, 3, 31) and "no year given" in (placed.note or "")


def test_unreadable_phrases_never_get_a_date():
    for text in ["TBC", "before the budget process commences", "31/02/2025", "Spring 2024/25"]:
        got = parse_deadline(text)
        assert (got.kind, got.start, got.end) == ("unknown", None, None)
        assert got.note


def test_a_deadline_refuses_impossible_values():
    with pytest.raises(CpcError):
        Deadline("x", None, None, "soon")
    with pytest.raises(CpcError):
        Deadline("x", date(2025, 2, 1), date(2025, 1, 1), "period")


# ---- deadline phrases inside free text ---------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Now expected in early 2026.", [("early 2026", date(2026, 4, 30))]),
        ("PROPOSED NEW TARGET – April 2017", [("April 2017", date(2017, 4, 30))]),
        ("The scheme will be implemented in 2025", [("2025", date(2025, 12, 31))]),
        (
            "A draft will go to Cabinet in late 2025 and adoption in early 2026",
            [("late 2025", date(2025, 12, 31)), ("early 2026", date(2026, 4, 30))],
        ),
        ("Revised to 31/03/2026 after consultation", [("31/03/2026", date(2026, 3, 31))]),
        (
            "Slipped from Q3 2024/25 to Q1 2025/26",
            [("from Q3 2024/25 to Q1 2025/26", date(2025, 6, 30))],
        ),
    ],
)
def test_find_deadlines_in_update_text(text, expected):
    found = find_deadlines(text)
    assert [(span, d.end) for span, d in found] == expected
    assert all(span in text and d.text == span for span, d in found)


@pytest.mark.parametrize(
    "text",
    [
        "2000 homes may be built",
        "The council may march on",
        "We met in March with partners",
        "Work is ongoing and largely complete",
        "Three of the 12 actions are delayed",
        "",
    ],
)
def test_find_deadlines_ignores_numbers_and_words_that_are_not_deadlines(text):
    assert find_deadlines(text) == []


def test_find_deadlines_reads_relative_phrases_against_the_reference():
    ((span, reading),) = find_deadlines(
        "to be agreed within 3 months of the CPC", reference=date(2024, 2, 1)
    )
    assert span == "within 3 months of the CPC" and reading.end == date(2024, 5, 1)


# ---- a polars column -----------------------------------------------------------------------------
def test_column_keeps_length_order_and_dtypes():
    column = pl.Series("By When", ["March 2025", None, "Ongoing", "March 2025", "", "Q3 2024/25"])
    got = parse_deadline_column(column)
    assert got.schema == pl.Schema(
        {
            "start": pl.Date,
            "end": pl.Date,
            "kind": pl.String,
            "precision": pl.String,
            "note": pl.String,
        }
    )
    assert got["kind"].to_list() == ["date", "unknown", "ongoing", "date", "unknown", "period"]
    assert got["end"].to_list() == [
        date(2025, 3, 31),
        None,
        None,
        date(2025, 3, 31),
        None,
        date(2024, 12, 31),
    ]


def test_column_parses_each_distinct_phrase_once(monkeypatch):
    calls: list[str | None] = []
    real = column_module.parse_deadline

    def counting(text, *, reference=None):
        calls.append(text)
        return real(text, reference=reference)

    monkeypatch.setattr(column_module, "parse_deadline", counting)
    column = pl.Series(["March 2025", "Ongoing", None] * 500)
    got = parse_deadline_column(column)
    assert got.height == 1500 and sorted(calls, key=str) == sorted(
        ["March 2025", "Ongoing", None], key=str
    )


def test_column_of_dates_and_reference_pass_through():
    dates = parse_deadline_column(pl.Series([date(2025, 3, 31), None]))
    assert dates["end"].to_list() == [date(2025, 3, 31), None]
    relative = parse_deadline_column(pl.Series(["within 3 months"]), reference=date(2024, 1, 15))
    assert relative["end"].to_list() == [date(2024, 4, 15)]


def test_column_matches_row_by_row_reading():
    texts = [r["text"] for r in CORPUS if not r["reference"]]
    got = parse_deadline_column(pl.Series(texts))
    expected = [parse_deadline(t) for t in texts]
    assert got["kind"].to_list() == [d.kind for d in expected]
    assert got["end"].to_list() == [d.end for d in expected]
    assert got["note"].to_list() == [d.note for d in expected]


# ---- the vocabulary data -------------------------------------------------------------------------
KNOWN_ROLES = {
    "month", "month_misspelt", "season", "part", "quarter", "half", "ordinal", "fy",
    "calendar_year", "academic_year", "week_start", "week_end", "unit", "numword", "within", "in",
    "anchor", "relword", "range", "and", "then", "from", "beyond", "before", "between", "onwards",
    "ongoing", "recurring", "complete", "negation", "marker", "horizon", "of", "the", "cue", "word",
    "every", "superseded",
}  # fmt: skip


def test_every_vocabulary_role_is_one_the_grammar_reads():
    assert {entry.role for entry in phrases().values()} <= KNOWN_ROLES


def test_period_table_covers_every_period_the_grammar_names():
    table = periods()
    for basis in ("calendar", "financial"):
        for q in "1234":
            assert ("quarter", q, basis) in table
        for h in "12":
            assert ("half", h, basis) in table
        for part in ("early", "mid", "late"):
            assert ("part", part, basis) in table
    for season in ("spring", "summer", "autumn", "winter"):
        assert ("season", season, "calendar") in table
    for (_, _, _), shape in table.items():
        assert 1 <= shape.months <= 12 and 0 <= shape.offset_months < 12
