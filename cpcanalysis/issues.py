"""The issues log: everything a document could not give cleanly, kept and shown, never dropped.

Structure and cleaning record here each repair (info), each ambiguity or unreadable value
(warning), and each document that could not be used (error). The log becomes the ``issues``
frame of the canonical schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from cpcanalysis.schema import conform


@dataclass
class IssueLog:
    plan_id: str
    source_path: str
    records: list[dict] = field(default_factory=list)

    def add(
        self, severity: str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        record = {
            "plan_id": self.plan_id,
            "source_path": self.source_path,
            "source_row": row,
            "column": column,
            "severity": severity,
            "message": message,
        }
        if record not in self.records:  # one note per place, however many actions share it
            self.records.append(record)

    def info(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        self.add("info", message, row=row, column=column)

    def warning(self, message: str, *, row: int | None = None, column: str | None = None) -> None:
        self.add("warning", message, row=row, column=column)

    def frame(self) -> pl.DataFrame:
        frame = conform(pl.DataFrame(self.records, infer_schema_length=None), "issues")
        # in file order; notes about the whole file first
        return frame.sort("source_row", nulls_last=False, maintain_order=True)
