"""OpenDocument text reader: synthetic plans in every layout, and Writer's own files."""

import zipfile

import pytest
from support.paths import FIXTURES
from support.synthetic import LAYOUTS, expected_rows, layout, sample_plan, write

from cpcanalysis.readers import read_document
from cpcanalysis.readers._failures import CorruptFileError, EncryptedFileError, NoTableError

OFFICE = FIXTURES / "office" / "raw"
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"'
)


def _odt(tmp_path, body: str, styles: str = "", manifest: str = "") -> str:
    path = tmp_path / "plan.odt"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        package.writestr("META-INF/manifest.xml", manifest or "<manifest/>")
        package.writestr(
            "content.xml",
            f'<?xml version="1.0"?><office:document-content {NS}>'
            f"<office:automatic-styles>{styles}</office:automatic-styles>"
            f"<office:body><office:text>{body}</office:text></office:body>"
            "</office:document-content>",
        )
    return path


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_reads_back_as_the_docx_rows(tmp_path, name):
    doc = layout(sample_plan(), name)
    document = read_document(write(doc, "odt", tmp_path))
    assert document.rows == expected_rows(doc, "odt")
    assert document.rows == read_document(write(doc, "docx", tmp_path)).rows
    assert document.format == "odt"


@pytest.mark.parametrize(
    ("stem", "tables", "header"),
    [
        ("bramley-heath-cpc-action-plan", 6, ("Actions", "Timescales")),
        (
            "farrowdale-cpc-progress-july-2024",
            5,
            ("Action", "Lead", "By when", "Status", "Progress"),
        ),
    ],
)
def test_writer_files_give_every_table_under_its_heading(stem, tables, header):
    rows = read_document(OFFICE / f"{stem}.odt").rows
    names = list(dict.fromkeys(r.table for r in rows if r.table))
    assert names == [f"table {n}" for n in range(1, tables + 1)]
    for name in names:
        first = next(i for i, r in enumerate(rows) if r.table == name)
        assert rows[first].cells == header  # each table's own header row
        above = [r.flags[0] for r in rows[first - 2 : first]]  # a heading, then its paragraph
        assert above == ["h2", "paragraph"]


def test_lowthwaite_spanned_recommendation_rows_are_full_width_headings():
    rows = read_document(OFFICE / "lowthwaite-cpc-position-statement-april-2024.odt").rows
    full = [r for r in rows if "full-width" in r.flags]
    assert full[0].cells == (
        "R1: Set out a clear ambition for the district's economy, with a plan to deliver it.",
    )
    assert (full[0].line, full[0].table) == (2, "table 1")
    header = next(r for r in rows if r.kind == "row")
    assert header.cells == ("Action", "Owner", "Target date", "Status", "Position at April 2024")


def test_bold_paragraphs_lists_spans_nested_tables_and_sections(tmp_path):
    styles = (
        '<style:style style:name="P1" style:family="paragraph">'
        '<style:text-properties fo:font-weight="bold"/></style:style>'
        '<style:style style:name="T1" style:family="text">'
        '<style:text-properties fo:font-weight="normal"/></style:style>'
    )
    body = (
        '<text:p text:style-name="P1">Recommendation 1: <text:span>Finance</text:span></text:p>'
        '<text:p text:style-name="P1">Partly '
        '<text:span text:style-name="T1">plain</text:span></text:p>'
        "<text:p>Key: Green = complete, Amber = on track</text:p>"
        "<text:section><table:table>"
        "<table:table-header-rows><table:table-row><table:table-cell><text:p>Action</text:p>"
        "</table:table-cell><table:table-cell><text:p>Deadline</text:p></table:table-cell>"
        "</table:table-row></table:table-header-rows>"
        '<table:table-row><table:table-cell table:number-rows-spanned="2"><text:list>'
        "<text:list-item><text:p>Set a budget</text:p></text:list-item>"
        "<text:list-item><text:p>Agree<text:s text:c='2'/>savings<text:note><text:note-body>"
        "<text:p>a footnote</text:p></text:note-body></text:note></text:p></text:list-item>"
        "</text:list></table:table-cell><table:table-cell><text:p>March 2025</text:p>"
        "<text:p>June<text:line-break/>2025</text:p></table:table-cell></table:table-row>"
        "<text:soft-page-break/>"
        "<table:table-row><table:covered-table-cell/><table:table-cell><table:table>"
        "<table:table-row><table:table-cell><text:p>a</text:p></table:table-cell>"
        "<table:table-cell><text:p>b</text:p></table:table-cell></table:table-row>"
        "</table:table></table:table-cell></table:table-row>"
        "</table:table></text:section>"
    )
    document = read_document(_odt(tmp_path, body, styles))
    assert [(r.kind, r.cells, r.line, r.table, r.flags) for r in document.rows] == [
        ("heading", ("Recommendation 1: Finance",), 1, None, ("bold",)),
        ("heading", ("Partly plain",), 2, None, ("paragraph",)),  # the paragraph under it
        ("row", ("Action", "Deadline"), 1, "table 1", ()),
        ("row", ("• Set a budget\n• Agree  savings", "March 2025\nJune\n2025"), 2, "table 1", ()),
        ("row", ("• Set a budget\n• Agree  savings", "a | b"), 3, "table 1", ()),
    ]
    assert document.legend == {"Green": "complete", "Amber": "on track"}


def test_heading_styles_by_name_and_outline(tmp_path):
    styles = (
        '<style:style style:name="P2" style:family="paragraph" '
        'style:parent-style-name="Heading_20_3"/>'
    )
    named = (
        '<office:styles><style:style style:name="Heading_20_3" style:display-name="Heading 3" '
        'style:family="paragraph"/></office:styles>'
    )
    body = (
        '<text:h text:outline-level="2">Priority one</text:h>'
        '<text:p text:style-name="P2">Priority two</text:p>'
        "<table:table><table:table-row><table:table-cell><text:p>Action</text:p>"
        "</table:table-cell><table:table-cell><text:p>Lead</text:p></table:table-cell>"
        "</table:table-row></table:table>"
    )
    path = _odt(tmp_path, body, styles)
    with zipfile.ZipFile(path, "a") as package:
        package.writestr(
            "styles.xml",
            f'<?xml version="1.0"?><office:document-styles {NS}>{named}</office:document-styles>',
        )
    rows = read_document(path).rows
    assert [(r.cells[0], r.flags) for r in rows if r.kind == "heading"] == [
        ("Priority one", ("h2",)),
        ("Priority two", ("h3",)),
    ]


def test_a_document_without_tables_is_refused(tmp_path):
    with pytest.raises(NoTableError, match="has no tables"):
        read_document(_odt(tmp_path, "<text:p>Only prose.</text:p>"))


def test_password_protected_and_damaged_files_are_refused(tmp_path):
    encrypted = _odt(tmp_path, "", manifest="<manifest><encryption-data/></manifest>")
    with pytest.raises(EncryptedFileError, match="password-protected OpenDocument text"):
        read_document(encrypted)
    truncated = tmp_path / "cut.odt"
    truncated.write_bytes(
        write(layout(sample_plan(), "repeated"), "odt", tmp_path).read_bytes()[:300]
    )
    with pytest.raises(CorruptFileError, match=r"cut\.odt"):
        read_document(truncated)
