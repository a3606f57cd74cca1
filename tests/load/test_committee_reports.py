"""Plans inside committee reports (tests/fixtures/committee): a covering report, a RAG summary,
risk and sign-off tables around an appendix that holds the plan. Each report has the same plan
alone beside it; the report must read as well as the plan alone."""

import csv
from functools import cache

import polars as pl
from support.paths import FIXTURES
from support.readings import score

from cpcanalysis import load

FOLDER = FIXTURES / "committee"


@cache
def plans():
    return load(FOLDER, themes=False, progress=False)


def test_reports_read_as_well_as_the_plans_alone():
    reports = score(FOLDER, plans(), only=lambda plan_id: "-report" in plan_id)
    alone = score(FOLDER, plans(), only=lambda plan_id: "-alone" in plan_id)
    assert reports.total == alone.total
    assert reports.action_share >= alone.action_share - 0.005
    assert reports.count_share >= alone.count_share


def test_the_reports_other_tables_are_left_out_and_noted():
    issues = plans().issues.filter(pl.col("plan_id").str.contains("-report"))
    noted = issues.filter(pl.col("code") == "foreign_table")["plan_id"].unique().to_list()
    assert "rowanford-2025-report-docx" in noted
    texts = plans().actions.filter(pl.col("plan_id").str.contains("-report"))["text"]
    for stray in ("Mark Ellery", "Council website", "Monthly review by the Leadership"):
        assert not texts.str.contains(stray).any(), stray


def test_pdf_actions_point_to_the_pages_of_the_appendix():
    rows = csv.DictReader((FOLDER / "expected" / "pages.csv").open(encoding="utf-8"))
    checked = 0
    for row in rows:
        pages = plans().actions.filter(pl.col("plan_id") == row["plan_id"])["source_page"]
        known = pages.drop_nulls()
        if known.is_empty():
            continue  # Word files have no pages to point to
        assert (
            int(row["first_plan_page"]) <= known.min() <= known.max() <= int(row["last_plan_page"])
        )
        checked += 1
    assert checked >= 4
