"""The data dictionary, generated from :mod:`cpcanalysis.schema` (never written by hand)."""

from __future__ import annotations

import polars as pl

from cpcanalysis.schema import TABLES

_INTRO = {
    "plans": "One row per document (an action plan, a tracker, a progress review).",
    "recommendations": "One row per recommendation, or per part of a recommendation with parts.",
    "actions": "One row per action: what the council said it would do, by when, and progress.",
    "issues": "One row per thing a document could not give cleanly: repairs made, ambiguities, "
    "values that could not be read.",
}


def _dtype_name(dtype: pl.DataType | type[pl.DataType]) -> str:
    return str(dtype).replace("String", "str")


def render_dictionary() -> str:
    """Markdown describing every declared table and column."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `cpcanalysis/schema.py` by `cpcanalysis dictionary`; do not edit by hand.",
        "",
    ]
    for table, fields in TABLES.items():
        lines += [f"## `{table}`", ""]
        if table in _INTRO:
            lines += [_INTRO[table], ""]
        lines += ["| column | type | null? | meaning | allowed values |", "|---|---|---|---|---|"]
        for f in fields:
            allowed = ", ".join(f"`{v}`" for v in f.allowed) if f.allowed else ""
            null = "yes" if f.nullable else "no"
            description = f.description.replace("|", "\\|")
            lines.append(
                f"| `{f.name}` | {_dtype_name(f.dtype)} | {null} | {description} | {allowed} |"
            )
        lines.append("")
    return "\n".join(lines)
