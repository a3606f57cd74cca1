"""The report's new parts from small frames, no kernel and no browser: peers, blanks that say
why, the LGA timeline reasons, profiles, findings, progress across versions, national views,
anchors and links."""

from __future__ import annotations

import html
import re
from datetime import date

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.paths import FIXTURES

import cpcanalysis
from cpcanalysis import slippage
from cpcanalysis.charts.labels import action_caption, action_text
from cpcanalysis.report.content import councils, findings, national, summaries, versions
from cpcanalysis.report.content import html as fragments
from cpcanalysis.report.content.html import BLANK_SUFFIX, anchor_id, table


def _plans(*rows: tuple[str, str | None, str | None]) -> pl.DataFrame:
    """council, council_type, region -> a plans frame with the columns peers read."""
    return pl.DataFrame(
        {
            "plan_id": [f"p{i}" for i in range(len(rows))],
            "council": [r[0] for r in rows],
            "council_type": [r[1] for r in rows],
            "region": [r[2] for r in rows],
        },
        schema_overrides={"council_type": pl.String, "region": pl.String},
    )


DISTRICT, UNITARY = "non-metropolitan district", "unitary"


def test_peers_are_the_same_type_and_the_region_only_when_there_are_enough():
    few = _plans(
        ("Focus", DISTRICT, "North West"),
        ("Near", DISTRICT, "North West"),
        ("Far", DISTRICT, "South East"),
        ("Other", UNITARY, "North West"),
    )
    peers = councils.choose_peers(few, "Focus")
    assert peers.councils == ["Far", "Near"]
    assert peers.rule == (
        "the 2 other non-metropolitan district councils (Far and Near) (the region is not "
        "used: 1 of them in North West, fewer than 5)"
    )
    regional = _plans(
        ("Focus", DISTRICT, "North West"),
        *((f"NW {i}", DISTRICT, "North West") for i in range(councils.MIN_PEERS)),
        ("Far", DISTRICT, "South East"),
    )
    peers = councils.choose_peers(regional, "Focus")
    assert peers.councils == [f"NW {i}" for i in range(councils.MIN_PEERS)]
    assert peers.rule.startswith("the 5 other non-metropolitan district councils in North West")


def test_a_council_without_a_type_or_alone_in_its_type_is_set_against_every_other():
    untyped = councils.choose_peers(_plans(("Focus", None, None), ("A", DISTRICT, None)), "Focus")
    assert untyped.councils == ["A"] and "no council_type is recorded for Focus" in untyped.rule
    alone = councils.choose_peers(
        _plans(("Focus", UNITARY, None), ("A", DISTRICT, None), ("B", DISTRICT, None)), "Focus"
    )
    assert alone.councils == ["A", "B"] and "none is a unitary council like Focus" in alone.rule


def test_figures_that_need_statuses_are_blank_with_the_reason_where_none_was_published():
    overview = pl.DataFrame(
        {
            "council": ["Silent", "Speaks"],
            "share_complete": [0.0, 0.25],
            "schedule_index": [0.0, None],
            "share_dated": [0.5, 0.5],
        }
    )
    actions = pl.DataFrame(
        {"council": ["Silent", "Silent", "Speaks", "Speaks"]},
    ).with_columns(status=pl.Series(["unknown", "unknown", "complete", "unknown"]))
    shown = summaries.blank_without_statuses(overview, summaries.status_counts(actions))
    silent, speaks = shown.sort("council").iter_rows(named=True)
    assert silent["share_complete"] is None and silent["schedule_index"] is None
    assert silent["share_complete" + BLANK_SUFFIX] == summaries.NO_STATUSES
    assert silent["share_dated"] == 0.5  # a share that needs no status stays
    assert speaks["share_complete"] == 0.25 and speaks["share_complete" + BLANK_SUFFIX] is None
    markup = table(shown, percent=["share_complete", "schedule_index", "share_dated"]).markup
    assert markup.count("no statuses published") == 2 and ">0%<" not in markup
    assert "25%" in markup and BLANK_SUFFIX not in markup  # the reasons are not columns


