"""PDF tables over pages and without rules, as office suites print them: rows split by a page
break joined (and only those), borderless tables under headings, hyphens at line ends."""

from pathlib import Path

import pytest
from support.paths import FIXTURES

from cpcanalysis.readers import read_document
from cpcanalysis.readers._pdf_text import Line, join_wrapped, row_gap

OFFICE = FIXTURES / "office" / "raw"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _rows(name: str):
    return [r for r in read_document(OFFICE / name).rows if r.kind == "row"]


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("problem-", "solving approach", "problem-solving approach"),
        ("2026–", "2031", "2026–2031"),
        ("Chief Executive –", "Joanna Pike", "Chief Executive – Joanna Pike"),
        ("December", "2024", "December 2024"),
        ("a list -", "item", "a list - item"),
    ],
)
def test_a_wrapped_line_joins_with_a_space_unless_it_broke_at_a_word_dash(before, after, joined):
    assert join_wrapped(before, after) == joined


def test_rows_split_by_page_breaks_are_joined_in_office_pdfs():
    calderbrook = _rows("calderbrook-cpc-action-plan-q2-2024-25.pdf")
    review = [r for r in calderbrook if r.cells[0].startswith("Commission an external review")]
    assert [r.cells[:4] for r in review] == [
        (
            "Commission an external review of the constitution",
            "Leader of the Council",
            "Director of Legal & Governance (Monitoring Officer)",
            "December 2024",
        )
    ]
    assert review[0].cells[5].endswith("a revised timetable is to be agreed with group leaders.")
    assert not any(r.cells[0] == "constitution" for r in calderbrook)
    merrowby = _rows("merrowby-cpc-action-plan-update-march-2025.pdf")
    risks = next(r for r in merrowby if r.cells[1].startswith("Report strategic risks"))
    assert risks.cells[1:4] == (
        "Report strategic risks to the Audit Committee every quarter",
        "Head of Audit",
        "From October 2024",
    )
    assert any("problem-solving approach" in r.cells[1] for r in merrowby)
    ashgrove = _rows("ashgrove-cpc-action-plan-progress-sept-2024.pdf")
    climate = [r for r in ashgrove if "Climate Action" in r.cells[2]]
    assert [r.cells[2:4] for r in climate] == [
        (
            "Publish a costed Climate Action Plan with annual carbon budgets",
            "Director (Place & Growth)",
        )
    ]


def test_every_joined_row_is_noted_and_no_row_is_read_twice():
    for path in sorted(OFFICE.glob("*.pdf")):
        document = read_document(path)
        rows = [r for r in document.rows if r.kind == "row"]
        per_table: dict[str, list] = {}
        for row in rows:
            per_table.setdefault(row.table, []).append(row.cells)
        for cells in per_table.values():
            assert len(cells) == len(set(cells)), path.name  # no repeated header or row
        splits = [n for n in document.notes if n.code == "split_row"]
        pages = {f for r in rows for f in r.flags if f.startswith("page")}
        assert len(splits) <= max(0, len(pages) - 1), path.name
    notes = read_document(OFFICE / "ashgrove-cpc-action-plan-progress-sept-2024.pdf").notes
    assert [n.message for n in notes if n.code == "split_row"] == [
        "table 1: a row split by the break after page 1 was joined with its rest on page 2",
        "table 1: a row split by the break after page 2 was joined with its rest on page 3",
    ]


def test_a_borderless_table_under_headings_is_read_from_the_text_layout():
    """Bramley Heath prints each recommendation as a bold heading (wrapped over two lines), a
    response paragraph, then an Actions | Timescales table without rules."""
    document = read_document(OFFICE / "bramley-heath-cpc-action-plan.pdf")
    assert [n.code for n in document.notes] == ["text_layout"]
    headings = [r.cells[0] for r in document.rows if "bold" in r.flags]
    assert headings[2] == (
        "Recommendation 1: Develop a shared, long-term vision for Bramley Heath with partners "
        "and residents, and use it to shape the Council Plan."
    )
    assert sum(h.startswith("Recommendation ") for h in headings) == 6
    assert not any(h.startswith("Council response") for h in headings)
    paragraphs = [r.cells[0] for r in document.rows if "paragraph" in r.flags]
    assert paragraphs[0] == (
        "Council response: Accepted. The vision will be developed with the Bramley Heath "
        "Partnership."
    )  # the paragraph under each heading above a table (not the introduction under the title)
    assert len(paragraphs) == 6
    tables = {r.table for r in document.rows if r.table}
    assert len(tables) == 6
    rows = [r.cells for r in document.rows if r.table == "table 2"]
    assert rows == [
        ("Actions", "Timescales"),
        ("Commission town centre health checks for Bramley, Heath End and Oakhurst", "Summer 2024"),
        ("Prepare a town centre investment framework", "Q4 2024/25"),
    ]
    first = document.rows.index(next(r for r in document.rows if r.table == "table 2"))
    assert document.rows[first - 2].cells[0].startswith("Recommendation 2: Set out a clear plan")


