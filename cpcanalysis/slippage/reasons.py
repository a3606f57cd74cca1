"""Why a figure of the slippage summary is null, in words a reader can quote.

Unknown is not zero: a share whose base is empty, a figure over statuses of a document that gives
none, an overdue count without an as-of date are null, and each summary row says, in
``null_reasons``, which figures are null and why (figures with one reason are listed together:
``share_complete, schedule_index: the document gives no statuses``).
"""

from __future__ import annotations

import polars as pl

__all__ = ["null_reasons"]

_JUDGED = [
    "n_overdue",
    "share_overdue",
    "median_days_overdue",
    "n_due",
    "schedule_index",
    "n_optimistic",
    "share_optimistic",
    "n_due_lenient",
    "n_overdue_lenient",
    "share_overdue_lenient",
    "schedule_index_lenient",
]
# a figure over a count: null when the count is 0 (or null itself)
_BASES = {
    "share_overdue": "n_overdue",
    "median_days_overdue": "n_overdue",
    "n_optimistic": "n_overdue",
    "share_optimistic": "n_overdue",
    "schedule_index": "n_due",
    "share_overdue_lenient": "n_overdue_lenient",
    "schedule_index_lenient": "n_due_lenient",
    "median_slippage_days": "n_revised",
}
_EMPTY = {
    "n_overdue": "no action is overdue",
    "n_due": "no dated action was due by the as-of date",
    "n_overdue_lenient": "no action is overdue in the lenient reading",
    "n_due_lenient": "no dated or vague action was due by the as-of date",
    "n_revised": "no action was revised",
}
_TIMELINE = [
    "cpc_date",
    "plan_published",
    "days_to_plan",
    "plan_within_3_months",
    "plan_within_5_months",
    "review_date",
    "days_to_review",
    "review_about_10_months",
]
# every figure that may be null, in the summary's column order
_FIGURES = (
    "share_complete",
    *_JUDGED[:3],
    "median_slippage_days",
    *_JUDGED[3:],
    *_TIMELINE,
)


def _no_statuses(row: dict) -> str:
    if row["scope"] == "council":
        return "the council's latest documents give no statuses"
    return "the document gives no statuses"


def _timeline_reason(figure: str, row: dict) -> str:
    if figure == "cpc_date":
        return "no CPC date in plans.toml"
    plan = figure in ("plan_published", "days_to_plan", "plan_within_3_months")
    if plan or figure == "plan_within_5_months":
        if row["plan_published"] is None:
            return str(row["plan_published_evidence"] or "the plan's date is unknown")
        return "no CPC date in plans.toml"
    if row["review_date"] is None:
        return "no progress review in the chain (document_kind = progress_review) with a date"
    return "no CPC date in plans.toml"


def _reason(figure: str, row: dict) -> str:
    if figure in _TIMELINE:
        return _timeline_reason(figure, row)
    if figure in _JUDGED and row["as_of"] is None:
        return "no as-of date to judge at"
    base = _BASES.get(figure)
    if base is not None and row[base] == 0:
        return _EMPTY[base]
    if figure == "median_slippage_days":
        return "the revised actions' new dates are unknown (relabelled ongoing or 'TBC')"
    if row["status_coverage"] == 0:
        return _no_statuses(row)
    if figure in ("n_overdue", "n_overdue_lenient"):
        return "actions are past due in a document that gives no statuses"
    return _reason(base, row) if base is not None else "its base is empty"


def _row_reasons(row: dict) -> str | None:
    by_reason: dict[str, list[str]] = {}
    for figure in _FIGURES:
        if row[figure] is None:
            by_reason.setdefault(_reason(figure, row), []).append(figure)
    said = [f"{', '.join(names)}: {reason}" for reason, names in by_reason.items()]
    return "; ".join(said) or None


def null_reasons(summary: pl.DataFrame) -> pl.DataFrame:
    """``summary`` with ``null_reasons``: each null figure of a row and why it is null."""
    reasons = [_row_reasons(row) for row in summary.iter_rows(named=True)]
    return summary.with_columns(pl.Series("null_reasons", reasons, dtype=pl.String))
