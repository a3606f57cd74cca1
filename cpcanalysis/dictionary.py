"""The data dictionary, generated from :mod:`cpcanalysis.schema` (never written by hand)."""

from __future__ import annotations

import polars as pl

from cpcanalysis.schema import ALL_TABLES, FIELDS, TABLES, Vocabulary


def _dtype_name(dtype: pl.DataType | type[pl.DataType]) -> str:
    return str(dtype).replace("String", "str")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _vocabularies() -> list[Vocabulary]:
    """Every vocabulary a canonical table uses, in order of first use."""
    found: dict[str, Vocabulary] = {}
    for fields in TABLES.values():
        for f in fields:
            if f.vocabulary is not None:
                found.setdefault(f.vocabulary.name, f.vocabulary)
    return list(found.values())


def render_dictionary() -> str:
    """Markdown describing every declared table, column and vocabulary."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from `cpcanalysis/schema/` by `cpcanalysis dictionary`; do not edit by hand.",
        "Labels are the column headings the report and the Excel workbook show.",
        "",
    ]
    for table, fields in TABLES.items():
        lines += [f"## `{table}`", "", ALL_TABLES[table].description, ""]
        lines += [
            "| column | label | type | null? | meaning | allowed values |",
            "|---|---|---|---|---|---|",
        ]
        for f in fields:
            allowed = f"see *{f.vocabulary.name}* below" if f.vocabulary is not None else ""
            null = "yes" if f.nullable else "no"
            lines.append(
                f"| `{f.name}` | {_cell(f.label)} | {_dtype_name(f.dtype)} | {null} | "
                f"{_cell(f.description)} | {allowed} |"
            )
        lines.append("")
    lines += ["## Vocabularies", ""]
    for vocabulary in _vocabularies():
        lines += [f"### {vocabulary.name}", "", "| code | label | meaning |", "|---|---|---|"]
        for term in vocabulary.terms:
            lines.append(f"| `{term.code}` | {_cell(term.label)} | {_cell(term.description)} |")
        lines.append("")
    used = {f.name for fields in TABLES.values() for f in fields}
    report_only = [n for n in FIELDS if n not in used]
    lines += [
        "## Report columns",
        "",
        "Columns the report's own frames add (declared in `cpcanalysis/schema/fields.py`): "
        + ", ".join(f"`{n}` ({FIELDS[n].label})" for n in report_only)
        + ".",
        "",
    ]
    return "\n".join(lines)