def test_each_empty_lga_timeline_check_names_the_missing_date_and_where_it_goes():
    summary = pl.DataFrame(
        {
            "council": ["No CPC", "No plan date", "Trackers only", "No review", "Known"],
            "cpc_date": [None, *[date(2024, 1, 1)] * 4],
            "plan_published": [None, None, None, date(2024, 3, 1), date(2024, 3, 1)],
            "review_date": [None, None, None, None, date(2024, 11, 1)],
        }
    )
    plans = pl.DataFrame(
        {
            "council": ["No CPC", "No plan date", "Trackers only", "No review", "Known"],
            "document_kind": ["action_plan", "action_plan", "tracker", "action_plan", "tracker"],
        }
    )
    reasons = summaries.timeline_reasons(summary, plans)
    plan = reasons["plan_within_3_months" + BLANK_SUFFIX].to_list()
    review = reasons["review_about_10_months" + BLANK_SUFFIX].to_list()
    assert plan == [
        "no CPC date (cpc_date in plans.toml)",
        "no publication date (published of the action plan in plans.toml)",
        "no action plan dated (add it to plans.toml, with published)",
        None,
        None,
    ]
    assert review[0] == "no CPC date (cpc_date in plans.toml)"
    assert set(review[1:4]) == {"no progress review (a progress_review document in plans.toml)"}
    assert review[4] is None


def _measured_rows() -> pl.DataFrame:
    base = {"council": "C", "plan_id": "p", "rec_no": 1, "lead": ["X"], "update_text": "u"}
    rows = [
        {"rec_id": "1", "action_no": 1, "status": "on_track", "is_overdue": True, "days": 40},
        {"rec_id": "1", "action_no": 2, "status": "at_risk", "is_overdue": False, "days": None},
        {"rec_id": "2", "action_no": 1, "status": "off_track", "is_overdue": True, "days": 90},
        {"rec_id": "2", "action_no": 2, "status": "complete", "is_overdue": False, "days": None},
        {"rec_id": "3", "action_no": 1, "status": "on_track", "is_overdue": None, "days": None},
        {"rec_id": "3", "action_no": 2, "status": "off_track", "is_overdue": None, "days": None},
    ]
    return pl.DataFrame(
        [
            {
                **base,
                **r,
                "text": f"Action {r['rec_id']}.{r['action_no']}",
                "days_overdue": r.pop("days"),
                "deadline_end": date(2025, 1, 1),
                "revised_end": None,
            }
            for r in rows
        ],
        schema_overrides={"revised_end": pl.Date, "days_overdue": pl.Int64},
    )


def test_a_profile_lists_overdue_then_off_track_and_at_risk_actions_with_their_recommendation():
    recommendations = pl.DataFrame(
        {"plan_id": ["p", "p", "p"], "rec_id": ["1", "2", "3"], "text": ["R one", "R two", "R 3"]}
    )
    late = councils.late_actions(_measured_rows(), recommendations, "C")
    assert late["text"].to_list() == ["Action 2.1", "Action 1.1", "Action 3.2", "Action 1.2"]
    assert late["status"].to_list() == ["Off track", "On track", "Off track", "At risk"]
    assert late["recommendation_text"].to_list() == ["R two", "R one", "R 3", "R one"]
    assert late.columns == [
        "rec_id",
        "recommendation_text",
        "text",
        "lead",
        "deadline_end",
        "revised_end",
        "status",
        "days_overdue",
        "update_text",
    ]


def test_overdue_actions_on_the_same_day_are_stacked_not_drawn_on_each_other():
    measured = _measured_rows().with_columns(
        pl.lit(True).alias("is_overdue"),
        pl.lit(30).alias("days_overdue"),
        pl.lit("x").alias("deadline_text"),
    )
    overdue = summaries.overdue_actions(measured)
    assert sorted(overdue["stack"].to_list()) == list(range(measured.height))


