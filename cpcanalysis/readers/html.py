"""HTML pages (``.html``, ``.htm``): every data table on the page, with the headings around them.

- The page's content is its ``<main>`` (or ``role="main"``) if it has one, else its ``<body>``;
  navigation, page headers and footers, sidebars, scripts and forms' chrome (``nav``, ``header``,
  ``footer``, ``aside``, ``script``, ``style``, ``noscript``, ``template`` and their ARIA roles)
  are dropped first.
- Each table that holds no other table becomes ``row`` items with ``table="table N"`` (N counts
  the tables read, from 1) and ``line`` = the row's 1-based position in that table
  (``thead``, ``tbody`` and ``tfoot`` rows in document order). A table that only lays out other
  tables is not read itself. The manifest's ``table`` hint keeps one table and the headings
  just before it.
- ``rowspan``/``colspan`` are laid out as browsers do and filled; a cell spanning the whole table
  width is a ``heading`` row flagged ``full-width``; a ``<caption>`` is a ``heading`` flagged
  ``caption``.
- Inside a cell, ``<br>`` and block elements (``p``, ``div``, ``li``...) start a new line, list
  items are prefixed ``"• "``, and runs of whitespace within a line collapse to one space.
- Outside tables, ``h1``-``h6`` and wholly bold paragraphs (``<p><strong>...</strong></p>``)
  become ``heading`` rows flagged ``h1``..``h6`` or ``bold``, with ``line`` = their line in the
  HTML source; headings after the last table are dropped (they introduce nothing).
- A paragraph outside tables (or a caption) that reads as a colour legend ("Green = complete,
  Amber = on track") fills ``RawDocument.legend`` (:mod:`._legend`).
"""

from __future__ import annotations

import re
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.readers._budget import charge
from cpcanalysis.readers._failures import NoTableError, converting_failures
from cpcanalysis.readers._grid import chosen_tables, from_spans, grid_rows
from cpcanalysis.readers._legend import legend_in_lines
from cpcanalysis.readers.contract import RawDocument, RawRow, ReadHints
from cpcanalysis.readers.decoding import decode_bytes

