"""Workbooks as LibreOffice Calc saves them (.xls, .xlsx, .ods of one sheet read alike), legacy
.xls records (merges, hidden rows and columns, where the used area starts), and date cells read
as the text they display."""

import datetime as dt

import polars as pl
import pytest
from support.paths import FIXTURES

from cpcanalysis import load
from cpcanalysis.readers import read_document
from cpcanalysis.readers._biff import BiffError, read_facts
from cpcanalysis.readers._failures import CorruptFileError

OFFICE = FIXTURES / "office" / "raw"


def _facts(path):
    return [(r.kind, r.cells, r.line, r.table, r.flags) for r in read_document(path).rows]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("pendlebrook-cpc-tracker-march-2024.xls", "pendlebrook-cpc-tracker-march-2024.xlsx"),
        ("orlescote-cpc-action-plan-oct-2024.ods", "orlescote-cpc-action-plan-oct-2024.xlsx"),
    ],
)
def test_one_calc_sheet_saved_in_two_formats_reads_the_same(one, other):
    assert _facts(OFFICE / one) == _facts(OFFICE / other)


def test_pendlebrook_xls_has_its_merged_cells():
    rows = read_document(OFFICE / "pendlebrook-cpc-tracker-march-2024.xls").rows
    title, updated, header, second = rows[:4]
    assert (title.kind, title.flags, title.line) == ("heading", ("full-width",), 1)
    assert updated.cells == ("Updated 31 March 2024",)
    # "Target date" merged over two columns, the other headers over two rows
    assert header.cells[3:5] == ("Target date", "Target date")
    assert second.cells[:5] == ("Recommendation", "Action", "Lead", "(original)", "(revised)")
    r1 = [r.cells[0] for r in rows if r.cells[0].startswith("R1:")]
    assert len(r1) == 3  # the recommendation merged down over its three actions


def test_calc_date_cells_keep_the_text_they_display():
    """Calc writes dd/mm/yyyy date cells: the raw cell and deadline_text are "31/07/2024"."""
    for name in (
        "orlescote-cpc-action-plan-oct-2024.ods",
        "orlescote-cpc-action-plan-oct-2024.xlsx",
    ):
        cells = [c for r in read_document(OFFICE / name).rows for c in r.cells]
        assert "31/07/2024" in cells and "2024-07-31" not in cells
    assert "29/02/2024" in [
        c
        for r in read_document(OFFICE / "pendlebrook-cpc-tracker-march-2024.xls").rows
        for c in r.cells
    ]
    actions = load(OFFICE / "orlescote-cpc-action-plan-oct-2024.xlsx", themes=False).actions
    due = actions.filter(pl.col("deadline_text") == "31/07/2024")
    assert due["deadline_end"].to_list()[0] == dt.date(2024, 7, 31)


def test_xls_records_merges_hidden_rows_columns_and_the_first_used_cell(tmp_path):
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Plan")
    sheet.write_merge(2, 2, 2, 4, "Title across three columns")
    sheet.write(3, 2, "Action")
    sheet.write(3, 3, "Lead")
    sheet.write(3, 4, "Due")
    sheet.write(4, 2, "Hidden action")
    sheet.write(4, 3, "Head of HR")
    sheet.write(4, 4, dt.date(2025, 3, 4), xlwt.easyxf(num_format_str="d mmmm yyyy"))
    sheet.write(5, 2, "Visible action")
    sheet.write(5, 3, "Chief Executive")
    sheet.write(5, 4, dt.date(2025, 6, 30), xlwt.easyxf(num_format_str="m/d/yy"))
    sheet.row(4).hidden = True
    sheet.col(3).hidden = True
    path = tmp_path / "plan.xls"
    book.save(str(path))
    document = read_document(path)
    assert [(r.kind, r.cells, r.line, r.flags) for r in document.rows] == [
        ("heading", ("Title across three columns",), 3, ("full-width",)),
        ("row", ("Action", "Lead", "Due"), 4, ()),
        ("row", ("Hidden action", "Head of HR", "4 March 2025"), 5, ("hidden",)),
        ("row", ("Visible action", "Chief Executive", "30/6/25"), 6, ()),
    ]
    assert [n.code for n in document.notes] == ["date_day_first", "hidden_columns"]
    assert "column(s) D" in document.notes[1].message


def test_damaged_workbook_records_are_a_corrupt_file(tmp_path):
    good = (OFFICE / "ravensmoor-cpc-monitoring-nov-2024.xls").read_bytes()
    with pytest.raises(BiffError):
        read_facts(good[:600])
    broken = tmp_path / "broken.xls"
    broken.write_bytes(good[:512] + b"\xff" * (len(good) - 512))
    with pytest.raises(CorruptFileError, match=r"broken\.xls"):
        read_document(broken)
