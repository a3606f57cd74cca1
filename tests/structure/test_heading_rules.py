"""Recommendation headings, lead-in sentences and lists of dates, as councils write them."""

import polars as pl

from cpcanalysis import load, parse_deadlines


def _load(tmp_path, name: str, body: str):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return load(path, themes=False)


def test_a_short_titled_heading_takes_its_text_from_the_paragraph_below(tmp_path):
    plans = _load(
        tmp_path,
        "plan.md",
        "## Recommendation 2 – Financial resilience\n\n"
        "Develop a medium-term financial plan that shows how the budget will balance.\n\n"
        "| Action | Lead | Due |\n|---|---|---|\n| Agree a budget strategy | Director of Finance | "
        "September 2025 |\n",
    )
    rec = plans.recommendations.row(0, named=True)
    assert (
        rec["text"]
        == "Develop a medium-term financial plan that shows how the budget will balance."
    )
    assert (rec["rec_label"], rec["rec_title"], rec["rec_no"]) == (
        "Recommendation 2 –",
        "Financial resilience",
        2,
    )
    assert "titled_recommendation" in plans.issues["code"].to_list()


def test_a_full_heading_keeps_its_text_and_the_reply_below_stays_context(tmp_path):
    plans = _load(
        tmp_path,
        "plan.md",
        "## R1 – Set out a clear, shared vision for the district with partners\n\n"
        "The council accepts this recommendation in full.\n\n"
        "| Action | Lead | Due |\n|---|---|---|\n"
        "| Hold a workshop | Chief Executive | March 2025 |\n",
    )
    rec = plans.recommendations.row(0, named=True)
    assert rec["text"] == "Set out a clear, shared vision for the district with partners"
    assert rec["rec_title"] is None


def test_a_lead_in_sentence_is_not_an_action_and_is_kept(tmp_path):
    plans = _load(
        tmp_path,
        "plan.csv",
        "Recommendation,Our response and actions,Timescales,Lead\n"
        '"1. Set out shared priorities","We accept this. To do this we will:\n'
        '• Agree a partnership plan\n• Publish a summary",'
        '"September 2024\nComplete",Chief Executive\n',
    )
    actions = plans.actions
    assert actions["text"].to_list() == ["Agree a partnership plan", "Publish a summary"]
    assert actions["deadline_kind"].to_list() == ["date", "complete"]
    assert (
        actions["other_text"].to_list()
        == ["Our response and actions: We accept this. To do this we will:"] * 2
    )
    assert plans.issues.filter(pl.col("code") == "lead_in").height == 1


def test_a_list_of_dates_with_status_words_gives_one_reading_per_line():
    readings = parse_deadlines("September 2024\nComplete\nFrom March 2025")
    assert [(d.text, d.kind) for d in readings] == [
        ("September 2024", "date"),
        ("Complete", "complete"),
        ("From March 2025", "open_ended"),
    ]
    # a range broken over two lines stays one range
    assert [d.kind for d in parse_deadlines("July 2024 -\nFebruary 2025")] == ["period"]