WHAT = "web page"
_CHROME = ("nav", "header", "footer", "aside", "script", "style", "noscript", "template")
_CHROME_ROLES = ("navigation", "banner", "contentinfo", "complementary", "search")
_HEADINGS = {f"h{n}": f"h{n}" for n in range(1, 7)}
_BOLD_TAGS = ("strong", "b")
_BLOCKS = frozenset(
    ("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "section", "article")
) | {"table", "tr", *_HEADINGS}
_SKIPPED_TEXT = frozenset(("script", "style", "template"))
_LEADING_DIGITS = re.compile(r"\d+")  # browsers read "2px" or "3;" as 2 and 3
_CELL_TAG = re.compile(rb"<t[dh][\s>/]", re.IGNORECASE)  # a table cell, counted before parsing


def read(path: Path, hints: ReadHints) -> RawDocument:
    """Read every data table of an HTML page, with its headings, into raw rows."""
    with converting_failures(path, WHAT, hint="save the page again from a browser"):
        root, decoded = _parse(path, hints.encoding)
        content = _content(root)
        rows = _rows(content)
        legend = _legend(content)
    rows = chosen_tables(
        path,
        rows,
        hints.table,
        missing="has no table of data (no <table> outside navigation, headers and footers)",
        hint="the plan may be in a linked PDF or document; download that file instead",
    )
    return RawDocument(
        path=path,
        format="html",
        rows=rows,
        encoding=decoded.encoding,
        legend=legend,
        notes=decoded.notes,
    )


def _legend(content) -> dict[str, str]:
    """A colour legend printed in a paragraph outside the tables."""
    return legend_in_lines(
        _joined(element)
        for element in content.iter("p", "div", "li", "caption", *_HEADINGS)
        if (element.tag == "caption" or not _inside(element, "table"))
        and not any(element.find(f".//{tag}") is not None for tag in ("p", "div", "table"))
    )


def _parse(path: Path, encoding: str | None):
    """The page's tree, and its text as decoded (with notes on what decoding repaired).

    Valid UTF-8 (the web's default) is read as such; other bytes in the encoding the page
    declares, else as :mod:`.decoding` reads text. The tree is built without libxml2's
    default depth limit of 256 (pages nest that deep), and a page nested deeper than even the
    raised limit is refused: the parser would stop there and silently drop the rest.
    """
    import lxml.html
    from bs4.dammit import UnicodeDammit

    data = path.read_bytes()
    charge(len(_CELL_TAG.findall(data)), "the page's table cells")
    if not encoding and not _is_utf8(data):
        declared = UnicodeDammit(data, is_html=True).declared_html_encoding
        encoding = declared if declared and declared.lower() not in ("utf-8", "utf8") else None
    decoded = decode_bytes(path, data, encoding)
    text = decoded.text
    if text.lstrip().startswith("<?xml"):
        text = text[text.index("?>") + 2 :] if "?>" in text else ""
    if not text.strip():
        raise NoTableError("holds no HTML", path=path)
    parser = lxml.html.HTMLParser(huge_tree=True)
    root = lxml.html.document_fromstring(text, parser=parser)
    _refuse_truncated(path, parser)
    return root, decoded


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _refuse_truncated(path: Path, parser) -> None:
    """libxml2 stops reading at a resource limit (nesting depth) and keeps what it read."""
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in error.message:
            raise ReadError(
                f"the page is nested too deeply to read whole (line {error.line}: "
                f"{error.message.strip()[:80]}); the rest of the page would be lost",
                path=path,
                hint="save the page again from a browser, or export the table",
            )


def _content(root):
    for element in list(root.iter(*_CHROME)):
        if element.getparent() is not None:
            element.drop_tree()
    for role in _CHROME_ROLES:
        for element in root.xpath(f"//*[@role='{role}']"):
            if element.getparent() is not None:
                element.drop_tree()
    main = root.xpath("//main | //*[@role='main']")
    if main:
        return main[0]
    body = root.find("body")
    return body if body is not None else root


def _rows(content) -> list[RawRow]:
    rows: list[RawRow] = []
    pending: list[RawRow] = []  # headings seen since the last table
    tables = 0
    for element in content.iter("table", *_HEADINGS, "p", "div"):
        if element.tag == "table":
            if element.find(".//table") is not None:
                continue  # a layout table: its inner tables are read instead
            tables += 1
            name = f"table {tables}"
            rows.extend(pending)
            pending = []
            caption = element.find("caption")
            if caption is not None and _text_lines(caption):
                rows.append(
                    RawRow("heading", (_joined(caption),), _line(caption), None, ("caption",))
                )
            rows.extend(grid_rows(from_spans(name, _table_cells(element))))
        elif not _inside(element, "table"):
            heading = _heading(element)
            if heading is not None:
                pending.append(heading)
    return rows


def _heading(element) -> RawRow | None:
    if element.tag in _HEADINGS:
        text = _joined(element)
        return RawRow("heading", (text,), _line(element), None, (element.tag,)) if text else None
    if any(element.find(f".//{tag}") is not None for tag in ("p", "div", "table", *_HEADINGS)):
        return None  # a container: what it holds is visited on its own
    text = _joined(element)
    bold = " ".join(" ".join(piece.text_content().split()) for piece in element.iter(*_BOLD_TAGS))
    if text and _squash(bold) == _squash(text) and not _inside(element, *_BOLD_TAGS):
        return RawRow("heading", (text,), _line(element), None, ("bold",))
    return None


def _table_cells(table) -> list[list[tuple[str, int, int]]]:
    rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
    return [
        [
            ("\n".join(_text_lines(cell)), _span(cell, "rowspan"), _span(cell, "colspan"))
            for cell in row
            if cell.tag in ("td", "th")
        ]
        for row in rows
    ]


def _span(cell, attribute: str) -> int:
    leading = _LEADING_DIGITS.match((cell.get(attribute) or "").strip())
    number = int(leading.group()[:5]) if leading else 1
    if number == 0 and attribute == "rowspan":
        return 10_000  # rowspan=0: to the end of the table (clipped by the layout)
    return max(1, number)


class _Lines:
    """Text gathered into rendered lines: a line ends at ``<br>`` and around block elements."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def flush(self) -> None:
        line = " ".join("".join(self.current).split())
        if line and line != "•":
            self.lines.append(line)
        self.current.clear()

    def children(self, parent) -> None:
        """The text of ``parent``'s children, depth first, without recursion (a page may nest
        thousands of levels)."""
        stack = [(child, False) for child in reversed(parent)]
        while stack:
            node, leaving = stack.pop()
            tag = node.tag if isinstance(node.tag, str) else ""
            if leaving:
                if tag in _BLOCKS:
                    self.flush()
                if node.tail:
                    self.current.append(node.tail)
                continue
            if tag == "br" or tag in _BLOCKS:
                self.flush()
            if tag == "li":
                self.current.append("• ")
            if node.text and tag and tag not in _SKIPPED_TEXT:
                self.current.append(node.text)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))


def _text_lines(element) -> list[str]:
    """The element's text as rendered lines: breaks at ``<br>`` and block elements."""
    lines = _Lines()
    lines.current.append(element.text or "")
    lines.children(element)
    lines.flush()
    return lines.lines


def _joined(element) -> str:
    return " ".join(_text_lines(element))


def _squash(text: str) -> str:
    return "".join(text.split())


def _line(element) -> int:
    return element.sourceline or 0


def _inside(element, *tags: str) -> bool:
    return any(True for _ in element.iterancestors(*tags))
