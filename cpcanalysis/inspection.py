"""``cpcanalysis inspect FILE``: how one file is read, as text for a terminal."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from cpcanalysis.issues import of_code, without_code
from cpcanalysis.load import load


def _clip(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe(path: str | Path, *, max_bytes: int | None = None) -> str:
    plans = load(Path(path), progress=False, max_bytes=max_bytes)
    plan = plans.plans.row(0, named=True)
    lines = [
        f"{plan['source_path']}: read as {plan['source_format']}",
        f"  council ({'from plans.toml' if plan['in_manifest'] else 'inferred from the file name'})"
        f": {plan['council']}",
        f"  {plan['n_recommendations']} recommendations, {plan['n_actions']} actions",
        "",
        "Columns:",
    ]
    for row in of_code(plans.issues, "column_role").iter_rows(named=True):
        lines.append(f"  {row['column']!r}: {row['message']}")
    lines += ["", "Recommendations and actions:"]
    actions = plans.actions
    for rec in plans.recommendations.iter_rows(named=True):
        label = f"[{rec['rec_label']}]" if rec["rec_label"] else "[by position]"
        lines.append(
            f"  {rec['rec_id']:>4} {label} {_clip(rec['text'])}  (row {rec['source_row']})"
        )
        mine = actions.filter(pl.col("rec_id") == rec["rec_id"])
        for act in mine.iter_rows(named=True):
            due = act["deadline_end"] or act["deadline_kind"]
            lines.append(
                f"       {act['action_no']:>2}. {_clip(act['text'], 50)} | due {due} "
                f"| {act['status']} | lead {', '.join(act['lead']) or '-'}"
                + (f" | sponsor {', '.join(act['sponsor'])}" if act["sponsor"] else "")
            )
    notes = without_code(plans.issues, "column_role")
    lines += ["", f"Notes ({notes.height}):"]
    for row in notes.iter_rows(named=True):
        where = f"row {row['source_row']}" if row["source_row"] is not None else "file"
        column = f", {row['column']}" if row["column"] else ""
        lines.append(f"  {row['severity']:<7} {where}{column}: {_clip(row['message'], 90)}")
    return "\n".join(lines)
