"""``cpcanalysis inspect PATH``: how a file (or each file of a data folder) is read, as text
for a terminal, ending with a verdict: read cleanly, or the reading warnings to look at."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cpcanalysis.issues import of_code, without_code
from cpcanalysis.load import PlanSet, load
from cpcanalysis.structure.checks import CHECK_CODES


def _clip(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe(path: str | Path, *, max_bytes: int | None = None) -> str:
    """The reading of ``path``: one file, or every document of a data folder in turn."""
    path = Path(path)
    # one file that cannot be read is the error; in a folder, each bad file is reported
    errors = "report" if path.is_dir() else "raise"
    plans = load(path, progress=False, max_bytes=max_bytes, errors=errors)
    parts = [_document(plans, plan_id) for plan_id in plans.plans["plan_id"]]
    failed = plans.failed()
    for row in failed.iter_rows(named=True):
        parts.append(f"{row['source_path']}: not read: {row['message']}")
    if len(parts) > 1:
        warned = plans.plans.filter(pl.col("n_reading_warnings") > 0).height
        clean = plans.plans.height - warned
        parts.append(
            f"Folder: {plans.plans.height} documents read ({clean} cleanly, {warned} with reading "
            f"warnings), {failed.height} not read"
        )
    return "\n\n".join(parts)


def _document(plans: PlanSet, plan_id: str) -> str:
    mine = pl.col("plan_id") == plan_id
    plan = plans.plans.filter(mine).row(0, named=True)
    issues = plans.issues.filter(mine)
    source = "from plans.toml" if plan["in_manifest"] else "inferred from the file name"
    lines = [
        f"{plan['source_path']}: read as {plan['source_format']}",
        f"  council ({source}): {plan['council']}",
        f"  {PlanSet.count_recommendations(plans.recommendations.filter(mine))}, "
        f"{plan['n_actions']} actions",
        "",
        "Columns:",
    ]
    for row in of_code(issues, "column_role").iter_rows(named=True):
        lines.append(f"  {row['column']!r}: {row['message']}")
    lines += ["", "Recommendations and actions:"]
    lines += _recommendations(plans.recommendations.filter(mine), plans.actions.filter(mine))
    notes = without_code(issues, "column_role", *CHECK_CODES)
    lines += ["", f"Notes ({notes.height}):"]
    for row in notes.iter_rows(named=True):
        lines.append(f"  {row['severity']:<7} {_where(row)}: {_clip(row['message'], 90)}")
    lines += ["", _verdict(of_code(issues, *CHECK_CODES))]
    return "\n".join(lines)


def _recommendations(recs: pl.DataFrame, actions: pl.DataFrame) -> list[str]:
    lines = []
    for rec in recs.iter_rows(named=True):
        label = f"[{rec['rec_label']}]" if rec["rec_label"] else "[by position]"
        lines.append(
            f"  {rec['rec_id']:>4} {label} {_clip(rec['text'])}  (row {rec['source_row']})"
        )
        for act in actions.filter(pl.col("rec_id") == rec["rec_id"]).iter_rows(named=True):
            due = act["deadline_end"] or act["deadline_kind"]
            lines.append(
                f"       {act['action_no']:>2}. {_clip(act['text'], 50)} | due {due} "
                f"| {act['status']} | lead {', '.join(act['lead']) or '-'}"
                + (f" | sponsor {', '.join(act['sponsor'])}" if act["sponsor"] else "")
            )
    return lines


def _where(row: dict) -> str:
    where = f"row {row['source_row']}" if row["source_row"] is not None else "file"
    return where + (f", {row['column']}" if row["column"] else "")


def _verdict(warnings: pl.DataFrame) -> str:
    """The last line: read cleanly, or every reading warning in full."""
    if warnings.is_empty():
        return "Verdict: read cleanly (no reading warning)."
    codes = ", ".join(sorted(set(warnings["code"])))
    lines = [f"Verdict: {warnings.height} reading warnings ({codes}): check these places"]
    for row in warnings.iter_rows(named=True):
        lines.append(f"  {row['code']}, {_where(row)}: {row['message']}")
    return "\n".join(lines)
