"""The canonical schema, declared once: fields (:mod:`.fields`), tables (:mod:`.tables`) and
vocabularies (:mod:`.vocabularies`).

Validation (:func:`conform`), empty frames, the data dictionary in ``docs/data-dictionary.md``,
the report's column headings, status labels and colours, and the workbook's headers are all
derived from these declarations; no other module holds a column label or a status colour.
"""

from __future__ import annotations

import polars as pl

from cpcanalysis.errors import CpcError
from cpcanalysis.schema.fields import FIELDS, FORMATS, Field
from cpcanalysis.schema.tables import ALL_TABLES, TABLES, Column, Table
from cpcanalysis.schema.vocabularies import (
    CORE_ELEMENTS,
    DEADLINE_CLASSES,
    DEADLINE_KINDS,
    DEADLINE_STATES,
    DOCUMENT_KINDS,
    FOCUS_GROUPS,
    ISSUE_CODES,
    MATCH_OUTCOMES,
    PLAN_DATE_SOURCES,
    REVISION_SOURCES,
    SEVERITIES,
    STATUSES,
    SUMMARY_SCOPES,
    Term,
    Vocabulary,
)

__all__ = [
    "ALL_TABLES",
    "CORE_ELEMENTS",
    "DEADLINE_CLASSES",
    "DEADLINE_KINDS",
    "DEADLINE_STATES",
    "DOCUMENT_KINDS",
    "FIELDS",
    "FOCUS_GROUPS",
    "FORMATS",
    "ISSUE_CODES",
    "MATCH_OUTCOMES",
    "PLAN_DATE_SOURCES",
    "REVISION_SOURCES",
    "SEVERITIES",
    "STATUSES",
    "SUMMARY_SCOPES",
    "TABLES",
    "Column",
    "Field",
    "Table",
    "Term",
    "Vocabulary",
    "column_names",
    "conform",
    "empty_frame",
    "field_format",
    "label",
    "labels",
    "schema_of",
]


def schema_of(table: str) -> pl.Schema:
    """The polars schema of a canonical table."""
    return pl.Schema({f.name: f.dtype for f in TABLES[table]})


def column_names(table: str) -> list[str]:
    """The columns of a table or report view, in declared order (to select a view's frame)."""
    return [c.name for c in ALL_TABLES[table].columns]


def empty_frame(table: str) -> pl.DataFrame:
    return pl.DataFrame(schema=schema_of(table))


def labels(table: str) -> dict[str, str]:
    """column -> label for a table or report view, as declared."""
    return {f.name: f.label for f in ALL_TABLES[table].fields()}


def label(name: str, table: str | None = None) -> str:
    """How a column is named for a reader: its label in ``table`` if given, else the field's
    label; a name that is not a declared field is returned as it is (a value used as a
    column, such as a status label in a pivoted table)."""
    if table is not None:
        found = labels(table).get(name)
        if found is not None:
            return found
    field = FIELDS.get(name)
    return field.label if field is not None else name


def field_format(name: str) -> str | None:
    """The display format of a declared field (``percent``, ``date``, ...), None if undeclared."""
    field = FIELDS.get(name)
    return field.format if field is not None else None


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Order and cast ``frame``'s columns to the declared schema, refusing unknown or bad values.

    Columns the schema declares but the frame lacks are added as nulls; a column the schema does
    not declare is an error (every produced column must be declared).
    """
    fields = TABLES[table]
    names = [f.name for f in fields]
    extra = [c for c in frame.columns if c not in names]
    if extra:
        msg = f"table {table!r} has undeclared columns {extra}; declare them in cpcanalysis/schema"
        raise CpcError(msg)
    frame = frame.with_columns(
        pl.lit(None, dtype=f.dtype).alias(f.name) for f in fields if f.name not in frame.columns
    )
    frame = frame.select(pl.col(f.name).cast(f.dtype) for f in fields)
    for f in fields:
        if f.allowed is not None:
            bad = frame.filter(pl.col(f.name).is_not_null() & ~pl.col(f.name).is_in(f.allowed))
            if bad.height:
                msg = (
                    f"table {table!r} column {f.name!r} holds {bad[f.name][0]!r}, "
                    f"expected one of {list(f.allowed)}"
                )
                raise CpcError(msg)
        if not f.nullable and frame[f.name].null_count():
            msg = f"table {table!r} column {f.name!r} has nulls but is declared not nullable"
            raise CpcError(msg)
    return frame
