"""HTML reader: synthetic pages in every layout, page chrome, spans, encodings, bad pages."""

import pytest
from support.synthetic import LAYOUTS, damaged, expected_rows, layout, sample_plan, write

from cpcanalysis.errors import ReadError
from cpcanalysis.readers import ReadHints, read_document
from cpcanalysis.readers._failures import NoTableError
from cpcanalysis.readers.contract import RawRow


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_every_layout_reads_back_as_expected_rows(tmp_path, name):
    doc = layout(sample_plan(), name)
    document = read_document(write(doc, "html", tmp_path))
    assert document.rows == expected_rows(doc, "html")
    assert document.encoding == "utf-8"


def _page(tmp_path, body: str, encoding: str = "utf-8", name: str = "page.html"):
    path = tmp_path / name
    path.write_bytes(f"<html><body>{body}</body></html>".encode(encoding))
    return path


def test_navigation_header_footer_and_layout_tables_are_ignored(tmp_path):
    path = _page(
        tmp_path,
        "<header><h2>Site</h2><table><tr><td>menu</td></tr></table></header>"
        "<table><tr><td><table><tr><th>Action</th><th>Lead</th></tr>"
        "<tr><td>Do it</td><td>CEO</td></tr></table></td></tr></table>"
        "<footer><table><tr><td>Contact</td></tr></table></footer>",
    )
    rows = read_document(path).rows
    assert [(r.cells, r.line, r.table) for r in rows] == [
        (("Action", "Lead"), 1, "table 1"),
        (("Do it", "CEO"), 2, "table 1"),
    ]


def test_colspan_rowspan_breaks_and_lists(tmp_path):
    path = _page(
        tmp_path,
        "<table><tr><th>Rec</th><th>Action</th><th>When</th></tr>"
        '<tr><td colspan="3"><b>SRO: Jane Doe</b></td></tr>'
        '<tr><td rowspan="2">R1</td><td><p>First</p><p>Second</p></td><td>May<br/>June</td></tr>'
        "<tr><td><ol><li>Third</li><li>Fourth</li></ol></td><td>July</td></tr></table>",
    )
    rows = read_document(path).rows
    assert rows[1] == RawRow("heading", ("SRO: Jane Doe",), 2, "table 1", ("full-width",))
    assert rows[2].cells == ("R1", "First\nSecond", "May\nJune")
    assert rows[3].cells == ("R1", "• Third\n• Fourth", "July")


def test_windows_1252_page_is_decoded(tmp_path):
    """Undeclared: read as Windows-1252 with a note; declared: read as declared, no note."""
    path = _page(tmp_path, "<table><tr><td>Recommendation – “quoted”</td></tr></table>", "cp1252")
    document = read_document(path)
    assert document.rows[0].cells == ("Recommendation – “quoted”",)
    assert document.encoding == "cp1252"
    assert [n.code for n in document.notes] == ["encoding_fallback"]
    declared = _page(
        tmp_path,
        '<meta charset="windows-1252"><table><tr><td>council’s plan</td></tr></table>',
        "cp1252",
        name="declared.html",
    )
    document = read_document(declared)
    assert document.rows[0].cells == ("council’s plan",)
    assert (document.encoding, document.notes) == ("windows-1252", [])


def test_table_hint_and_out_of_range(tmp_path):
    path = write(layout(sample_plan(), "headings"), "html", tmp_path)
    rows = read_document(path, ReadHints(table=3)).rows
    assert rows[0].cells == ("R3: Invest in digital capacity",)
    assert {r.table for r in rows[1:]} == {"table 3"}
    with pytest.raises(ReadError, match="table 4 was asked for"):
        read_document(path, ReadHints(table=4))


def test_page_without_a_table_says_so(tmp_path):
    with pytest.raises(NoTableError, match="no table of data"):
        read_document(damaged.html_without_table(tmp_path))


def test_binary_garbage_named_html_gives_a_read_error(tmp_path):
    path = tmp_path / "x.html"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ReadError):
        read_document(path)


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_markdown_pages_read_back_as_expected_rows(tmp_path, name):
    """The same plans as markdown: headings kept, pipe tables with <br> line breaks."""
    doc = layout(sample_plan(), name)
    assert read_document(write(doc, "md", tmp_path)).rows == expected_rows(doc, "md")
