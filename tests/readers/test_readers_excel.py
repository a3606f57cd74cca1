"""Spreadsheet reader: synthetic plans in every layout, sheet handling, legends, bad workbooks."""

import datetime as dt

import openpyxl
import pytest
from support.synthetic import FORMATS, LAYOUTS, damaged, expected_rows, layout, sample_plan, write

from cpcanalysis.errors import ReadError
from cpcanalysis.readers import ReadHints, read_document
from cpcanalysis.readers._cells import render_date_shown, render_number, render_time
from cpcanalysis.readers._failures import CorruptFileError, EncryptedFileError

SHEET_FORMATS = [f for f in ("xlsx", "ods", "xls") if f in FORMATS]


@pytest.mark.parametrize("fmt", SHEET_FORMATS)
@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_reads_back_as_expected_rows(tmp_path, fmt, name):
    doc = layout(sample_plan(), name)
    document = read_document(write(doc, fmt, tmp_path))
    assert document.rows == expected_rows(doc, fmt)
    assert document.format == fmt
    assert document.legend == {
        "Green": "Complete or on track",
        "Amber": "Some slippage",
        "Red": "Off track",
    }


def test_xlsx_layout_facts_spelled_out(tmp_path):
    """One layout checked by hand, so the expectation is not only the generator's word."""
    rows = read_document(write(layout(sample_plan(), "merged"), "xlsx", tmp_path)).rows
    title, header, first, second, hidden = rows[:5]
    assert (title.kind, title.line, title.flags) == ("heading", 1, ("full-width",))
    assert header.cells == ("Recommendation", "Action", "Deadline", "Lead officer", "Status")
    assert header.line == 3 and header.table == "Plan"
    assert first.cells[0] == second.cells[0]  # merged recommendation filled downwards
    assert second.cells[2] == "31/03/2025"  # a real date cell, as its dd/mm/yyyy format shows it
    assert hidden.flags == ("hidden",) and hidden.cells[1] == "Run a joint development programme"


def _workbook(tmp_path, build, name="book.xlsx"):
    workbook = openpyxl.Workbook()
    build(workbook)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_numbers_and_dates_as_their_formats_show_them(tmp_path):
    def build(wb):
        ws = wb.active
        ws.append(["n", 1.0, 2.4, 3, dt.datetime(2024, 10, 1), dt.date(2025, 3, 31), True])
        ws.append([dt.date(2025, 3, 4), dt.date(2025, 3, 4), dt.date(2025, 3, 4), dt.time(9, 30)])
        ws["E1"].number_format = "mmm-yy"
        ws["F1"].number_format = "dd/mm/yyyy"
        ws["A2"].number_format = "mm-dd-yy"  # Excel's locale short date (built-in 14)
        ws["B2"].number_format = "m/d/yyyy"  # a US order: written day first, with a note
        ws["C2"].number_format = "[$-809]dddd, d mmmm yyyy;@"

    document = read_document(_workbook(tmp_path, build))
    assert document.rows[0].cells == ("n", "1", "2.4", "3", "Oct-24", "31/03/2025", "TRUE")
    assert document.rows[1].cells[:4] == (
        "04/03/2025",
        "4/3/2025",
        "Tuesday, 4 March 2025",
        "09:30",
    )
    assert [n.message for n in document.notes if n.code == "date_day_first"] == [
        "sheet 'Sheet': 1 date cell(s) formatted month first (m/d/y) were written day first, "
        "as UK plans write dates"
    ]


