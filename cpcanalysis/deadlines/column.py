"""Deadlines for a whole polars column, each distinct phrase read once."""

from __future__ import annotations

from datetime import date

import polars as pl

from cpcanalysis.deadlines.reading import parse_deadline

COLUMN_SCHEMA = pl.Schema(
    {
        "start": pl.Date,
        "end": pl.Date,
        "kind": pl.String,
        "precision": pl.String,
        "note": pl.String,
    }
)


def parse_deadline_column(column: pl.Series, *, reference: date | None = None) -> pl.DataFrame:
    """Read every cell of ``column`` with :func:`parse_deadline`.

    Returns a frame of the same length and order with columns ``start``, ``end`` (Date),
    ``kind``, ``precision`` and ``note`` (String). Each distinct phrase is parsed once and joined
    back, so a long column of repeated phrases costs little more than its distinct values. A
    column of dates (a spreadsheet's date cells) is read through its ISO text.
    """
    text = column.cast(pl.String) if column.dtype != pl.String else column
    distinct = text.unique(maintain_order=True)
    readings = [parse_deadline(value, reference=reference) for value in distinct.to_list()]
    lookup = pl.DataFrame(
        {
            "key": distinct,
            "start": [r.start for r in readings],
            "end": [r.end for r in readings],
            "kind": [r.kind for r in readings],
            "precision": [r.precision for r in readings],
            "note": [r.note for r in readings],
        },
        schema={"key": pl.String, **COLUMN_SCHEMA},
    )
    frame = text.rename("key").to_frame()
    joined = frame.join(lookup, on="key", how="left", nulls_equal=True, maintain_order="left")
    return joined.select(COLUMN_SCHEMA.names())
