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


def test_a_header_over_two_rows_is_read_as_one(tmp_path):
    plans = _load(
        tmp_path,
        "plan.csv",
        "Recommendation,Action,Lead,Target date,Target date,RAG\n"
        "Recommendation,Action,Lead,(original),(revised),RAG\n"
        "R1: Agree a leisure plan,Commission an options appraisal,Director,June 2023,"
        "September 2023,Blue\n",
    )
    action = plans.actions.row(0, named=True)
    assert (action["deadline_text"], action["revised_deadline_text"]) == (
        "June 2023",
        "September 2023",
    )
    assert "two_line_header" in plans.issues["code"].to_list()


def test_a_rec_column_beside_the_recommendation_numbers_it(tmp_path):
    plans = _load(
        tmp_path,
        "plan.csv",
        "Rec,Recommendation,Action,By when\n"
        "R1,Improve housing services,Procure a repairs contract,March 2025\n"
        "R4,Improve the approach to climate change,Retrofit homes,2025/26\n"
        "R2,Refresh the MTFS,Update the MTFS,October 2024\n",
    )
    assert plans.recommendations.select("rec_id", "text").rows() == [
        ("1", "Improve housing services"),
        ("4", "Improve the approach to climate change"),
        ("2", "Refresh the MTFS"),
    ]


def test_two_sentences_beside_listed_dates_are_one_action_but_run_together_ones_split(tmp_path):
    listed = _load(
        tmp_path,
        "listed.csv",
        "Recommendation,Proposals,Timescale\n"
        '1. Improve planning,"We will commission a review. The findings will go to '
        'Committee.","• August 2024\n• January 2025"\n',
    )
    assert listed.actions["text"].to_list() == [
        "We will commission a review. The findings will go to Committee."
    ]
    assert listed.actions["deadline_end"].to_list()[0].isoformat() == "2025-01-31"
    run_together = _load(
        tmp_path,
        "lost.tsv",
        "Recommendation\tAction\tBy When\n"
        "1. Improve planning\tCommission a review. Report the findings.\t"
        "August 2024 January 2025\n",
    )
    assert len(run_together.actions) == 2


def test_a_date_then_a_recurring_word_is_open_ended_with_or_without_a_comma():
    assert [d.kind for d in parse_deadlines("December 2024, then annually")] == ["open_ended"]
    assert [d.kind for d in parse_deadlines("Sept 2025 then annually")] == ["open_ended"]
