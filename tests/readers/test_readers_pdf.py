"""PDF reader: ruled and unruled synthetic plans, tables across pages, wrapping, bad PDFs."""

import pytest
from support.synthetic import LAYOUTS, damaged, expected_rows, layout, sample_plan, write

from cpcanalysis.errors import ReadError
from cpcanalysis.readers import ReadHints, read_document
from cpcanalysis.readers._failures import (
    CorruptFileError,
    EncryptedFileError,
    ScannedPdfError,
)
from cpcanalysis.readers._pdf_text import cell_text, group_lines


@pytest.mark.parametrize("fmt", ["pdf", "pdf-text"])
@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_reads_back_as_expected_rows(tmp_path, fmt, name):
    doc = layout(sample_plan(), name)
    document = read_document(write(doc, fmt, tmp_path))
    assert document.rows == expected_rows(doc, fmt)
    assert bool(document.notes) is (fmt == "pdf-text")  # the fallback says it was used


@pytest.mark.parametrize("fmt", ["pdf", "pdf-text"])
def test_table_across_pages_is_joined_and_repeated_header_dropped(tmp_path, fmt):
    doc = layout(sample_plan(size=12), "full_width")
    rows = read_document(write(doc, fmt, tmp_path)).rows
    table_rows = [r for r in rows if r.table is not None]
    pages = {flag for r in table_rows for flag in r.flags}
    assert {"page 1", "page 2"} <= pages
    assert {r.table for r in table_rows} == {"table 1"}
    assert [r.line for r in table_rows] == list(range(1, len(table_rows) + 1))
    headers = [r for r in table_rows if r.cells[0] == "Action"]
    assert len(headers) == 1
    expected = [r for r in expected_rows(doc, fmt) if r.table is not None]
    assert [r.cells for r in table_rows] == [r.cells for r in expected]


def _words(*lines, size=9.0, x0=10.0):
    """Words of a one-column cell: each line a string, 10 points apart."""
    words = []
    for i, line in enumerate(lines):
        x = x0
        for text in line.split():
            width = len(text) * size * 0.5
            words.append(
                {
                    "text": text,
                    "x0": x,
                    "x1": x + width,
                    "top": 10.0 + 12 * i,
                    "bottom": 19.0 + 12 * i,
                    "size": size,
                    "fontname": "Helvetica",
                }
            )
            x += width + size * 0.28
    return words


def test_wrapped_lines_rejoin_but_short_lines_and_bullets_break():
    right = 10 + 20 * 4.5  # room for 20 characters
    wrapped = group_lines(_words("Publish the refreshed", "strategy"))
    assert cell_text(wrapped, right - 9) == "Publish the refreshed strategy"
    short = group_lines(_words("March 2025", "June 2025"))
    assert cell_text(short, right) == "March 2025\nJune 2025"
    bullets = group_lines(_words("• Agree savings targets", "• Publish"))
    assert cell_text(bullets, right) == "• Agree savings targets\n• Publish"


def test_table_hint_selects_a_table(tmp_path):
    path = write(layout(sample_plan(), "headings"), "pdf", tmp_path)
    rows = read_document(path, ReadHints(table=2)).rows
    assert rows[0].cells == ("R2: Strengthen member and officer relationships",)
    assert {r.table for r in rows[1:]} == {"table 2"}


def test_scanned_pdf_is_refused_with_ocr_advice(tmp_path):
    with pytest.raises(ScannedPdfError, match=r"no text layer.*OCR"):
        read_document(damaged.scanned_pdf(tmp_path))


def test_password_protected_pdf_says_so(tmp_path):
    with pytest.raises(EncryptedFileError, match="password-protected PDF"):
        read_document(damaged.password_protected_pdf(tmp_path))


def test_truncated_corrupted_and_fake_pdfs(tmp_path):
    good = write(layout(sample_plan(), "repeated"), "pdf", tmp_path)
    with pytest.raises(ReadError, match=r"truncated-plan\.pdf"):
        read_document(damaged.truncated(good, tmp_path, fraction=0.3))
    fake = tmp_path / "fake.pdf"
    fake.write_text("Recommendation, Action\n", encoding="utf-8")
    with pytest.raises(CorruptFileError, match="not a PDF"):
        read_document(fake)
    corrupted = damaged.corrupted(good, tmp_path)
    try:  # damage may hit an unused stream; then the plan must still read
        assert read_document(corrupted).rows
    except ReadError as error:
        assert "corrupted-plan.pdf" in str(error)


def test_a_boxed_title_does_not_hide_an_unruled_table(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(120, 10, "Action plan (synthetic)", border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    for y, (action, when) in enumerate(
        [("Action", "By when"), ("Do it", "May 2025"), ("Again", "June")]
    ):
        pdf.set_xy(10, 30 + 12 * y)
        pdf.cell(60, 6, action)
        pdf.set_xy(90, 30 + 12 * y)
        pdf.cell(40, 6, when)
    path = tmp_path / "boxed.pdf"
    pdf.output(str(path))
    document = read_document(path)
    assert [r.cells for r in document.rows] == [
        ("Action plan (synthetic)",),
        ("Action", "By when"),
        ("Do it", "May 2025"),
        ("Again", "June"),
    ]
    assert document.rows[0].kind == "heading" and document.notes