@given(
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp")), max_size=200
    ),
    st.integers(min_value=10, max_value=80),
)
def test_an_action_caption_is_its_number_and_its_text_cut_at_a_word(text, width):
    frame = pl.DataFrame({"rec_id": ["5b"], "action_no": [2], "text": [text]})
    caption, quoted = frame.select(action_caption(width), action_text(width)).row(0)
    one_line = " ".join(text.split())
    assert caption.startswith("5b.2")
    if not one_line:
        assert caption == "5b.2" and quoted == ""
    elif len(one_line) <= width:
        assert quoted == one_line and caption == f"5b.2 {one_line}"
    else:
        assert quoted.endswith(" …") and len(quoted) <= width + 2
        assert one_line.startswith(quoted.removesuffix(" …").rstrip())


@given(st.text(max_size=60))
def test_anchor_ids_are_safe_in_any_attribute_and_url(text):
    anchor = anchor_id(text, "profile-")
    assert re.fullmatch(r"profile-[a-z0-9-]+", anchor)
    assert fragments.link(text, anchor).markup.startswith(f'<a href="#{anchor}">')


def test_table_links_a_cell_to_its_profile_and_escapes_the_name():
    frame = pl.DataFrame({"council": ["<b>A & B</b>", "C"], "actions": [1, 2]})
    markup = table(
        frame, row_header="council", links={"council": {"<b>A & B</b>": "profile-a-b"}}
    ).markup
    assert '<a href="#profile-a-b">&lt;b&gt;A &amp; B&lt;/b&gt;</a>' in markup
    assert '<th scope="row">C</th>' in markup  # no anchor, no link


def _figures(**columns) -> pl.DataFrame:
    base = {"council": ["A", "B"], "as_of": [date(2024, 7, 1), date(2025, 10, 1)]}
    base["n_with_status"] = [0, 10]
    return pl.DataFrame({**base, **columns})


def test_caveats_say_when_councils_are_judged_far_apart_and_which_publish_no_status():
    notes = findings.caveats(_figures())
    assert notes[0].startswith("The councils are judged at dates 15 months apart (A at 2024-07-01")
    assert notes[1].startswith("A published no statuses")
    close = _figures().with_columns(pl.Series("as_of", [date(2025, 9, 1), date(2025, 10, 1)]))
    close = close.with_columns(pl.lit(3).alias("n_with_status"))
    assert findings.caveats(close) == []


def _row(**values) -> dict:
    row = {
        "council": "A & B",
        "recommendations": 9,
        "share_complete": 0.5,
        "as_of": date(2025, 1, 1),
        "n_actions": 10,
        "n_overdue": 2,
        "median_days_overdue": 30.0,
        "n_revised": 1,
        "n_revisions": 1,
        "n_with_status": 10,
        "n_complete": 5,
        "latest_documents": 1,
        "document_kind": "tracker",
        "document_as_of": date(2025, 1, 1),
        "slips": [
            {
                "action": "R1 action 2",
                "action_text": "Do <it> by 2026",
                "slippage_days": 60,
                "original_end": date(2025, 1, 31),
                "revised_end": date(2025, 4, 1),
            }
        ],
    }
    return {**row, **values}


def test_a_council_sentence_puts_every_figure_in_a_marked_span_and_quotes_plan_text():
    markup = findings.council_sentence(_row(), "profile-a-b").markup
    spans = dict(re.findall(r'<span data-figure="([^"]+)">([^<]*)</span>', markup))
    assert spans == {
        "n_actions": "10",
        "recommendations": "9",
        "n_complete": "5",
        "share_complete": "50%",
        "n_overdue": "2",
        "as_of": "2025-01-01",
        "median_days_overdue": "30",
        "n_revised": "1",
        "n_revisions": "1",
        "slippage_days": "60",
    }
    assert "<q>Do &lt;it&gt; by 2026</q>" in markup
    assert '<a href="#profile-a-b">A &amp; B</a>' in markup
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    assert "1 deadline revised (1 revisions in all), the biggest slip: 60 days" in text


