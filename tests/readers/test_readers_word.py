"""Word reader: synthetic plans in every layout, headings, lists, nested tables, bad documents."""

import docx
import pytest
from support.synthetic import LAYOUTS, damaged, expected_rows, layout, sample_plan, write

from cpcanalysis.errors import ReadError
from cpcanalysis.readers import ReadHints, read_document
from cpcanalysis.readers._failures import CorruptFileError, EncryptedFileError, NoTableError


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_reads_back_as_expected_rows(tmp_path, name):
    doc = layout(sample_plan(), name)
    document = read_document(write(doc, "docx", tmp_path))
    assert document.rows == expected_rows(doc, "docx")
    assert document.format == "docx"


def test_bulleted_cells_and_parallel_dates_spelled_out(tmp_path):
    rows = read_document(write(layout(sample_plan(), "bulleted"), "docx", tmp_path)).rows
    third = rows[-1]
    assert third.cells[1] == (
        "• Appoint a head of digital\n• Adopt a digital strategy\n• Train staff in new systems"
    )
    assert third.cells[2] == "Ongoing\nSummer 2025\n2025/26"
    assert (third.line, third.table) == (4, "table 1")


def _document(tmp_path, build):
    document = docx.Document()
    build(document)
    path = tmp_path / "plan.docx"
    document.save(str(path))
    return path


def test_bold_paragraphs_numbered_lists_and_nested_tables(tmp_path):
    def build(d):
        d.add_paragraph("Introduction in plain prose is not context.")
        d.add_paragraph().add_run("Recommendation 1 – Improve governance").bold = True
        table = d.add_table(rows=2, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Action", "By when"
        cell = table.cell(1, 0)
        cell.paragraphs[0].add_run("Review the constitution")
        cell.add_paragraph("Consult members", style="List Number")
        inner = cell.add_table(rows=1, cols=2)
        inner.cell(0, 0).text, inner.cell(0, 1).text = "Phase 1", "May"
        table.cell(1, 1).text = "June 2025"

    rows = read_document(_document(tmp_path, build)).rows
    assert rows[0] == rows[0].__class__(
        "heading", ("Recommendation 1 – Improve governance",), 2, None, ("bold",)
    )
    assert rows[2].cells == (
        "Review the constitution\n• Consult members\nPhase 1 | May",
        "June 2025",
    )


def test_table_hint_keeps_one_table_and_its_heading(tmp_path):
    doc = layout(sample_plan(), "headings")
    path = write(doc, "docx", tmp_path)
    rows = read_document(path, ReadHints(table=2)).rows
    assert rows[0].cells == ("R2: Strengthen member and officer relationships",)
    assert {r.table for r in rows[1:]} == {"table 2"}
    with pytest.raises(ReadError, match="has 3 table"):
        read_document(path, ReadHints(table=9))


def test_document_without_tables_is_refused(tmp_path):
    path = _document(tmp_path, lambda d: d.add_paragraph("The plan is attached."))
    with pytest.raises(NoTableError, match="has no tables"):
        read_document(path)


def test_damaged_and_protected_documents(tmp_path):
    good = write(layout(sample_plan(), "repeated"), "docx", tmp_path)
    for bad in (damaged.truncated(good, tmp_path), damaged.corrupted(good, tmp_path)):
        with pytest.raises(CorruptFileError, match=bad.name):
            read_document(bad)
    with pytest.raises(EncryptedFileError, match="password-protected Word"):
        read_document(damaged.password_protected_office(tmp_path, ".docx"))
    with pytest.raises(CorruptFileError, match="old binary Office file"):
        read_document(damaged.legacy_office(tmp_path, ".docx"))


def test_workbook_named_docx_is_refused(tmp_path):
    workbook = write(layout(sample_plan(), "repeated"), "xlsx", tmp_path)
    path = tmp_path / "misnamed.docx"
    path.write_bytes(workbook.read_bytes())
    with pytest.raises(CorruptFileError, match=r"no word/document\.xml"):
        read_document(path)


def test_only_the_paragraph_under_a_heading_above_a_table_is_emitted(tmp_path):
    """A committee report's prose stays out ("Portfolio holder: ..." under its byline, each
    section's first paragraph); the recommendation's text under a titled heading, above its
    table, comes in as a paragraph row, just before the table."""

    def build(d):
        d.add_paragraph().add_run("Report of the Head of Policy").bold = True
        d.add_paragraph("Portfolio holder: Cllr Rachel Dunmore, Leader of the Council")
        d.add_heading("1. Purpose of the report", level=1)
        d.add_paragraph("1.1 To present the peer challenge report.")
        d.add_heading("Recommendation 2 – Financial resilience", level=2)
        d.add_paragraph("Develop a balanced medium-term financial strategy.")
        d.add_paragraph("Council response: accepted.")
        table = d.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Action", "Lead"

    rows = read_document(_document(tmp_path, build)).rows
    assert [(r.cells[0], r.flags, r.line) for r in rows if r.table is None] == [
        ("Report of the Head of Policy", ("bold",), 1),
        ("1. Purpose of the report", ("h1",), 3),
        ("Recommendation 2 – Financial resilience", ("h2",), 5),
        ("Develop a balanced medium-term financial strategy.", ("paragraph",), 6),
    ]
    assert rows[-1].cells == ("Action", "Lead")
