"""A PDF page's characters, ruling lines and images, straight from pdfminer, and its ruled tables.

pdfplumber turns every object pdfminer lays out into a dict of all its attributes (resolving
colour spaces and graphics state for each character), which is most of its cost. The reader
needs far less: each character's text, box, font name and size; the page's straight line
segments (from lines, rectangles and curves); and whether it holds images. This module
collects exactly that from pdfminer's layout objects and then runs pdfplumber's own table
finder (:class:`pdfplumber.table.TableFinder`, default "lines" settings) on those edges, so
tables are found by the same algorithm as ``page.find_tables()``, at about twice the speed
(see ``docs/benchmarks.md``).

Coordinates follow pdfplumber: points from the page's top-left corner (``top`` grows down).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

# a segment this close to axis-aligned counts as a horizontal or vertical rule
_STRAIGHT = 0.5


@dataclass
class PageContent:
    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    images: int = 0

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


def open_pages(path: Path) -> Iterator[PageContent]:
    """Each page's content in order. Raises pdfminer's errors (PDFPasswordIncorrect...)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with path.open("rb") as handle:
        document = PDFDocument(PDFParser(handle))
        resources = PDFResourceManager(caching=True)
        device = PDFPageAggregator(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        for number, page in enumerate(PDFPage.create_pages(document), start=1):
            interpreter.process_page(page)
            yield _content(device.get_result(), number)


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
