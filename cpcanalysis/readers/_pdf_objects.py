"""A PDF page's characters, ruling lines and images, straight from pdfminer, and its ruled tables.

pdfplumber turns every object pdfminer lays out into a dict of all its attributes (resolving
colour spaces and graphics state for each character), which is most of its cost. The reader
needs far less: each character's text, box, font name and size; the page's straight line
segments (from lines, rectangles and curves); and whether it holds images. This module
collects exactly that from pdfminer's layout objects and then runs pdfplumber's own table
finder (:class:`pdfplumber.table.TableFinder`, default "lines" settings) on those edges, so
tables are found by the same algorithm as ``page.find_tables()``, at about twice the speed
(see ``docs/benchmarks.md``). Characters are grouped into words page by page and only the words
kept. What a page or a file may make pdfminer build is bounded before it is built: compressed
streams may not inflate past :data:`MAX_INFLATED` (:func:`check_inflation`), a page may not draw
more than :data:`MAX_PAGE_OBJECTS` characters and lines, and the words count against the
document's cell budget (:mod:`._budget`).

Coordinates follow pdfplumber: points from the page's top-left corner (``top`` grows down).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from cpcanalysis.readers._budget import HINT, CellLimitError, charge

# a segment this close to axis-aligned counts as a horizontal or vertical rule
_STRAIGHT = 0.5
# characters and path segments on one page: a dense landscape page holds about 15,000
MAX_PAGE_OBJECTS = 200_000
# bytes all compressed streams but images may inflate to (a plan's are a few megabytes)
MAX_INFLATED = 128 * 1024 * 1024
_STREAM = re.compile(rb"stream\r?\n")
_PIECE = 1 << 20


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)  # emptied once ``words`` is made
    edges: list[dict] = field(default_factory=list)
    images: int = 0
    words: list[dict] = field(default_factory=list)
    char_count: int = 0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0.0, 0.0, self.width, self.height)

    def find_tables(self) -> list:
        """Ruled tables, as pdfplumber's ``page.find_tables()`` would find them."""
        from pdfplumber.table import TableFinder

        if not self.edges:
            return []
        # it reads only .edges and .bbox for "lines": this duck-typed page is enough
        return TableFinder(self).tables  # type: ignore[arg-type]