def test_a_sentence_says_what_is_unknown_instead_of_a_zero():
    silent = findings.council_sentence(
        _row(n_with_status=0, share_complete=None, n_complete=0, n_revised=0, slips=None)
    ).markup
    assert "completion not known: no statuses published" in silent
    assert 'data-figure="share_complete"' not in silent
    unjudged = findings.council_sentence(_row(as_of=None, n_overdue=None)).markup
    assert "overdue not judged: no as-of date (as_of in plans.toml)" in unjudged
    unknown = findings.council_sentence(_row(n_with_status=0, n_overdue=None)).markup
    assert "overdue at " in unknown and "not known: actions past due, no statuses published" in (
        unknown
    )
    assert 'data-figure="n_overdue"' not in unknown


def test_national_sentences_add_up_every_council():
    figures = _figures(
        n_actions=[10, 30],
        recommendations=[5, 6],
        share_complete=[None, 0.4],
        n_overdue=[0, 12_000],
        n_revised=[0, 2],
    )
    markup = findings.national_sentences(figures).markup
    spans = dict(re.findall(r'<span data-figure="([^"]+)">([^<]*)</span>', markup))
    assert spans["n_actions"] == "40" and spans["recommendations"] == "11"
    assert spans["councils_with_statuses"] == "1" and spans["median_share_complete"] == "40%"
    assert spans["n_overdue"] == "12,000" and spans["councils_with_overdue"] == "1"


def test_rankings_leave_out_councils_without_a_value_and_share_ranks_on_ties():
    overview = pl.DataFrame(
        {
            "council": ["A", "B", "C", "D"],
            "actions": [1, 2, 3, 4],
            "share_complete": [0.5, None, 0.5, 0.9],
            "as_of": [date(2025, 1, 1)] * 4,
            "n_due": [1] * 4,
            "n_overdue": [1] * 4,
            "share_overdue": [0.1] * 4,
            "median_days_overdue": [1.0] * 4,
        }
    )
    ranked = national.ranking(overview, "share_complete")
    assert ranked.select("rank", "council").rows() == [(1, "D"), (2, "A"), (2, "C")]


def test_national_themes_count_recommendations_and_councils_per_theme():
    plans = cpcanalysis.load(FIXTURES.parent.parent / "data", progress=False)
    frame = national.national_themes(plans.recommendations, "core_element")
    assert frame["recommendations"].sum() == plans.recommendations.height
    assert frame["councils_with_theme"].max() <= 2
    themes_frame = national.national_themes(plans.recommendations, "theme")
    assert themes_frame["core_element"].null_count() == 0


@pytest.fixture(scope="module")
def chain():
    plans = cpcanalysis.load(FIXTURES / "chain", progress=False)
    measured = slippage.measure(plans.actions, plans.plans)
    return plans, measured, slippage.match_versions(plans.actions, plans.plans)


def test_a_chain_of_versions_gives_each_actions_due_date_by_version(chain):
    plans, measured, matches = chain
    assert versions.chains(plans.plans) == ["exampleton-cpc-2024"]
    milestones = versions.milestones(measured, plans.plans, "exampleton-cpc-2024")
    assert milestones.columns == [
        "action_caption",
        "v1 (2024-10-01)",
        "v2 (2025-04-01)",
        "v3 (2025-10-01)",
    ]
    # every action of every version has a row; an action dropped after v1 has no later dates
    assert milestones.height == measured["lineage_id"].n_unique()
    changes = versions.changes(matches, "exampleton-cpc-2024")
    assert set(changes["outcome"]) == {"Added", "Dropped"}
    assert changes.height == matches.filter(pl.col("outcome") != "matched").height
    assert changes["text"].null_count() == 0


def test_documents_alone_in_their_chain_make_no_progress_section():
    plans = cpcanalysis.load(FIXTURES.parent.parent / "data", progress=False)
    assert versions.chains(plans.plans) == []
