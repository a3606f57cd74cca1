"""Escaped HTML fragments for the report: tables from polars frames, paragraphs, headings.

Every value that reaches the page goes through :func:`html.escape`, because plan cells, council
names and file names come from input files and may hold markup (a ``<script>`` in a cell must be
shown as text, never run). A fragment is an :class:`Html` object; notebooks display it as the last
expression of a cell, and nbconvert copies its already-escaped markup into the report.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

import polars as pl

__all__ = ["Html", "bullets", "heading", "join", "paragraph", "table"]

_NUMERIC_CLASS = ' class="num"'


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
) -> Html:
    """An escaped ``<table>`` of ``frame``, header labels from ``labels`` (default: column names).

    Columns named in ``percent`` hold shares in 0..1 and are shown as whole percentages.
    ``row_header`` names the column that identifies a row (a council, a figure): its cells are
    row headers (``<th scope="row">``), so a screen reader announces them with each value.
    Columns of numbers are aligned right, and so are the columns named in ``numeric`` (numbers
    already formatted as text).
    A frame with no rows gives a paragraph saying ``empty`` instead of an empty table.
    The table sits in a container that scrolls sideways when the table is wider than the page;
    the container is a labelled region that takes keyboard focus, so it can be scrolled without
    a mouse.
    """
    labels = labels or {}
    percent = set(percent)
    forced = set(numeric)
    named = percent | forced | ({row_header} if row_header else set())
    unknown = named - set(frame.columns)
    if unknown:
        msg = f"table(): columns {sorted(unknown)} are not in the frame {frame.columns}"
        if unknown & percent:
            msg = f"table(): percent columns {sorted(unknown)} are not in the frame {frame.columns}"
        raise ValueError(msg)
    if frame.height == 0:
        return paragraph(empty, css_class="cpc-empty")
    classes = [
        _NUMERIC_CLASS if _is_numeric(dtype) or name in forced else ""
        for name, dtype in frame.schema.items()
    ]
    region = f' role="region" tabindex="0" aria-label="{escape(caption)}"' if caption else ""
    parts = [f'<div class="cpc-table-wrap"{region}><table class="{escape(css_class)}">']
    if caption:
        parts.append(f"<caption>{escape(caption)}</caption>")
    head = "".join(
        f'<th scope="col"{css}>{escape(labels.get(name, name))}</th>'
        for name, css in zip(frame.columns, classes, strict=True)
    )
    parts.append(f"<thead><tr>{head}</tr></thead><tbody>")
    for row in frame.iter_rows():
        cells = []
        for name, css, value in zip(frame.columns, classes, row, strict=True):
            text = format_percent(value) if name in percent else escape(value)
            if name == row_header:
                cells.append(f'<th scope="row"{css}>{text}</th>')
            else:
                cells.append(f"<td{css}>{text}</td>")
        parts.append(f"<tr>{''.join(cells)}</tr>")
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


def heading(text: str, level: int = 3) -> Html:
    """An escaped heading, for headings whose text comes from the data (a council name)."""
    if not 1 <= level <= 6:
        msg = f"heading(): level must be 1..6, got {level}"
        raise ValueError(msg)
    return Html(f"<h{level}>{escape(text)}</h{level}>")


def bullets(items: Iterable[object]) -> Html:
    """An escaped bulleted list."""
    return Html("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>")


def join(*fragments: Html) -> Html:
    """Several fragments shown as one output."""
    return Html("".join(fragment.markup for fragment in fragments))
