"""Plans inside committee reports (tests/fixtures/committee): a covering report, a RAG summary,
risk and sign-off tables around an appendix that holds the plan. Each report has the same plan
alone beside it; the report must read as well as the plan alone."""

import csv
from functools import cache

import polars as pl
import pytest
from support.paths import FIXTURES
from support.readings import score

from cpcanalysis import load
from cpcanalysis.errors import CpcError

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
        # every PDF action has its page ("Page 2 of 3" footers between a table's parts once
        # split it into tables whose row numbers repeated, and left pages unknown)
        assert known.len() == pages.len(), row["plan_id"]
        assert (
            int(row["first_plan_page"]) <= known.min() <= known.max() <= int(row["last_plan_page"])
        )
        checked += 1
    assert checked >= 4


def _one_entry(tmp_path, source: str, hints: str):
    """A data folder of one committee report, with the given [documents.hints] lines."""
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    (data / "raw" / source).write_bytes((FOLDER / "raw" / source).read_bytes())
    (data / "plans.toml").write_text(
        f'[[documents]]\nplan_id = "r"\ncouncil = "Rowanford Borough Council"\n'
        f'document_kind = "tracker"\nas_of = "2025-09-30"\npath = "raw/{source}"\n'
        f"[documents.hints]\n{hints}\n",
        encoding="utf-8",
    )
    return data


REPORT_PDF = "rowanford-cabinet-2025-10-14-cpc-report.pdf"


def test_a_pages_hint_reads_only_those_pages_and_reads_the_plan_as_found(tmp_path):
    found = plans().actions.filter(pl.col("plan_id") == "rowanford-2025-report-pdf")
    columns = ["rec_id", "action_no", "text", "deadline_text", "status", "source_page"]
    asked = {
        '"7-9"': "pages 7-9 read, as plans.toml's hints.pages asks; others left",
        # the appendix and the sign-off tables after it, past the report's 13 pages
        '"7 - 15"': "pages 7-15 read, as plans.toml's hints.pages asks (the PDF ends at page 13)",
    }
    for n, (pages, said) in enumerate(asked.items()):
        data = _one_entry(tmp_path / str(n), REPORT_PDF, f"pages = {pages}")
        chosen = load(data, themes=False, progress=False)
        assert chosen.actions.select(columns).equals(found.select(columns)), pages
        (note,) = chosen.issues.filter(pl.col("code") == "pages_chosen")["message"]
        assert note.startswith(said), note
    # pages past the end: said in one line, nothing read
    with pytest.raises(CpcError) as refused:
        load(_one_entry(tmp_path / "past", REPORT_PDF, "pages = 40"), themes=False, progress=False)
    message = str(refused.value)
    assert "hints.pages = '40', but the PDF ends before page 40" in message
    assert REPORT_PDF in message and "\n" not in message


def test_a_pages_hint_on_a_word_file_is_refused_in_one_line(tmp_path):
    data = _one_entry(tmp_path, "rowanford-cabinet-2025-10-14-cpc-report.docx", "pages = 3")
    with pytest.raises(CpcError) as refused:
        load(data, themes=False, progress=False)
    message = str(refused.value)
    assert "hints.pages chooses pages of a PDF, but this is a .docx file" in message
    assert "hints.table" in message and "\n" not in message


def test_each_action_is_found_by_its_table_and_row():
    """Word and PDF plans of several tables number rows within each table: the table is kept
    beside the row, so (source_table, source_row) finds one action's cell, in every format."""
    actions = plans().actions
    assert actions["source_table"].null_count() == 0
    # a row holds one recommendation's actions (several where a cell lists several)
    located = actions.group_by("plan_id", "source_table", "source_row").agg(
        pl.col("rec_id").n_unique()
    )
    assert located["rec_id"].max() == 1
    # a plan of one table per recommendation (Writer, .odt): rows alone would be ambiguous
    odt = FIXTURES / "office" / "raw" / "farrowdale-cpc-progress-july-2024.odt"
    farrowdale = load(odt, themes=False, progress=False).actions
    assert farrowdale.group_by("source_row").agg(pl.col("rec_id").n_unique())["rec_id"].max() > 1
    by_table = farrowdale.group_by("source_table").agg(pl.col("rec_id").unique())
    assert all(len(recs) == 1 for recs in by_table["rec_id"])
    # Greywell's Word report: the plan is its appendix's table, after the report's own tables
    greywell = actions.filter(pl.col("plan_id") == "greywell-2026-report-docx")
    assert greywell["source_table"].n_unique() == 1
    assert greywell["source_table"][0] not in ("table 1", None)
