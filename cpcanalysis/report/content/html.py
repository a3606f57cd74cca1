"""Escaped HTML fragments for the report: tables from polars frames, paragraphs, headings.

Every value that reaches the page goes through :func:`html.escape`, because plan cells, council
names and file names come from input files and may hold markup (a ``<script>`` in a cell must be
shown as text, never run). A fragment is an :class:`Html` object; notebooks display it as the last
expression of a cell, and nbconvert copies its already-escaped markup into the report.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

__all__ = [
    "BLANK_SUFFIX",
    "Html",
    "anchor_id",
    "bullets",
    "definitions",
    "heading",
    "join",
    "link",
    "paragraph",
    "table",
]

# a column named NAME + BLANK_SUFFIX is not shown: it says why NAME is blank in a row
BLANK_SUFFIX = "__blank"


@dataclass(frozen=True)
class Html:
    """A fragment of markup that is safe to insert: built only from escaped text."""

    markup: str

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def escape(value: object) -> str:
    """``value`` as display text, escaped for element content and attribute values."""
    return html.escape(format_value(value), quote=True)


def format_value(value: object) -> str:
    """How one cell reads in a report table (before escaping)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return format_value(int(value))
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | pl.Series):
        return "; ".join(format_value(item) for item in value if item is not None)
    return str(value)


def _is_numeric(dtype: pl.DataType) -> bool:
    return dtype.is_numeric()


@dataclass(frozen=True)
class _Column:
    name: str
    classes: str  # the cells' class attribute ('' for none)
    percent: bool
    row_header: bool
    reason: str | None  # the column saying why a cell is blank
    anchors: Mapping[str, str] | None  # value -> id of the element it links to


def _columns(
    frame: pl.DataFrame,
    *,
    percent: set[str],
    numeric: set[str],
    code: set[str],
    wide: set[str],
    row_header: str | None,
    links: Mapping[str, Mapping[str, str]],
) -> list[_Column]:
    shown = [c for c in frame.columns if not c.endswith(BLANK_SUFFIX)]
    columns = []
    for name in shown:
        classes = [
            *(["num"] if _is_numeric(frame.schema[name]) or name in numeric else []),
            *(["cpc-code"] if name in code else []),
            *(["cpc-wide"] if name in wide else []),
        ]
        reason = name + BLANK_SUFFIX
        columns.append(
            _Column(
                name,
                f' class="{" ".join(classes)}"' if classes else "",
                name in percent,
                name == row_header,
                reason if reason in frame.columns else None,
                links.get(name),
            )
        )
    return columns


def _cell(column: _Column, row: Mapping[str, object]) -> str:
    value = row[column.name]
    why = row[column.reason] if column.reason else None
    if value is None and why:
        text = f'<span class="cpc-why">{escape(why)}</span>'
    elif column.percent:
        text = format_percent(value)
    else:
        text = escape(value)
    if column.anchors and value in column.anchors:
        text = link(str(value), column.anchors[str(value)]).markup
    tag = "th" if column.row_header else "td"
    scope = ' scope="row"' if column.row_header else ""
    return f"<{tag}{scope}{column.classes}>{text}</{tag}>"


