"""New targets and completion read from progress updates as officers write them (office corpus)."""

from datetime import date

import pytest

from cpcanalysis.slippage import latest_revision
from cpcanalysis.status import completion_said


@pytest.mark.parametrize(
    ("update", "revised"),
    [
        # the cue's own date is the target, not a budget year mentioned later in the sentence
        (
            "PROPOSED NEW TARGET – 31 March 2026, so that the savings can be included as part "
            "of the 2026/27 budget.",
            date(2026, 3, 31),
        ),
        # a clause after the date is not "October 2024 onwards"
        (
            "Implementation is now expected in October 2024, after the appeals process.",
            date(2024, 10, 31),
        ),
        # "agreed" inside "expected to be agreed" is no past event
        ("The strategy is now expected to be agreed in February 2025.", date(2025, 2, 28)),
        # a short list of targets after one cue: the last is the new target
        ("Adoption is now expected in late 2025 and early 2026.", date(2026, 4, 30)),
    ],
)
def test_the_date_a_revision_cue_introduces_is_the_new_target(update, revised):
    found = latest_revision(update, later_than=date(2024, 6, 30))
    assert found is not None and found.end == revised


def test_an_update_that_plans_more_work_with_a_date_does_not_complete_the_action():
    update = (
        "The council tax online account went live in November. Benefits forms will be live "
        "by the end of February 2026."
    )
    assert completion_said(update) is None
    assert completion_said("The new system went live in March 2025. Staff found it easy.") == (
        "The new system went live in March 2025"
    )
