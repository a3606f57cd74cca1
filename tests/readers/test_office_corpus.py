"""The office-suite corpus (tests/fixtures/office): 35 plans written by LibreOffice Writer and
Calc and as council web pages, scored against readings written down before the loader ran
(tests/support/readings.py). Every document is read, the same plan saved in two formats reads
the same, and the corpus scores at least the figure recorded in docs/benchmarks.md."""

import csv
from collections import Counter

import polars as pl
import pytest
from support.paths import FIXTURES
from support.readings import score

from cpcanalysis import load

FOLDER = FIXTURES / "office"
FIRST_RUN = 0.624  # per-action checks before any fix (FIRST_RUN.md)
REACHED = (2350, 2352)  # per-action checks with the readers' and structure's fixes together
COUNTS = (70, 70)
# per-action checks passed per document (docs/benchmarks.md); the two misses left are a status
# read from Ivelmoor's update text (in .docx and .html), not the readers'.
PASSED = {
    "ashgrove-2024-tracker-pdf": 114,
    "ashgrove-2024-tracker-docx": 114,
    "bramley-heath-2024-plan-pdf": 90,
    "bramley-heath-2024-plan-odt": 90,
    "calderbrook-2024-q2-docx": 72,
    "calderbrook-2024-q2-pdf": 72,
    "dunmere-2024-plan-docx": 78,
    "dunmere-2024-plan-doc": 78,
    "eastwold-2024-plan-rtf": 66,
    "eastwold-2024-plan-docx": 66,
    "farrowdale-2024-progress-odt": 66,
    "farrowdale-2024-progress-pdf": 66,
    "glenhurst-2024-plan-docx": 60,
    "hollinsford-2024-plan-doc": 48,
    "hollinsford-2024-plan-docx": 48,
    "ivelmoor-2025-tracker-docx": 71,
    "ivelmoor-2025-tracker-html": 71,
    "kestermoor-2024-tracker-pdf": 60,
    "kestermoor-2024-tracker-rtf": 60,
    "lowthwaite-2024-review-odt": 60,
    "lowthwaite-2024-review-html": 60,
    "merrowby-2025-tracker-docx": 84,
    "merrowby-2025-tracker-pdf": 84,
    "northcombe-2024-tracker-xlsx": 66,
    "orlescote-2024-tracker-xlsx": 60,
    "orlescote-2024-tracker-ods": 60,
    "pendlebrook-2024-tracker-xls": 60,
    "pendlebrook-2024-tracker-xlsx": 60,
    "quenby-vale-2025-plan-ods": 60,
    "ravensmoor-2024-tracker-xls": 54,
    "saltmarsh-coast-2025-plan-pdf": 48,
    "tarnside-2025-tracker-xlsx": 54,
    "upperdale-2024-tracker-html": 48,
    "wendlecombe-2025-tracker-html": 48,
    "yarrowfield-2024-tracker-html": 54,
}
# the same plan saved in two formats (Writer's .odt/.doc/.rtf/.pdf/HTML, Calc's .xls/.ods)
_BY_PLAN: dict[str, list[str]] = {}
for _plan_id in sorted(PASSED):
    _BY_PLAN.setdefault(_plan_id.rsplit("-", 1)[0], []).append(_plan_id)
SIBLINGS = [tuple(ids) for ids in _BY_PLAN.values() if len(ids) == 2]
COMPARED = [
    "rec_id",
    "action_no",
    "text",
    "deadline_text",
    "deadline_end",
    "deadline_kind",
    "lead",
    "sponsor",
    "status",
]


@pytest.fixture(scope="module")
def corpus(soffice_for_module):
    """The corpus loaded once (four of its documents are .doc and .rtf: LibreOffice needed)."""
    plans = load(FOLDER, errors="report", progress=False, themes=False)
    return plans, score(FOLDER, plans)


def _per_document(result) -> Counter:
    expected = list(csv.DictReader((FOLDER / "expected" / "actions.csv").open(encoding="utf-8")))
    passed = Counter({row["plan_id"]: 0 for row in expected})
    for row in expected:
        passed[row["plan_id"]] += 6
    for miss in result.misses:
        if miss.startswith("('") and "recommendation text" not in miss:
            passed[miss.split("'")[1]] -= 1
    return passed


def test_every_office_document_is_read(corpus):
    plans, _ = corpus
    assert plans.failed().height == 0, plans.failed()["message"].to_list()
    assert sorted(plans.plans["plan_id"].to_list()) == sorted(PASSED)


def test_the_corpus_scores_the_recorded_figure(corpus):
    _, result = corpus
    print(result.summary())
    assert result.total == REACHED[1] and result.passed >= REACHED[0]
    assert result.action_share > FIRST_RUN + 0.3
    assert (result.count_passed, result.count_total) >= COUNTS


@pytest.mark.parametrize("plan_id", sorted(PASSED))
def test_office_document(corpus, plan_id):
    """This document loads and passes at least its recorded per-action checks."""
    _, result = corpus
    assert _per_document(result)[plan_id] >= PASSED[plan_id]


@pytest.mark.parametrize("pair", SIBLINGS, ids=lambda pair: " = ".join(pair))
def test_one_plan_in_two_formats_reads_the_same(corpus, pair):
    plans, _ = corpus
    one, other = (plans.actions.filter(pl.col("plan_id") == p).select(COMPARED) for p in pair)
    assert one.height > 0
    assert one.to_dicts() == other.to_dicts()


def test_the_formats_page_names_a_test_for_every_office_document():
    from support.paths import ROOT

    page = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    table = page[page.index("## Plans as office suites write them") :]
    for plan_id in PASSED:
        assert f"`{plan_id}`" in table, plan_id
