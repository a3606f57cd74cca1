"""The issues log: everything a document could not give cleanly, kept and shown, never dropped.

Reading and structure record here each repair (info), each ambiguity or unreadable value
(warning), and each document that could not be used (error), each with a ``code`` naming its
kind (:data:`cpcanalysis.schema.ISSUE_CODES`, listed in the data dictionary). Tools filter on
the code; the message is for people. The log becomes the ``issues`` frame of the schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypedDict, Unpack

import polars as pl

from cpcanalysis.schema import ISSUE_CODES, conform


class Place(TypedDict, total=False):
    """Where in its file a note is: ``row`` counts within ``table`` (a sheet's name or "table N")
    in a document of several tables, as the records' source_row and source_table do."""

    row: int | None
    table: str | None
    column: str | None


@dataclass
class IssueLog:
    plan_id: str
    source_path: str
    records: list[dict] = field(default_factory=list)
    _seen: set[tuple] = field(default_factory=set, repr=False)

    def add(self, severity: str, code: str, message: str, **place: Unpack[Place]) -> None:
        """One note at ``place`` (see :class:`Place`; none: about the whole file)."""
        if code not in ISSUE_CODES:  # a programming error: every kind of issue is declared
            msg = f"issue code {code!r} is not declared in cpcanalysis/schema/vocabularies.py"
            raise ValueError(msg)
        record = {
            "plan_id": self.plan_id,
            "source_path": self.source_path,
            "source_table": place.get("table"),
            "source_row": place.get("row"),
            "column": place.get("column"),
            "severity": severity,
            "code": code,
            "message": message,
        }
        key = tuple(record.values())
        if key not in self._seen:  # one note per place, however many actions share it
            self._seen.add(key)
            self.records.append(record)

    def info(self, code: str, message: str, **place: Unpack[Place]) -> None:
        """A note of a repair made."""
        self.add("info", code, message, **place)

    def warning(self, code: str, message: str, **place: Unpack[Place]) -> None:
        """A note of an ambiguity, or of a value that could not be read."""
        self.add("warning", code, message, **place)

    def error(self, code: str, message: str, **place: Unpack[Place]) -> None:
        """A note of a document that could not be used."""
        self.add("error", code, message, **place)

    def frame(self) -> pl.DataFrame:
        frame = conform(pl.DataFrame(self.records, infer_schema_length=None), "issues")
        # in file order: notes about the whole file first, then table by table in the order
        # the tables were read, row by row within each
        seen = dict.fromkeys(r["source_table"] for r in self.records)
        rank = {table: i for i, table in enumerate(seen)}
        order = pl.Series("_table", [rank[r["source_table"]] for r in self.records], pl.Int64)
        placed = pl.col("source_row").is_not_null()
        return (
            frame.with_columns(order)
            .sort(placed, "_table", "source_row", maintain_order=True)
            .drop("_table")
        )


def of_code(issues: pl.DataFrame, *codes: str) -> pl.DataFrame:
    """The rows of ``issues`` of the given kinds."""
    return issues.filter(pl.col("code").is_in(codes))


def without_code(issues: pl.DataFrame, *codes: str) -> pl.DataFrame:
    """The rows of ``issues`` of every other kind."""
    return issues.filter(~pl.col("code").is_in(codes))
