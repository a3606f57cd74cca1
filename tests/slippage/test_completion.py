"""Completion read from the whole update (issue 17, item 5): a clear statement that the work is
done, anywhere in the update, completes a Green or blank action with an info issue; negation,
the future, a part done and work still to do are not completion; a Red or Amber rating is kept
with a warning."""

from __future__ import annotations

import polars as pl
import pytest

from cpcanalysis import load
from cpcanalysis.slippage import measure
from cpcanalysis.status import completion_said


@pytest.mark.parametrize(
    ("update", "said"),
    [
        (
            "Scoping began in May. A supplier was chosen in June. The work was delivered in March.",
            "The work was delivered in March",
        ),
        ("Consultation closed. The review has been completed.", "The review has been completed"),
        ("Governance changes agreed; the action is now complete", "the action is now complete"),
        (
            "Procurement took a year. The new website went live in August 2025.",
            "The new website went live in August 2025",
        ),
        (
            "Training for all members was completed in July. Feedback was positive.",
            "Training for all members was completed in July",
        ),
        # the short opening of before still counts
        ("Actions complete. Other evidence inc: training delivered.", "Actions complete"),
    ],
)
def test_a_clear_statement_anywhere_in_the_update_is_completion(update, said):
    assert completion_said(update) == said


@pytest.mark.parametrize(
    "update",
    [
        "Scoping began in May. The review will be completed by March.",
        "Scoping began in May. The review is not yet complete.",
        "Scoping began in May. The review has not been completed.",
        "Scoping began in May. It should have been completed by March.",
        "Once the review has been completed, the plan will be updated.",
        "Scoping began in May. The first phase was delivered in March.",
        "Scoping began in May. The draft was completed in March.",
        "Scoping began in May. 60% of staff were trained; sessions were delivered in March.",
        "Scoping began in May. The review was completed but implementation is ongoing.",
        "The review was completed in March. Implementation is in progress.",
        "The system went live in March. Further training will be delivered in 2026.",
        "Digital and ICT Strategy complete and passed to service for delivery",
        "",
        None,
    ],
)
def test_what_is_not_completion(update):
    assert completion_said(update) is None


PLAN = (
    "Recommendation,Action,Deadline,Status,Update\n"
    '1. Modernise finance,Replace the finance system,March 2025,{rag},"{update}"\n'
)
LATE = "Procurement began in 2024. The supplier was appointed. The new system went live in July."


@pytest.mark.parametrize(
    ("rag", "status", "code", "severity"),
    [
        ("Green", "complete", "completion_in_update", "info"),
        ("", "complete", "completion_in_update", "info"),
        ("Amber", "at_risk", "completion_conflict", "warning"),
        ("Red", "off_track", "completion_conflict", "warning"),
    ],
)
def test_completion_in_the_third_sentence_completes_green_and_blank_only(
    tmp_path, rag, status, code, severity
):
    path = tmp_path / "plan.csv"
    path.write_text(PLAN.format(rag=rag, update=LATE), encoding="utf-8")
    plans = load(path, progress=False, themes=False)
    assert plans.actions["status"].to_list() == [status]
    (issue,) = plans.issues.filter(pl.col("code") == code).rows(named=True)
    assert issue["severity"] == severity
    assert "update text says 'The new system went live in July'" in issue["message"]
    # as Green it was 184 days overdue and "optimistic" at 1 October 2025; complete, it is not
    out = measure(plans.actions, as_of="2025-10-01")
    assert out["is_overdue"].to_list() == [status != "complete"]
