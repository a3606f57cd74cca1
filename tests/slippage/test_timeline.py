"""The plan's adoption date as a document states it (issue 17, item 3): read and cited; a future
or draft adoption, another plan's, or a vague date is not read."""

from __future__ import annotations

from datetime import date

import pytest

from cpcanalysis.readers.contract import RawDocument, RawRow
from cpcanalysis.slippage.adoption import adoption_in_text, adoption_stated


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("The action plan was agreed by Cabinet on 10 December 2024.", date(2024, 12, 10)),
        ("Action plan adopted by Council, 23/01/2025", date(2025, 1, 23)),
        ("Cabinet approved the action plan in December 2024.", date(2024, 12, 1)),
        ("In March 2025 the improvement plan was endorsed by Full Council", date(2025, 3, 1)),
        (
            "Position at 31 March 2025. The action plan was agreed on 2 October 2024.",
            date(2024, 10, 2),
        ),
    ],
)
def test_a_stated_adoption_is_read(text, day):
    found = adoption_in_text(text)
    assert found is not None and found[0] == day


@pytest.mark.parametrize(
    "text",
    [
        "The action plan will be agreed by Cabinet in January 2025.",
        "The draft action plan was approved for consultation in November 2024.",
        "The workforce strategy was approved by Cabinet in March 2025.",  # another plan
        "The action plan was agreed in 2024/25.",  # a vague date cannot be the day
        "The action plan was agreed.",
        "Position at 31 March 2025.",
        "",
        None,
    ],
)
def test_what_is_not_a_stated_adoption(text):
    assert adoption_in_text(text) is None


def test_the_first_statement_in_reading_order_is_cited_with_its_place():
    doc = RawDocument(
        path=None,  # type: ignore[arg-type]
        format="xlsx",
        rows=[
            RawRow("row", ("Council tracker",), 1, table="Tracker"),
            RawRow(
                "row", ("The action plan was agreed by Cabinet on 10 December 2024.",), 2, "Tracker"
            ),
            RawRow("row", ("Action plan adopted 1 January 2025",), 7, table="Tracker"),
        ],
    )
    stated = adoption_stated(doc)
    assert stated is not None
    assert stated.date == date(2024, 12, 10)
    assert stated.evidence == (
        "Tracker, row 2: 'The action plan was agreed by Cabinet on 10 December 2024'"
    )