@pytest.mark.parametrize(
    ("fmt", "shown", "reordered"),
    [
        ("dd/mm/yyyy", "31/03/2025", False),
        ("DD/MM/YYYY", "31/03/2025", False),  # as LibreOffice Calc writes it
        ("d mmmm yyyy", "31 March 2025", False),
        ("mmmm yyyy", "March 2025", False),
        ("mmm-yy", "Mar-25", False),
        ('"Due "dd/mm/yy', "Due 31/03/25", False),
        ("dd/mm/yyyy hh:mm", "31/03/2025", False),  # a deadline is a date
        ("yyyy-mm-dd", "2025-03-31", False),
        ("mm/dd/yy", "31/03/25", True),
        ("d-mmm", "31-Mar 2025", False),  # no year shown: the year is added
        ("General", "2025-03-31", False),
        (None, "2025-03-31", False),
    ],
)
def test_a_date_cell_shows_its_number_format(fmt, shown, reordered):
    assert render_date_shown(dt.date(2025, 3, 31), fmt) == (shown, reordered)


def test_every_shown_date_reads_back_as_the_same_deadline():
    """The point of the repairs: the deadline grammar (day first) reads each shown text as the
    date the cell holds."""
    from cpcanalysis.deadlines import parse_deadline

    day = dt.date(2025, 3, 4)
    for fmt in ("dd/mm/yyyy", "mm-dd-yy", "m/d/yyyy", "d mmmm yyyy", "d-mmm-yy", "d-mmm"):
        text, _ = render_date_shown(day, fmt)
        assert parse_deadline(text).end == day, (fmt, text)


def test_render_helpers():
    assert render_number(2.0) == "2" and render_number(0.1) == "0.1"
    assert render_time(dt.time(9, 30)) == "09:30" and render_time(dt.time(9, 30, 5)) == "09:30:05"


def test_sheet_hint_picks_one_sheet_and_unknown_sheet_lists_names(tmp_path):
    def build(wb):
        wb.active.title = "Cover"
        wb.active.append(["About this plan"])
        wb.create_sheet("Plan 2024").append(["Recommendation", "Action"])

    path = _workbook(tmp_path, build)
    rows = read_document(path, ReadHints(sheet="plan 2024")).rows
    assert [r.table for r in rows] == ["Plan 2024"]
    assert read_document(path, ReadHints(sheet="1")).rows[0].cells == ("About this plan",)
    with pytest.raises(ReadError, match="'Cover', 'Plan 2024'"):
        read_document(path, ReadHints(sheet="Actions"))


def test_legend_found_by_content_and_by_hint_and_hidden_sheets_flagged(tmp_path):
    def build(wb):
        wb.active.append(["Recommendation", "Action", "RAG"])
        colours = wb.create_sheet("Sheet2")
        for row in (["Green", "Done"], ["Amber", "Late"], ["Red", "Stuck"]):
            colours.append(row)
        notes = wb.create_sheet("Notes")
        notes.append(["Complete", "Action closed"])
        archive = wb.create_sheet("Archive")
        archive.append(["Old", "row"])
        archive.sheet_state = "hidden"

    path = _workbook(tmp_path, build)
    document = read_document(path)
    assert document.legend == {"Green": "Done", "Amber": "Late", "Red": "Stuck"}
    assert [r.table for r in document.rows] == ["Sheet", "Notes", "Archive"]
    assert document.rows[-1].flags == ("hidden-sheet",)
    forced = read_document(path, ReadHints(extra={"legend_sheet": "Notes"}))
    assert forced.legend["Complete"] == "Action closed"


def test_leading_blank_columns_and_rows_are_trimmed_but_row_numbers_kept(tmp_path):
    def build(wb):
        wb.active["C4"] = "Recommendation"
        wb.active["D4"] = "Action"
        wb.active["C6"] = "R1"

    rows = read_document(_workbook(tmp_path, build)).rows
    assert [(r.line, r.cells) for r in rows] == [(4, ("Recommendation", "Action")), (6, ("R1", ""))]


def test_empty_workbook_is_refused(tmp_path):
    with pytest.raises(ReadError, match="no filled cells"):
        read_document(_workbook(tmp_path, lambda wb: None))


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_truncated_and_corrupted_workbooks_give_corrupt_file_errors(tmp_path, fmt):
    good = write(layout(sample_plan(), "repeated"), fmt, tmp_path)
    for bad in (damaged.truncated(good, tmp_path), damaged.corrupted(good, tmp_path)):
        with pytest.raises(CorruptFileError, match=bad.name):
            read_document(bad)


