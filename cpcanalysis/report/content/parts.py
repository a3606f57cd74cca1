"""What a section cell displays: several outputs in order (:class:`Parts`), and a table of a
report view (:func:`view_table`), headed as the schema labels the view's columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from cpcanalysis.report.content.figure import Figure
from cpcanalysis.report.content.html import Html, table
from cpcanalysis.schema import field_format, label

__all__ = ["Parts", "view_table"]


@dataclass(frozen=True)
class Parts:
    """Several outputs shown one after another by one notebook cell."""

    parts: tuple[Html | Figure, ...]

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for part in self.parts:
            display(part)


# columns of long text, kept wide enough to read; columns of identifiers set as code
_WIDE = (
    "text",
    "recommendation_text",
    "update_text",
    "revision_evidence",
    "message",
    "action_caption",
    "status_mix",
)
_CODE = ("source_path", "sha256")


def view_table(frame: pl.DataFrame, caption: str, view: str, **options: Any) -> Html:
    """``html.table`` of a report view: headings as the schema labels the view's columns,
    shares shown as percentages, long texts kept wide, paths and digests set as code."""
    return table(
        frame,
        caption=caption,
        labels={c: label(c, view) for c in frame.columns},
        percent=[c for c in frame.columns if field_format(c) == "percent"],
        wide=[c for c in _WIDE if c in frame.columns],
        code=[c for c in _CODE if c in frame.columns],
        **options,
    )