def open_pages(path: Path, pages: tuple[int, int] | None = None) -> Iterator[PageContent]:
    """Each page's content in order (only pages ``first`` to ``last`` when ``pages`` is
    given; the others are not laid out), its characters grouped into words (the characters
    themselves are not kept). Raises pdfminer's errors (PDFPasswordIncorrect...), and
    :class:`~._budget.CellLimitError` for a page with more objects than
    :data:`MAX_PAGE_OBJECTS` or a document with more words than the cell budget allows."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with path.open("rb") as handle:
        document = PDFDocument(PDFParser(handle))
        resources = PDFResourceManager(caching=True)
        device = _counting_aggregator(resources)
        interpreter = PDFPageInterpreter(resources, device)
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            if pages is not None and not pages[0] <= number <= pages[1]:
                continue
            device.objects = 0
            device.page = number
            interpreter.process_page(page)
            content = _content(device.get_result(), number)
            content.words, content.char_count = words(content.chars), len(content.chars)
            content.chars = []
            charge(len(content.words), f"the words of page {number}")
            yield content


def _counting_aggregator(resources):
    """pdfminer's page aggregator, counting the characters and path segments it lays out on a
    page and stopping at :data:`MAX_PAGE_OBJECTS` (a page drawn to exhaust memory)."""
    from pdfminer.converter import PDFPageAggregator

    class Counting(PDFPageAggregator):
        objects = 0
        page = 0

        def _count(self, n: int) -> None:
            self.objects += n
            if self.objects > MAX_PAGE_OBJECTS:
                raise CellLimitError(
                    f"page {self.page} draws more than {MAX_PAGE_OBJECTS:,} characters and "
                    "lines, over the limit for one page",
                    hint=HINT,
                )

        def render_char(self, *args, **kwargs):
            self._count(1)
            return super().render_char(*args, **kwargs)

        def paint_path(self, gstate, stroke, fill, evenodd, path):
            self._count(len(path))
            return super().paint_path(gstate, stroke, fill, evenodd, path)

    return Counting(resources, laparams=None)


def check_inflation(path: Path, limit: int = MAX_INFLATED) -> None:
    """Refuse a PDF whose compressed (Flate) streams, images aside, would inflate to more than
    ``limit`` bytes: pdfminer inflates each stream whole and keeps it. Every stream is inflated
    here in pieces and only counted, so the check itself holds little memory."""
    data = path.read_bytes()
    total = 0
    for stream, start in _encrypted_streams(path) if b"/Encrypt" in data else _streams(data):
        total += _inflated(stream, start, limit - total)
        if total > limit:
            raise CellLimitError(
                f"its compressed streams would inflate to over {limit:,} bytes, over the limit",
                hint=HINT,
            )


def _streams(data: bytes) -> Iterator[tuple[bytes, int]]:
    """The Flate streams of a PDF, images aside, found in its bytes: (data, where it starts)."""
    for match in _STREAM.finditer(data):
        head = data[max(0, match.start() - 1024) : match.start()]
        head = head[max(head.rfind(b"endobj"), head.rfind(b"endstream"), 0) :]
        if b"FlateDecode" in head and not re.search(rb"/Subtype\s*/Image", head):
            yield data, match.end()


def _encrypted_streams(path: Path) -> Iterator[tuple[bytes, int]]:
    """The Flate streams of an encrypted PDF, images aside, decrypted (not inflated) by qpdf:
    their bytes in the file are ciphertext, which cannot be measured. A PDF that needs a
    password yields nothing here: the reader refuses it as password-protected."""
    import pikepdf

    try:
        document = pikepdf.open(path)
    except (pikepdf.PasswordError, pikepdf.PdfError):
        return
    with document:
        for obj in document.objects:
            if not isinstance(obj, pikepdf.Stream) or obj.get("/Subtype") == "/Image":
                continue
            filters = obj.get("/Filter")
            names = list(filters) if isinstance(filters, pikepdf.Array) else [filters]
            if pikepdf.Name.FlateDecode in names:
                yield obj.read_raw_bytes(), 0


def _inflated(data: bytes, start: int, room: int) -> int:
    """How many bytes the zlib stream at ``start`` inflates to (counting stops past ``room``)."""
    inflater = zlib.decompressobj()
    produced, position = 0, start
    try:
        while position < len(data) and not inflater.eof and produced <= room:
            pending = data[position : position + _PIECE]
            position += _PIECE
            while pending and produced <= room and not inflater.eof:
                produced += len(inflater.decompress(pending, _PIECE))
                pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not a zlib stream after all, or damaged: pdfminer reports it
    return produced


def _content(layout, number: int) -> PageContent:
    from pdfminer.layout import LTChar, LTCurve, LTImage

    x_origin, _y0, x1, y_top = layout.bbox
    content = PageContent(number, x1 - x_origin, y_top - _y0)
    stack = list(layout)
    while stack:
        item = stack.pop()
        if isinstance(item, LTChar):
            content.chars.append(
                {
                    "text": item.get_text(),
                    "x0": item.x0 - x_origin,
                    "x1": item.x1 - x_origin,
                    "top": y_top - item.y1,
                    "bottom": y_top - item.y0,
                    "size": item.size,
                    "fontname": item.fontname,
                    "upright": item.upright,
                }
            )
        elif isinstance(item, LTCurve):
            content.edges.extend(_edges(item, x_origin, y_top))
        elif isinstance(item, LTImage):
            content.images += 1
        elif hasattr(item, "__iter__"):  # figures and other containers
            stack.extend(item)
    content.chars.sort(key=lambda c: (c["top"], c["x0"]))
    return content


def _edges(curve, x_origin: float, y_top: float) -> list[dict]:
    """The straight, axis-aligned segments of a line, rectangle or curve."""
    from pdfminer.layout import LTRect

    points = [(x - x_origin, y_top - y) for x, y in curve.pts]
    if isinstance(curve, LTRect) and len(points) == 4:
        points.append(points[0])
    edges = []
    for (ax, ay), (bx, by) in pairwise(points):
        if abs(ay - by) <= _STRAIGHT:
            orientation = "h"
        elif abs(ax - bx) <= _STRAIGHT:
            orientation = "v"
        else:
            continue
        x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
        edges.append(
            {
                "object_type": "line",
                "x0": x0,
                "x1": x1,
                "top": top,
                "bottom": bottom,
                "width": x1 - x0,
                "height": bottom - top,
                "orientation": orientation,
            }
        )
    return edges


def words(chars: list[dict], x_tolerance: float = 3.0, y_tolerance: float = 3.0) -> list[dict]:
    """Characters into words (split at spaces and at gaps wider than ``x_tolerance``), each
    word a dict like pdfplumber's ``extract_words(extra_attrs=["fontname", "size"])``."""
    result: list[dict] = []
    current: list[dict] = []

    def close() -> None:
        if current:
            result.append(
                {
                    "text": "".join(c["text"] for c in current),
                    "x0": min(c["x0"] for c in current),
                    "x1": max(c["x1"] for c in current),
                    "top": min(c["top"] for c in current),
                    "bottom": max(c["bottom"] for c in current),
                    "size": current[0]["size"],
                    "fontname": current[0]["fontname"],
                }
            )
            current.clear()

    for line in _lines(chars, y_tolerance):
        for char in line:
            if char["text"].isspace():
                close()
                continue
            if current and (
                char["x0"] - current[-1]["x1"] > x_tolerance
                or char["fontname"] != current[-1]["fontname"]
                or char["size"] != current[-1]["size"]
            ):
                close()
            current.append(char)
        close()
    return result


def _lines(chars: list[dict], y_tolerance: float) -> Iterator[list[dict]]:
    line: list[dict] = []
    for char in chars:  # sorted by top, then x0
        if line and abs(char["top"] - line[0]["top"]) > y_tolerance:
            yield sorted(line, key=lambda c: c["x0"])
            line = []
        line.append(char)
    if line:
        yield sorted(line, key=lambda c: c["x0"])
