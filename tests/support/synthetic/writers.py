"""SYNTHETIC plan writers: one function per format, each rendering a :class:`Document` to a file.

Formats (``FORMATS`` maps a name to its suffix and writer):

- ``xlsx`` (openpyxl) and ``ods`` (hand-written OpenDocument XML): sheet ``Plan`` with the title
  merged across row 1, a blank row, then the tables (headings as bold one-cell rows); real date
  cells (``dd/mm/yyyy``); merged cells for continued and full-width cells; the first Complete
  action's row hidden; a ``Key`` legend sheet;
- ``xls`` (xlwt, only when installed): the same;
- ``docx`` (python-docx): title as Heading 1, headings as Heading 2, merged cells, bullets as
  ``List Bullet`` paragraphs;
- ``odt`` (hand-written OpenDocument text, as Writer saves it): the same document, spans with
  covered cells, the header in ``table:table-header-rows``, bullets as ``text:list`` items;
- ``pdf`` (fpdf2, DejaVu Sans): ruled tables with spans; ``pdf-text``: the same without rules
  (for the reader's text-layout fallback);
- ``html``: a page with navigation, header and footer to ignore, ``rowspan``/``colspan``,
  ``<ul>`` bullets and ``<br>`` breaks, one element per source line;
- ``csv``, ``tsv``, ``md``: flat text (continued cells blank, full-width rows as one-cell rows).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from .plan import Document, Heading, Row, Table, Value, as_text

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
INTRO = "This synthetic plan responds to the peer challenge."  # the paragraph under the title


# ---- sheets (xlsx, ods, xls) -------------------------------------------------------------------


def sheet_layout(doc: Document):
    """Where every cell of the ``Plan`` sheet goes (0-based), shared by the spreadsheet writers.

    Returns ``(cells, merges, hidden, bold)``: ``{(row, col): value}``, ``[(top, left, bottom,
    right)]``, hidden row indexes and bold row indexes.
    """
    width = max(b.width for b in doc.blocks if isinstance(b, Table))
    cells: dict[tuple[int, int], Value] = {(0, 0): doc.title}
    merges = [(0, 0, 0, width - 1)]
    hidden: set[int] = set()
    bold: set[int] = {0}
    r = 2
    for block in doc.blocks:
        if isinstance(block, Heading):
            cells[(r, 0)] = block.text
            bold.add(r)
            r += 1
            continue
        run_start: dict[int, int] = {}
        for row in block.rows:
            if row.kind == "full":
                cells[(r, 0)] = row.cells[0]
                merges.append((r, 0, r, width - 1))
            for c, value in enumerate(row.cells if row.kind != "full" else ()):
                if c in row.continued:
                    top = run_start[c]
                    merges = [m for m in merges if m[:2] != (top, c)]
                    merges.append((top, c, r, c))
                    continue
                run_start[c] = r
                if value != "":
                    cells[(r, c)] = value
            if row.hidden:
                hidden.add(r)
            r += 1
        r += 1  # a blank row after each table
    return cells, merges, hidden, bold


def write_xlsx(doc: Document, path: Path) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plan"
    cells, merges, hidden, bold = sheet_layout(doc)
    for (r, c), value in cells.items():
        cell = sheet.cell(row=r + 1, column=c + 1, value=value)
        if isinstance(value, dt.date):
            cell.number_format = "dd/mm/yyyy"
        elif "\n" in value:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        if r in bold:
            cell.font = Font(bold=True)
    for top, left, bottom, right in merges:
        sheet.merge_cells(
            start_row=top + 1, start_column=left + 1, end_row=bottom + 1, end_column=right + 1
        )
    for r in hidden:
        sheet.row_dimensions[r + 1].hidden = True
    key = workbook.create_sheet("Key")
    key.append(("RAG", "Meaning"))
    for label, meaning in doc.legend:
        key.append((label, meaning))
    workbook.save(path)


def write_xls(doc: Document, path: Path) -> None:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("Plan")
    date_style = xlwt.easyxf(num_format_str="dd/mm/yyyy")
    cells, merges, hidden, _bold = sheet_layout(doc)
    anchors = {(m[0], m[1]): m for m in merges}
    for r in hidden:
        sheet.row(r).hidden = True
    for (r, c), value in cells.items():
        style = date_style if isinstance(value, dt.date) else xlwt.Style.default_style
        if (r, c) in anchors:
            top, left, bottom, right = anchors[(r, c)]
            sheet.write_merge(top, bottom, left, right, value, style)
        else:
            sheet.write(r, c, value, style)
    key = workbook.add_sheet("Key")
    for i, (label, meaning) in enumerate((("RAG", "Meaning"), *doc.legend)):
        key.write(i, 0, label)
        key.write(i, 1, meaning)
    workbook.save(str(path))


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:fo="urn:oasis:names:xmlns:xsl-fo-compatible:1.0" office:version="1.2"'
)
_ODS_STYLES = (
    "<office:automatic-styles>"
    '<number:date-style style:name="N1"><number:day number:style="long"/><number:text>/'
    '</number:text><number:month number:style="long"/><number:text>/</number:text>'
    '<number:year number:style="long"/></number:date-style>'
    '<style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>'
    "</office:automatic-styles>"
)
_ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _ods_cell(value: Value, span: tuple[int, int] | None) -> str:
    attrs = ""
    if span is not None:
        attrs = f' table:number-rows-spanned="{span[0]}" table:number-columns-spanned="{span[1]}"'
    if isinstance(value, dt.date):
        shown = value.strftime("%d/%m/%Y")
        return (
            f'<table:table-cell table:style-name="ce1" office:value-type="date" '
            f'office:date-value="{value.isoformat()}"{attrs}><text:p>{shown}</text:p>'
            "</table:table-cell>"
        )
    paragraphs = "".join(
        f"<text:p>{html.escape(line, quote=False)}</text:p>" for line in value.split("\n")
    )
    return f'<table:table-cell office:value-type="string"{attrs}>{paragraphs}</table:table-cell>'


def _ods_table(name: str, cells, merges, hidden: set[int]) -> str:
    rows = max(r for r, _ in cells) + 1
    width = max(c for _, c in cells) + 1
    width = max([width] + [m[3] + 1 for m in merges])
    spans = {(t, left): (b - t + 1, rt - left + 1) for t, left, b, rt in merges}
    covered = {
        (r, c) for t, left, b, rt in merges for r in range(t, b + 1) for c in range(left, rt + 1)
    } - set(spans)
    parts = [f'<table:table table:name="{name}">']
    for r in range(rows):
        visibility = ' table:visibility="collapse"' if r in hidden else ""
        parts.append(f"<table:table-row{visibility}>")
        for c in range(width):
            if (r, c) in covered:
                parts.append("<table:covered-table-cell/>")
            elif (r, c) in cells:
                parts.append(_ods_cell(cells[(r, c)], spans.get((r, c))))
            else:
                parts.append("<table:table-cell/>")
        parts.append("</table:table-row>")
    # trailing padding rows, as office suites write them
    parts.append(
        '<table:table-row table:number-rows-repeated="1048000">'
        "<table:table-cell/></table:table-row>"
    )
    parts.append("</table:table>")
    return "".join(parts)


def write_ods(doc: Document, path: Path) -> None:
    cells, merges, hidden, _bold = sheet_layout(doc)
    legend = {(0, 0): "RAG", (0, 1): "Meaning"}
    for i, (label, meaning) in enumerate(doc.legend, start=1):
        legend[(i, 0)], legend[(i, 1)] = label, meaning
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS}>{_ODS_STYLES}'
        "<office:body><office:spreadsheet>"
        f"{_ods_table('Plan', cells, merges, hidden)}{_ods_table('Key', legend, [], set())}"
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        package.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


# ---- Word ----------------------------------------------------------------------------------------


def _docx_fill(cell, value: Value) -> None:
    lines = as_text(value).split("\n")
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            paragraph = cell.add_paragraph()
        if line.startswith("• "):
            paragraph.style = "List Bullet"
            line = line[2:]
        paragraph.add_run(line)


def write_docx(doc: Document, path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading(doc.title, level=1)
    document.add_paragraph(INTRO)
    for block in doc.blocks:
        if isinstance(block, Heading):
            document.add_heading(block.text, level=block.level)
            continue
        width = block.width
        table = document.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        run_start: dict[int, int] = {}
        for r, row in enumerate(block.rows):
            if row.kind == "full":
                merged = table.cell(r, 0).merge(table.cell(r, width - 1))
                _docx_fill(merged, row.cells[0])
                continue
            for c, value in enumerate(row.cells):
                if c in row.continued:
                    table.cell(run_start[c], c).merge(table.cell(r, c))
                    continue
                run_start[c] = r
                _docx_fill(table.cell(r, c), value)
        document.add_paragraph("")
    document.save(str(path))


_ODT_NS = _ODS_NS.replace(
    "urn:oasis:names:xmlns:xsl-fo", "urn:oasis:names:tc:opendocument:xmlns:xsl-fo"
)
_ODT_STYLES = (
    "<office:automatic-styles>"
    '<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    "</office:automatic-styles>"
)


def _odt_cell_body(value: Value) -> str:
    parts = []
    for line in as_text(value).split("\n"):
        text = html.escape(line.removeprefix("• "), quote=False)
        if line.startswith("• "):  # one list per item: as Writer writes a list split by edits
            parts.append(
                f"<text:list><text:list-item><text:p>{text}</text:p></text:list-item></text:list>"
            )
        else:
            parts.append(f"<text:p>{text}</text:p>")
    return "".join(parts)


def _odt_table(table: Table, number: int) -> str:
    width = table.width
    spans = _row_spans(table)
    parts = [f'<table:table table:name="Table{number}">']
    parts.append(f'<table:table-column table:number-columns-repeated="{width}"/>')
    for r, row in enumerate(table.rows):
        if r == 1:
            parts.append("<text:soft-page-break/>")  # Writer marks where pages broke
        opening, closing = (
            ("<table:table-header-rows>", "</table:table-header-rows>")
            if row.kind == "header"
            else ("", "")
        )
        cells = []
        if row.kind == "full":
            cells.append(
                f'<table:table-cell table:number-columns-spanned="{width}">'
                f"{_odt_cell_body(row.cells[0])}</table:table-cell>"
            )
            cells += ["<table:covered-table-cell/>"] * (width - 1)
        else:
            for c, value in enumerate(row.cells):
                if c in row.continued:
                    cells.append("<table:covered-table-cell/>")
                    continue
                down = spans.get((r, c), 1)
                attr = f' table:number-rows-spanned="{down}"' if down > 1 else ""
                cells.append(f"<table:table-cell{attr}>{_odt_cell_body(value)}</table:table-cell>")
        parts.append(f"{opening}<table:table-row>{''.join(cells)}</table:table-row>{closing}")
    parts.append("</table:table>")
    return "".join(parts)


def write_odt(doc: Document, path: Path) -> None:
    """OpenDocument text as Writer saves it: headings, a bold-free intro, tables with spans."""
    body = [
        f'<text:h text:outline-level="1">{html.escape(doc.title)}</text:h>',
        f"<text:p>{INTRO}</text:p>",
    ]
    tables = 0
    for block in doc.blocks:
        if isinstance(block, Heading):
            body.append(
                f'<text:h text:outline-level="{block.level}">{html.escape(block.text)}</text:h>'
            )
            continue
        tables += 1
        body.append(_odt_table(block, tables))
        body.append("<text:p/>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS}>{_ODT_STYLES}'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>"
    )
    manifest = _ODS_MANIFEST.replace("opendocument.spreadsheet", "opendocument.text")
    with zipfile.ZipFile(path, "w") as package:
        package.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        package.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        package.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


# ---- HTML ----------------------------------------------------------------------------------------


def _html_cell(value: Value) -> str:
    lines = as_text(value).split("\n")
    if all(line.startswith("• ") for line in lines) and len(lines) > 1:
        items = "".join(f"<li>{html.escape(line[2:])}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    return "<br>".join(html.escape(line) for line in lines)


def html_page(doc: Document) -> str:
    """The page as text, one element per line (so reader line numbers are predictable)."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        f'<head><meta charset="utf-8"><title>{html.escape(doc.title)}</title></head>',
        "<body>",
        '<nav><table><tr><td><a href="/">Home</a></td><td><a href="/c">Council</a></td></tr>'
        "</table></nav>",
        "<header><h1>Testshire District Council</h1></header>",
        "<main>",
        f"<h1>{html.escape(doc.title)}</h1>",
        f"<p>{INTRO}</p>",
    ]
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
            continue
        spans = _row_spans(block)
        out.append("<table>")
        for r, row in enumerate(block.rows):
            if row.kind == "header":
                cells = "".join(f"<th>{html.escape(as_text(v))}</th>" for v in row.cells)
                out.append(f"<thead><tr>{cells}</tr></thead><tbody>")
                continue
            if row.kind == "full":
                text = _html_cell(row.cells[0])
                out.append(f'<tr><td colspan="{block.width}"><strong>{text}</strong></td></tr>')
                continue
            cells = ""
            for c, value in enumerate(row.cells):
                if c in row.continued:
                    continue
                rowspan = spans.get((r, c), 1)
                attr = f' rowspan="{rowspan}"' if rowspan > 1 else ""
                cells += f"<td{attr}>{_html_cell(value)}</td>"
            out.append(f"<tr>{cells}</tr>")
        out.append("</tbody></table>")
    out += [
        "</main>",
        "<footer><p><strong>Contact us</strong></p><table><tr><td>Phone</td></tr></table></footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _row_spans(table: Table) -> dict[tuple[int, int], int]:
    """How many rows each anchor cell spans, from the continued-cell marks below it."""
    spans: dict[tuple[int, int], int] = {}
    anchor: dict[int, int] = {}
    for r, row in enumerate(table.rows):
        for c in range(len(row.cells)):
            if c in row.continued:
                spans[(anchor[c], c)] = spans.get((anchor[c], c), 1) + 1
            else:
                anchor[c] = r
    return spans


def write_html(doc: Document, path: Path) -> None:
    path.write_text(html_page(doc), encoding="utf-8")


# ---- PDF -----------------------------------------------------------------------------------------


def _pdf(doc: Document, path: Path, ruled: bool) -> None:
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="landscape", unit="mm", format="A4")
    pdf.set_creation_date(dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    pdf.cell(0, 10, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 9)
    pdf.cell(0, 6, INTRO, new_x="LMARGIN", new_y="NEXT")
    for block in doc.blocks:
        if isinstance(block, Heading):
            pdf.ln(2)
            pdf.set_font("DejaVu", "B", 11)
            pdf.cell(0, 8, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 9)
            continue
        spans = _row_spans(block)
        widths = _pdf_widths(block.width)
        with pdf.table(
            col_widths=widths,
            width=sum(widths),
            borders_layout="ALL" if ruled else "NONE",
            line_height=5,
            padding=(1.5, 1.5) if ruled else (3, 1.5),
            text_align="LEFT",
            v_align="TOP",
            headings_style=FontFace(emphasis="BOLD"),
            repeat_headings=1,
        ) as table:
            for r, row in enumerate(block.rows):
                pdf_row = table.row()
                if row.kind == "full":
                    pdf_row.cell(as_text(row.cells[0]), colspan=block.width)
                    continue
                for c, value in enumerate(row.cells):
                    if c in row.continued:
                        continue
                    pdf_row.cell(as_text(value), rowspan=spans.get((r, c), 1))
        pdf.ln(4)
    pdf.output(str(path))


def _pdf_widths(columns: int) -> tuple[int, ...]:
    first = 80 if columns >= 5 else 90
    rest = (260 - first) // (columns - 1)
    return (first, *([rest] * (columns - 1)))


def write_pdf(doc: Document, path: Path) -> None:
    _pdf(doc, path, ruled=True)


def write_pdf_text(doc: Document, path: Path) -> None:
    _pdf(doc, path, ruled=False)


# ---- flat text -----------------------------------------------------------------------------------


def flat_rows(doc: Document) -> list[tuple[str, ...] | None]:
    """The document as text rows for csv/tsv/md: None marks a blank line between tables."""
    width = max(b.width for b in doc.blocks if isinstance(b, Table))
    rows: list[tuple[str, ...] | None] = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            rows.append((block.text,) + ("",) * (width - 1))
            continue
        for row in block.rows:
            if row.kind == "full":
                rows.append((as_text(row.cells[0]),) + ("",) * (block.width - 1))
            else:
                rows.append(
                    tuple("" if c in row.continued else as_text(v) for c, v in enumerate(row.cells))
                )
        rows.append(None)
    return rows[:-1]


def _delimited(doc: Document, path: Path, delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    for row in flat_rows(doc):
        if row is None:
            buffer.write("\n")
        else:
            writer.writerow(row)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def write_csv(doc: Document, path: Path) -> None:
    _delimited(doc, path, ",")


def write_tsv(doc: Document, path: Path) -> None:
    _delimited(doc, path, "\t")


def markdown_lines(doc: Document) -> list[str]:
    lines = [f"# {doc.title}", ""]
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * block.level} {block.text}", ""]
            continue
        for i, row in enumerate(block.rows):
            cells = _md_cells(row, block.width)
            lines.append("| " + " | ".join(cells) + " |")
            if i == 0:
                lines.append("|" + "---|" * block.width)
        lines.append("")
    return lines


def _md_cells(row: Row, width: int) -> list[str]:
    if row.kind == "full":
        values = [as_text(row.cells[0])] + [""] * (width - 1)
    else:
        values = ["" if c in row.continued else as_text(v) for c, v in enumerate(row.cells)]
    return [v.replace("|", "\\|").replace("\n", "<br>") for v in values]


def write_md(doc: Document, path: Path) -> None:
    path.write_text("\n".join(markdown_lines(doc)), encoding="utf-8")


def _xlwt_available() -> bool:
    try:
        import xlwt  # noqa: F401
    except ImportError:
        return False
    return True


FORMATS: dict[str, tuple[str, Callable[[Document, Path], None]]] = {
    "xlsx": (".xlsx", write_xlsx),
    "ods": (".ods", write_ods),
    "docx": (".docx", write_docx),
    "odt": (".odt", write_odt),
    "pdf": (".pdf", write_pdf),
    "pdf-text": (".pdf", write_pdf_text),
    "html": (".html", write_html),
    "csv": (".csv", write_csv),
    "tsv": (".tsv", write_tsv),
    "md": (".md", write_md),
}
if _xlwt_available():
    FORMATS["xls"] = (".xls", write_xls)


def write(doc: Document, fmt: str, folder: Path, stem: str = "plan") -> Path:
    """Write ``doc`` as ``fmt`` into ``folder``; returns the file's path."""
    suffix, writer = FORMATS[fmt]
    path = (
        Path(folder) / f"{stem}-{fmt}{suffix}"
        if fmt == "pdf-text"
        else Path(folder) / f"{stem}{suffix}"
    )
    writer(doc, path)
    return path
