"""Where an issue was found: rows number within their table in documents of several tables, so
the issues table carries source_table beside source_row, as recommendations and actions do."""

from __future__ import annotations

import polars as pl
from support.paths import FIXTURES

from cpcanalysis import load
from cpcanalysis.issues import IssueLog


def test_notes_at_the_same_row_of_two_tables_are_two_notes_in_table_order():
    log = IssueLog("p", "plan.docx")
    log.info("flagged_row", "row flagged page 1", row=3, table="table 2")
    log.info("flagged_row", "row flagged page 1", row=3, table="table 1")
    log.info("flagged_row", "row flagged page 1", row=1, table="table 2")
    log.info("flagged_row", "row flagged page 1", row=3, table="table 2")  # the same place again
    log.warning("numbering", "about the whole file")
    frame = log.frame()
    assert frame.columns[:4] == ["plan_id", "source_path", "source_table", "source_row"]
    places = list(zip(frame["source_table"], frame["source_row"], strict=True))
    # whole-file notes first, then tables in the order they were read, rows in order
    assert places == [(None, None), ("table 2", 1), ("table 2", 3), ("table 1", 3)]


def test_each_row_of_a_pdf_of_several_tables_has_its_own_note():
    """Bramley Heath's PDF (LibreOffice export, a table per recommendation): every action row is
    flagged with its page; before the table was kept, row 2 of table 1 and row 2 of table 3 (both
    on page 1) were one place, and so one note: a table's notes were lost wherever an earlier
    table on the same page had as many rows."""
    plans = load(FIXTURES / "office" / "raw" / "bramley-heath-cpc-action-plan.pdf", themes=False)
    actions = plans.actions.select("source_table", "source_row").unique()
    flagged = plans.issues.filter(pl.col("code") == "flagged_row")
    assert actions["source_table"].n_unique() == 6
    noted = set(zip(flagged["source_table"], flagged["source_row"], strict=True))
    assert set(zip(actions["source_table"], actions["source_row"], strict=True)) <= noted
    # a table's notes name their table, and a row number alone is ambiguous
    assert flagged["source_table"].null_count() == 0
    assert (
        flagged.group_by("source_row").agg(pl.col("source_table").n_unique())["source_table"].max()
        > 1
    )