def test_password_protected_workbook_says_so(tmp_path):
    path = damaged.password_protected_office(tmp_path, ".xlsx")
    with pytest.raises(EncryptedFileError, match="password-protected"):
        read_document(path)


def test_text_file_named_xlsx_is_refused(tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_text("Recommendation,Action\n", encoding="utf-8")
    with pytest.raises(CorruptFileError, match="not a spreadsheet"):
        read_document(path)


def test_oversize_file_names_the_limit(tmp_path):
    path = write(layout(sample_plan(), "repeated"), "xlsx", tmp_path)
    with pytest.raises(ReadError, match="over the limit of 1,000 bytes"):
        read_document(path, ReadHints(max_bytes=1000))


def test_zip_that_would_expand_too_far_is_refused(tmp_path, monkeypatch):
    from cpcanalysis.readers import _containers

    path = write(layout(sample_plan(), "repeated"), "xlsx", tmp_path)
    monkeypatch.setattr(_containers, "MIN_EXPANDED_LIMIT", 0)
    monkeypatch.setattr(_containers, "MAX_EXPANSION", 1)
    with pytest.raises(CorruptFileError, match="zip bomb"):
        read_document(path)


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_flat_sheet_exports_read_back_as_expected_rows(tmp_path, fmt, name):
    """The same plans saved as csv/tsv: continued cells blank, full-width rows as one cell."""
    doc = layout(sample_plan(), name)
    assert read_document(write(doc, fmt, tmp_path)).rows == expected_rows(doc, fmt)


def test_ods_month_only_dates_hidden_sheets_and_repeats(tmp_path):
    """Hand-written ODS: a month-only date style, a repeated row, a covered cell, a hidden sheet."""
    import zipfile

    from support.synthetic.writers import _ODS_MANIFEST, _ODS_NS

    styles = (
        "<office:automatic-styles>"
        '<number:date-style style:name="M1"><number:month number:style="long" '
        'number:textual="true"/><number:text> </number:text><number:year number:style="long"/>'
        "</number:date-style>"
        '<style:style style:name="cm" style:family="table-cell" style:data-style-name="M1"/>'
        '<style:style style:name="ta" style:family="table">'
        '<style:table-properties table:display="false"/></style:style>'
        "</office:automatic-styles>"
    )
    cell = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'
    spaced = cell.format('Same<text:s text:c="2"/>twice')
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}>{styles}'
        '<office:body><office:spreadsheet><table:table table:name="Plan">'
        f"<table:table-row>{cell.format('Action')}{cell.format('Due')}</table:table-row>"
        '<table:table-row table:number-rows-repeated="2">'
        f"{spaced}"
        '<table:table-cell table:style-name="cm" office:value-type="date" '
        'office:date-value="2024-10-01"><text:p>October 2024</text:p></table:table-cell>'
        "</table:table-row>"
        '<table:table-row><table:table-cell table:number-columns-spanned="2" '
        'office:value-type="string"><text:p>Theme</text:p></table:table-cell>'
        "<table:covered-table-cell/></table:table-row>"
        '</table:table><table:table table:name="Old" table:style-name="ta">'
        f"<table:table-row>{cell.format('x')}{cell.format('y')}</table:table-row>"
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "hand.ods"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        package.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        package.writestr("content.xml", content)
    rows = read_document(path).rows
    assert [(r.kind, r.cells, r.line, r.table, r.flags) for r in rows] == [
        ("row", ("Action", "Due"), 1, "Plan", ()),
        ("row", ("Same  twice", "October 2024"), 2, "Plan", ()),
        ("row", ("Same  twice", "October 2024"), 3, "Plan", ()),
        ("heading", ("Theme",), 4, "Plan", ("full-width",)),
        ("row", ("x", "y"), 1, "Old", ("hidden-sheet",)),
    ]
