"""The same plan in every format and layout gives one canonical result.

SYNTHETIC plans (tests/support/synthetic) are written in each layout councils use and in every
format the readers take; loading each must give the recommendations, actions, deadlines, owners and
statuses the plan holds: one expected frame per layout, parametrised over formats.
"""

from datetime import date

import polars as pl
import pytest
from support.synthetic import FORMATS, LAYOUTS, NUMBERING, layout, sample_plan, write
from support.synthetic.plan import as_text

from cpcanalysis import load

# what the sample plan's deadlines and statuses mean (read by hand, not by the grammar)
DUE = {
    "March 2025": date(2025, 3, 31),
    "31/03/2025": date(2025, 3, 31),
    "Q3 2024/25": date(2024, 12, 31),
    "Ongoing": None,
    "Summer 2025": date(2025, 8, 31),
    "2025/26": date(2026, 3, 31),
    "June 2025": date(2025, 6, 30),
    "Winter 2025": date(2026, 2, 28),
    "": None,
}
STATUS = {"Green": "on_track", "Amber": "at_risk", "Red": "off_track", "Complete": "complete"}


def expected_frame(plan, layout_name: str) -> pl.DataFrame:
    rows = []
    for i, rec in enumerate(plan.recommendations):
        owners = list(dict.fromkeys(a.owner for a in rec.actions))
        for j, action in enumerate(rec.actions):
            if layout_name == "bulleted":
                # one owner cell and one status for the row: shared by its actions
                lead = owners if len(owners) != len(rec.actions) else [action.owner]
                status = STATUS[rec.actions[0].status]
            else:
                lead, status = [action.owner], STATUS[action.status]
            rows.append(
                {
                    "rec_no": i + 1,
                    "rec_text": rec.text,
                    "action_no": j + 1,
                    "text": action.text,
                    "deadline_end": DUE[as_text(action.deadline)],
                    "lead": [] if layout_name == "by_owner" else lead,
                    "sponsor": [action.owner] if layout_name == "by_owner" else [],
                    "status": status,
                    "revised_end": DUE[action.revised] if layout_name == "revised" else None,
                }
            )
    return pl.DataFrame(rows, schema_overrides={"deadline_end": pl.Date, "revised_end": pl.Date})


def canonical(plans) -> pl.DataFrame:
    recs = plans.recommendations.select("rec_id", "rec_no", pl.col("text").alias("rec_text"))
    frame = plans.actions.join(recs, on=["rec_id", "rec_no"], how="left")
    return frame.select(
        "rec_no",
        "rec_text",
        "action_no",
        "text",
        "deadline_end",
        "lead",
        "sponsor",
        "status",
        "revised_end",
    ).sort("rec_no", "action_no")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("layout_name", sorted(LAYOUTS))
def test_every_format_and_layout_gives_the_plan(tmp_path, layout_name, fmt):
    plan = sample_plan()
    path = write(layout(plan, layout_name), fmt, tmp_path)
    plans = load(path)
    got = canonical(plans)
    assert got.to_dicts() == expected_frame(plan, layout_name).to_dicts()
    assert plans.issues.filter(pl.col("severity") == "error").height == 0


@pytest.mark.parametrize("numbering", sorted(NUMBERING))
@pytest.mark.parametrize("fmt", ["xlsx", "docx", "html", "md"])
def test_numbering_styles(tmp_path, numbering, fmt):
    plan = sample_plan(numbering)
    plans = load(write(layout(plan, "repeated"), fmt, tmp_path))
    recs = plans.recommendations
    assert recs["rec_no"].to_list() == [1, 2, 3]
    assert recs["text"].to_list() == [r.text for r in plan.recommendations]
    expected_ids = {"1.1": ["1.1", "1.2", "1.3"]}.get(numbering, ["1", "2", "3"])
    assert recs["rec_id"].to_list() == expected_ids


def test_grouping_heading_is_kept_as_the_section(tmp_path):
    plans = load(write(layout(sample_plan(), "by_owner"), "xlsx", tmp_path))
    sections = plans.actions.select("text", "section").rows()
    assert ("Train staff in new systems", "SRO: HR Manager") in sections


def test_hidden_rows_are_read_and_flagged(tmp_path):
    plans = load(write(layout(sample_plan(), "repeated"), "xlsx", tmp_path))
    assert "Run a joint development programme" in plans.actions["text"].to_list()
    assert any("hidden" in m for m in plans.issues["message"])


def test_legend_sheet_is_read_as_a_legend_not_a_plan(tmp_path):
    plans = load(write(layout(sample_plan(), "repeated"), "xlsx", tmp_path))
    assert plans.plans["n_recommendations"].to_list() == [3]
    legend_notes = [m for m in plans.issues["message"] if m.startswith("legend in the file")]
    assert len(legend_notes) == 3


def test_readme_table_names_a_test_for_every_format_and_layout():
    """docs/formats.md (the README links to it) has one row per layout naming every format's
    test."""
    from support.paths import ROOT

    page = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    header = "| layout \\ format | " + " | ".join(sorted(FORMATS)) + " |"
    assert header in page
    for layout_name in LAYOUTS:
        row = f"| {layout_name} | " + " | ".join(
            f"`{layout_name}-{fmt}`" for fmt in sorted(FORMATS)
        )
        assert row in page, layout_name