def _line(top: float, size: float = 9.0) -> Line:
    return Line([{"text": "x", "x0": 0, "x1": 5, "top": top, "bottom": top + size, "size": size}])


def test_row_gap_is_cut_between_wrapped_lines_and_rows():
    # rows 16 points apart, one of them wrapped (lines 10.3 apart): 7 vs 1.3 points of gap
    tight = [_line(t) for t in (0, 16, 32, 42.3, 58)]
    assert 1.3 < row_gap(tight, 9.0) < 7.0
    # another suite: wrapped lines 0.57 of the size apart, rows 2.46
    loose = [_line(t) for t in (0, 31.1, 45.2, 76.3)]
    assert 5.2 < row_gap(loose, 9.0) < 22.2
    # no wrapped line at all: every line is a row
    rows = [_line(t) for t in (0, 16, 32, 48)]
    assert row_gap(rows, 9.0) < 7.0


# -- a table printed over two pages, written here so both sides of the rule are tested --------

HEADER = ("Recommendation", "Action", "Lead", "Due", "Update")
WIDTHS = (60, 70, 40, 18, 77)  # "December 2024" does not fit on one line of Due


def _table_pdf(path: Path, page_one: list, page_two: list) -> Path:
    """Two landscape pages, each opening with HEADER; each row is (cells as lists of lines);
    an empty list leaves the cell blank."""
    from fpdf import FPDF

    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.add_font("DejaVu", "", str(FONT))
    pdf.set_auto_page_break(False)
    pdf.set_font("DejaVu", "", 9)
    for rows in (page_one, page_two):
        pdf.add_page()
        y = 15.0
        for cells in [[[h] for h in HEADER], *rows]:
            height = 2 + 4.5 * max(1, *(len(c) for c in cells))
            x = 10.0
            for lines, width in zip(cells, WIDTHS, strict=True):
                pdf.rect(x, y, width, height)
                for k, text in enumerate(lines):
                    pdf.text(x + 1.5, y + 4.5 + 4.5 * k, text)
                x += width
            y += height
    pdf.output(str(path))
    return path


def test_a_split_row_is_joined_but_a_new_row_with_blank_cells_is_not(tmp_path):
    first = [
        ["Improve the council's finances"],
        ["Agree a savings programme"],
        ["Director of Finance"],
        ["2025/26"],
        ["Proposals worth £2.9m found."],
    ]
    split_top = [
        ["Strengthen governance by", "reviewing the"],
        ["Commission an external"],
        ["Director of Legal"],
        ["December"],
        ["Procurement delayed; a"],
    ]
    split_rest = [
        ["constitution"],
        ["review of the constitution"],
        [],
        ["2024"],
        ["revised timetable is agreed."],
    ]
    fresh = [[], ["Brief all members on the budget"], ["Director of Finance"], ["Ongoing"], []]
    joined = read_document(_table_pdf(tmp_path / "split.pdf", [first, split_top], [split_rest]))
    rows = [r.cells for r in joined.rows]
    assert rows[-1] == (
        "Strengthen governance by reviewing the constitution",
        "Commission an external review of the constitution",
        "Director of Legal",
        "December 2024",
        "Procurement delayed; a revised timetable is agreed.",
    )
    assert len(rows) == 3 and [n.code for n in joined.notes] == ["split_row"]
    kept = read_document(_table_pdf(tmp_path / "fresh.pdf", [first], [fresh]))
    assert [r.cells[1] for r in kept.rows] == [
        "Action",
        "Agree a savings programme",
        "Brief all members on the budget",
    ]
    assert kept.notes == []


def test_a_row_that_fills_every_column_is_a_row_of_its_own(tmp_path):
    """Even when each of its cells starts in lower case: a row split by a page break leaves
    blank the cells that fitted above it."""
    top = [["Improve the finances"], ["Agree savings"], ["Head of Finance"], ["2025/26"], ["Done."]]
    lower = [
        ["improve scrutiny"],
        ["train members"],
        ["democratic services"],
        ["ongoing"],
        ["none."],
    ]
    rows = read_document(_table_pdf(tmp_path / "lower.pdf", [top], [lower])).rows
    assert [r.cells[0] for r in rows] == [
        "Recommendation",
        "Improve the finances",
        "improve scrutiny",
    ]


def test_a_merged_recommendation_split_by_a_page_break_reads_whole_in_every_row():
    """Rowanford's recommendation 3 is merged down over actions 3.1 to 3.3 and broken by the
    page break after 3.1: on the new page the merged cell shows only the rest of its text, in
    3.2 and 3.3 too. Every row of the recommendation reads the whole text."""
    path = FIXTURES / "committee" / "raw" / "rowanford-cpc-plan-alone.pdf"
    rows = [r for r in read_document(path).rows if r.kind == "row"]
    by_ref = {r.cells[0]: r.cells[1] for r in rows}
    assert by_ref["3.1"] == by_ref["3.2"] == by_ref["3.3"]
    assert by_ref["3.1"].startswith("3. Develop a workforce strategy that addresses")
    assert by_ref["6.1"] == by_ref["6.2"]
    assert by_ref["6.2"].startswith("6. Improve the experience of residents contacting")
