"""What OpenDocument files (``.ods`` sheets, ``.odt`` text) share: namespaces, a safe XML parser,
the text of a paragraph, the rows of a table, and the facts the reader needs about styles (bold,
heading, list).

An OpenDocument file is a zip whose ``content.xml`` holds the body and its automatic styles;
``styles.xml`` holds the named styles they inherit from (``style:parent-style-name``). A
paragraph's text is its character data with ``text:s`` (spaces), ``text:tab`` and
``text:line-break`` expanded; footnotes, comments, frames and tracked deletions are not part of
the text the page shows in its flow, so they are left out.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
}
# no entities, no network, no trees deeper than libxml2's default limit (a bomb is refused)
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
# spaces (text:s c="N") beyond this are damage or padding: a line never needs more
MAX_SPACES = 1000


def q(prefix: str, name: str) -> str:
    """The Clark name ``{namespace}name`` of ``prefix:name``."""
    return f"{{{NS[prefix]}}}{name}"


_SPACE, _TAB, _BREAK = q("text", "s"), q("text", "tab"), q("text", "line-break")
_SPAN = q("text", "span")
# inline elements whose content is not part of the paragraph's flowing text
_NOT_FLOW = frozenset(
    {
        q("text", "note"),
        q("office", "annotation"),
        q("office", "annotation-end"),
        q("draw", "frame"),
        q("draw", "custom-shape"),
        q("text", "tracked-changes"),
    }
)
_BOLD_WEIGHTS = frozenset({"bold", "600", "700", "800", "900"})


_ROW = q("table", "table-row")
# elements that hold a table's rows without being rows (header rows, row groups)
_ROW_GROUPS = frozenset(
    {q("table", "table-header-rows"), q("table", "table-rows"), q("table", "table-row-group")}
)


def table_rows(parent: etree._Element) -> Iterator[etree._Element]:
    """The ``table:table-row`` elements of a table (or group) in order, through row groups."""
    for child in parent:
        if child.tag == _ROW:
            yield child
        elif child.tag in _ROW_GROUPS:
            yield from table_rows(child)


def parse(package: zipfile.ZipFile, member: str) -> etree._Element:
    """One XML member of the package, parsed safely."""
    return etree.fromstring(package.read(member), PARSER)


def is_encrypted(package: zipfile.ZipFile) -> bool:
    """A file saved with a password lists encryption data in its manifest."""
    try:
        manifest = package.read("META-INF/manifest.xml")
    except KeyError:
        return False
    return b"encryption-data" in manifest


def paragraph_text(node: etree._Element) -> str:
    """The text a paragraph (or heading, or span) shows."""
    return "".join(text for text, _style in pieces(node, None))


def pieces(node: etree._Element, style: str | None) -> Iterator[tuple[str, str | None]]:
    """The paragraph's text in pieces, each with the name of the text style it is set in
    (``None``: the paragraph's own style)."""
    if node.text:
        yield node.text, style
    for child in node:
        tag = child.tag
        if tag == _SPACE:
            yield " " * _count(child.get(q("text", "c"))), style
        elif tag == _TAB:
            yield "\t", style
        elif tag == _BREAK:
            yield "\n", style
        elif isinstance(tag, str) and tag not in _NOT_FLOW:
            inner = child.get(q("text", "style-name")) if tag == _SPAN else None
            yield from pieces(child, inner or style)
        if child.tail:
            yield child.tail, style


def _count(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_SPACES))
    except ValueError:
        return 1


@dataclass(frozen=True)
class StyleFacts:
    name: str  # the display name of the style or of the nearest named style it inherits from
    bold: bool | None  # None: the style does not say
    outline: int | None  # a heading style's default outline level
    is_list: bool  # the style (or one it inherits from) is a list style


class Styles:
    """The styles of one document (content.xml's automatic styles and styles.xml's), looked up
    by name with inheritance resolved once per name."""

    def __init__(self, roots: list[etree._Element]) -> None:
        self._raw: dict[str, etree._Element] = {}
        for root in roots:
            for style in root.iter(q("style", "style")):
                name = style.get(q("style", "name"))
                if name:
                    self._raw.setdefault(name, style)
        self._facts: dict[str, StyleFacts] = {}

    def facts(self, name: str | None) -> StyleFacts:
        if not name:
            return StyleFacts("", None, None, False)
        if name not in self._facts:
            self._facts[name] = self._resolve(name)
        return self._facts[name]

    def _resolve(self, name: str) -> StyleFacts:
        shown, bold, outline, is_list = "", None, None, False
        seen: set[str] = set()
        current: str | None = name
        while current and current not in seen and current in self._raw:
            seen.add(current)
            style = self._raw[current]
            if not shown and style.getparent().tag != q("office", "automatic-styles"):
                shown = style.get(q("style", "display-name")) or current.replace("_20_", " ")
            if bold is None:
                bold = _weight_bold(style)
            if outline is None and style.get(q("style", "default-outline-level")):
                outline = _count(style.get(q("style", "default-outline-level")))
            is_list = is_list or bool(style.get(q("style", "list-style-name")))
            current = style.get(q("style", "parent-style-name"))
        return StyleFacts(shown, bold, outline, is_list)


def _weight_bold(style: etree._Element) -> bool | None:
    props = style.find(q("style", "text-properties"))
    if props is None:
        return None
    weight = props.get(q("fo", "font-weight"))
    return None if weight is None else weight in _BOLD_WEIGHTS