def table(
    frame: pl.DataFrame,
    *,
    caption: str | None = None,
    labels: Mapping[str, str] | None = None,
    percent: Iterable[str] = (),
    css_class: str = "cpc-table",
    empty: str = "No rows.",
    row_header: str | None = None,
    numeric: Iterable[str] = (),
    code: Iterable[str] = (),
    wide: Iterable[str] = (),
    links: Mapping[str, Mapping[str, str]] | None = None,
) -> Html:
    """An escaped ``<table>`` of ``frame``, header labels from ``labels`` (default: column names).

    Columns named in ``percent`` hold shares in 0..1 and are shown as whole percentages.
    ``row_header`` names the column that identifies a row (a council, a figure): its cells are
    row headers (``<th scope="row">``), so a screen reader announces them with each value.
    Columns of numbers are aligned right, and so are the columns named in ``numeric`` (numbers
    already formatted as text); columns named in ``code`` (file paths, SHA-256) are set in a
    fixed-width font and may break anywhere; columns named in ``wide`` (long texts: an action,
    an update) are kept wide enough to read, rather than squeezed. ``links`` maps a column to
    {value: element id}: a cell holding such a value links to that element of the page.
    A column named ``NAME`` + :data:`BLANK_SUFFIX` is not shown: where ``NAME`` is null, its
    text says why (``no statuses published``), so an unknown figure is never mistaken for zero.
    A frame with no rows gives a paragraph saying ``empty`` instead of an empty table.
    The table sits in a framed container that scrolls sideways when the table is wider than
    the page; the container is a labelled region that takes keyboard focus, so it can be
    scrolled without a mouse.
    """
    labels = labels or {}
    percent, numeric, code, wide = set(percent), set(numeric), set(code), set(wide)
    named = percent | numeric | code | wide | set(links or {})
    named |= {row_header} if row_header else set()
    unknown = named - set(frame.columns)
    if unknown:
        msg = f"table(): columns {sorted(unknown)} are not in the frame {frame.columns}"
        if unknown & percent:
            msg = f"table(): percent columns {sorted(unknown)} are not in the frame {frame.columns}"
        raise ValueError(msg)
    if frame.height == 0:
        return paragraph(empty, css_class="cpc-empty")
    columns = _columns(
        frame,
        percent=percent,
        numeric=numeric,
        code=code,
        wide=wide,
        row_header=row_header,
        links=links or {},
    )
    region = f' role="region" tabindex="0" aria-label="{escape(caption)}"' if caption else ""
    parts = [f'<div class="cpc-table-wrap"{region}><table class="{escape(css_class)}">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    head = "".join(
        f'<th scope="col"{c.classes}>{escape(labels.get(c.name, c.name))}</th>' for c in columns
    )
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for row in frame.iter_rows(named=True):
        parts.append(f"<tr>{''.join(_cell(column, row) for column in columns)}</tr>")
    parts.append("</tbody></table></div>")
    return Html("".join(parts))


def format_percent(value: object) -> str:
    """A share in 0..1 as a whole percentage ("" when missing)."""
    if not isinstance(value, int | float) or value != value:
        return ""
    return f"{float(value) * 100:.0f}%"


def paragraph(text: str, *, css_class: str | None = None) -> Html:
    """One escaped paragraph."""
    attr = f' class="{escape(css_class)}"' if css_class else ""
    return Html(f"<p{attr}>{escape(text)}</p>")


def heading(text: str, level: int = 3, *, anchor: str | None = None) -> Html:
    """An escaped heading, for headings whose text comes from the data (a council name);
    ``anchor`` (from :func:`anchor_id`) is its id, for links and the table of contents."""
    if not 1 <= level <= 6:
        msg = f"heading(): level must be 1..6, got {level}"
        raise ValueError(msg)
    ident = f' id="{escape(anchor)}"' if anchor else ""
    return Html(f"<h{level}{ident}>{escape(text)}</h{level}>")


def anchor_id(text: str, prefix: str = "") -> str:
    """An id for an element of the page, made of ``prefix`` and ``text`` in lower-case letters,
    digits and hyphens only ('Ynys Môn' -> 'ynys-mon'), safe in any attribute and URL."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "x"
    return f"{prefix}{slug}"


def link(text: str, anchor: str) -> Html:
    """A link to the element ``anchor`` of this page (never to another page)."""
    return Html(f'<a href="#{escape(anchor)}">{escape(text)}</a>')


def definitions(pairs: Iterable[tuple[str, Html | str]], *, css_class: str | None = None) -> Html:
    """A definition list: each term, then its description (escaped text, or a fragment)."""
    attr = f' class="{escape(css_class)}"' if css_class else ""
    items = "".join(
        f"<dt>{escape(term)}</dt><dd>{d.markup if isinstance(d, Html) else escape(d)}</dd>"
        for term, d in pairs
    )
    return Html(f"<dl{attr}>{items}</dl>")


def bullets(items: Iterable[object], *, css_class: str | None = None) -> Html:
    """A bulleted list: each item escaped text, or a fragment."""
    attr = f' class="{escape(css_class)}"' if css_class else ""
    body = "".join(
        f"<li>{item.markup if isinstance(item, Html) else escape(item)}</li>" for item in items
    )
    return Html(f"<ul{attr}>{body}</ul>")


def join(*fragments: Html) -> Html:
    """Several fragments shown as one output."""
    return Html("".join(fragment.markup for fragment in fragments))
