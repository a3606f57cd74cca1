"""Deadline classes and overdue actions at an as-of date.

Only a *dated* deadline (a day, week, month or quarter) can be overdue. Vague, ongoing,
open-ended and undated deadlines are counted apart: their ``is_overdue`` is null, never False,
so that "not overdue" always means "due later, or done". A second, *lenient* reading
(``is_overdue_lenient``) also judges a vague deadline ("2024/25", "Summer 2025"), overdue once
its whole period has ended. In a document that gives no statuses at all, an action past its due
date is neither overdue nor not: its ``is_overdue`` is null (unknown is not zero).
"""

from __future__ import annotations

import polars as pl

from cpcanalysis.errors import CpcError
from cpcanalysis.slippage.vocabulary import class_rules


def _check_vocabulary(actions: pl.DataFrame) -> None:
    rules = class_rules()
    precisions = actions.filter(
        ~pl.col("deadline_kind").is_in(list(rules.by_kind)) & pl.col("deadline_end").is_not_null()
    )["deadline_precision"]
    unknown = sorted(set(precisions.drop_nulls().to_list()) - set(rules.by_precision))
    if unknown:
        msg = f"deadline_precision {unknown} has no deadline_class"
        raise CpcError(msg, hint="add it under [precisions] in cpcanalysis/data/slippage/")


def deadline_class(actions: pl.DataFrame) -> pl.Series:
    """Each action's ``deadline_class``: dated, vague, ongoing, open_ended or undated.

    The kind decides first (ongoing, open_ended; complete and unknown are undated); a kind with a
    date (date, period, a resolved relative deadline) is classed by its precision, and is undated
    when it has no due date.
    """
    _check_vocabulary(actions)
    rules = class_rules()
    by_kind = pl.col("deadline_kind").replace_strict(
        rules.by_kind, default=None, return_dtype=pl.String
    )
    by_precision = pl.col("deadline_precision").replace_strict(
        rules.by_precision, default=None, return_dtype=pl.String
    )
    expr = (
        pl.when(by_kind.is_not_null())
        .then(by_kind)
        .when(pl.col("deadline_end").is_null())
        .then(pl.lit("undated"))
        .when(pl.col("deadline_precision").is_null())
        .then(pl.lit(rules.missing_precision))
        .otherwise(by_precision)
    )
    return actions.select(expr.alias("deadline_class"))["deadline_class"]


LENIENT_CLASSES = ("dated", "vague")


def _overdue(classes: tuple[str, ...]) -> pl.Expr:
    """Overdue at the as-of date for deadlines of ``classes``: null when not judged (another
    class, no as-of date) or when past due in a document that gives no statuses."""
    judged = pl.col("deadline_class").is_in(classes) & pl.col("as_of").is_not_null()
    not_due = pl.col("deadline_end") >= pl.col("as_of")
    statuses = (pl.col("status") != "unknown").any().over("plan_id")
    return (
        pl.when(~judged)
        .then(None)
        .when(not_due | (pl.col("status") == "complete"))
        .then(False)
        .when(statuses)
        .then(True)
        .otherwise(None)
    )


def overdue_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Add ``is_overdue``, ``days_overdue``, ``optimistic`` and ``is_overdue_lenient`` to a
    frame with ``as_of``.

    ``frame`` needs ``plan_id``, ``deadline_class``, ``deadline_end``, ``status`` and ``as_of``
    (the date to judge at, per row). An action is overdue when its deadline is dated, its due
    date is before the as-of date and its status is not complete; null when the class is not
    dated, the as-of date is unknown, or its document gives no status at all. ``days_overdue``
    counts days from the due date to the as-of date for overdue actions. ``optimistic`` marks
    overdue actions rated on track (a green RAG). ``is_overdue_lenient`` reads vague deadlines
    the same way, by the last day of their period.
    """
    return frame.with_columns(
        _overdue(("dated",)).alias("is_overdue"),
        _overdue(LENIENT_CLASSES).alias("is_overdue_lenient"),
    ).with_columns(
        pl.when(pl.col("is_overdue"))
        .then((pl.col("as_of") - pl.col("deadline_end")).dt.total_days())
        .otherwise(None)
        .cast(pl.Int64)
        .alias("days_overdue"),
        pl.when(pl.col("is_overdue").is_not_null())
        .then(pl.col("is_overdue") & (pl.col("status") == "on_track"))
        .otherwise(None)
        .alias("optimistic"),
    )
