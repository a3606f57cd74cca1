"""Layout rules on small hand-written plans: cross-references, header hints, manifest hints."""

import pytest

from cpcanalysis import CpcError, load


def _data(tmp_path, body: str, hints: str = "", name: str = "plan.csv"):
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    (data / "raw" / name).write_text(body, encoding="utf-8")
    (data / "plans.toml").write_text(
        "[[documents]]\n"
        'plan_id = "p"\ncouncil = "Exampleton Borough Council"\n'
        f'document_kind = "tracker"\nas_of = "2025-01-01"\npath = "raw/{name}"\n' + hints,
        encoding="utf-8",
    )
    return data


def test_cross_reference_is_linked_to_the_recommendation_it_names(tmp_path):
    data = _data(
        tmp_path,
        "Recommendation,Action,Deadline\n"
        "1. Refresh the council plan,Consult residents on priorities,March 2025\n"
        "2. Review the MTFS,Set a balanced budget,February 2025\n"
        '3. Align budget and plan,"To be addressed through 2, above",\n',
    )
    plans = load(data)
    three = plans.actions.filter(plans.actions["rec_no"] == 3).row(0, named=True)
    assert three["refers_to"] == "2"
    assert plans.actions.filter(plans.actions["rec_no"] == 1)["refers_to"].to_list() == [None]


def test_cross_reference_to_a_missing_recommendation_is_a_warning(tmp_path):
    data = _data(
        tmp_path,
        "Recommendation,Action,Deadline\n1. Refresh the plan,See recommendation 7,March 2025\n",
    )
    plans = load(data)
    assert plans.actions["refers_to"].to_list() == [None]
    assert any("does not have" in m for m in plans.issues["message"])


def test_header_row_hint_reads_a_header_detection_would_miss(tmp_path):
    body = (
        "Council action plan,,\n"
        "Recommendation (as raised by peers),Our response,Target\n"
        "Refresh the council plan,Consult residents,March 2025\n"
    )
    with pytest.raises(CpcError, match="no table with recognisable columns"):
        load(_data(tmp_path / "a", body))
    plans = load(_data(tmp_path / "b", body, "[documents.hints]\nheader_row = 2\n"))
    assert plans.actions["text"].to_list() == ["Consult residents"]
    assert plans.recommendations["text"].to_list() == ["Refresh the council plan"]


def test_legend_hint_overrides_the_default_colour_reading(tmp_path):
    body = "Recommendation,Action,Deadline,RAG\n1. Refresh the plan,Consult,March 2025,Green\n"
    default = load(_data(tmp_path / "a", body))
    assert default.actions["status"].to_list() == ["on_track"]
    hinted = load(
        _data(tmp_path / "b", body, '[documents.hints]\nlegend = { Green = "complete" }\n')
    )
    assert hinted.actions["status"].to_list() == ["complete"]


def test_encoding_and_delimiter_hints(tmp_path):
    body = "Recommendation;Action;Échéance\n1. Réviser le plan;Consulter;March 2025\n"
    data = _data(tmp_path, "", '[documents.hints]\nencoding = "cp1252"\ndelimiter = ";"\n')
    (data / "raw" / "plan.csv").write_bytes(body.encode("cp1252"))
    plans = load(data)
    assert plans.recommendations["text"].to_list() == ["Réviser le plan"]


def test_month_first_dates_are_refused_in_the_manifest(tmp_path):
    data = _data(tmp_path, "Recommendation,Action\nA,B\n", "[documents.hints]\nday_first = false\n")
    with pytest.raises(CpcError, match="day-first"):
        load(data)


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        ("Recommendation\tAction\tTimescale\nRefresh\tConsult\tMay 2025\n", "utf-8"),
        ("\ufeffRecommendation,Action,Timescale\nRefresh,Consult,May 2025\n", "utf-8"),
        ("Recommendation,Action,Timescale\nRéfresh,Consult,May 2025\n", "cp1252"),
    ],
    ids=["tsv", "utf8-bom", "cp1252"],
)
def test_delimited_encodings_are_sniffed(tmp_path, body, encoding):
    path = tmp_path / "plan.csv"
    path.write_bytes(body.encode(encoding))
    plans = load(path)
    assert plans.actions["deadline_end"].to_list()[0].isoformat() == "2025-05-31"
    assert plans.recommendations["text"][0].endswith("fresh")


def test_unreadable_deadlines_and_statuses_are_recorded_as_warnings(tmp_path):
    data = _data(
        tmp_path,
        "Recommendation,Action,Deadline,Status\n"
        "1. Refresh the plan,Consult,before the budget process commences,Purple haze\n",
    )
    plans = load(data)
    row = plans.actions.row(0, named=True)
    assert (row["deadline_kind"], row["status"]) == ("unknown", "unknown")
    warnings = plans.issues.filter(plans.issues["severity"] == "warning")
    messages = " ".join(warnings["message"])
    assert "before the budget process commences" in messages and "Purple haze" in messages
    assert set(warnings["column"].drop_nulls()) == {"Deadline", "Status"}


def test_an_update_that_opens_by_saying_done_completes_green_or_blank_but_not_red(tmp_path):
    data = _data(
        tmp_path,
        "Recommendation,Action,Deadline,RAG,Update\n"
        "1. Refresh the plan,Consult residents,March 2024,Green,Actions complete. Report in May.\n"
        "2. Review the MTFS,Set a budget,March 2024,,Completed in February 2024\n"
        "3. Train members,Run sessions,March 2024,Red,Complete.\n"
        "4. Publish data,Open data portal,March 2024,Green,The portal will be complete by June\n"
        "5. Review assets,Survey,March 2024,Green,Survey complete and passed to the asset team\n",
    )
    plans = load(data)
    assert plans.actions.sort("rec_no")["status"].to_list() == [
        "complete",
        "complete",
        "off_track",  # a contradiction is flagged, not resolved
        "on_track",  # a future completion is a plan
        "on_track",  # one product done is not the action done
    ]
    issues = dict(zip(plans.issues["message"], plans.issues["severity"], strict=False))
    assert (
        issues["update text opens with 'Actions complete': status read as complete, not on_track"]
        == "info"
    )
    assert (
        issues["update text opens with 'Complete' but the status reads off_track; kept"]
        == "warning"
    )


def test_progress_beside_a_rag_column_is_the_update_and_due_is_the_deadline(tmp_path):
    data = _data(
        tmp_path,
        "Recommendation,Action,Due,RAG,Progress\n"
        "1. Refresh the plan,Consult residents,March 2025,Amber,Now expected in June 2025.\n",
    )
    action = load(data).actions.row(0, named=True)
    assert (action["deadline_text"], action["deadline_end"].isoformat()) == (
        "March 2025",
        "2025-03-31",
    )
    assert (action["status"], action["update_text"]) == ("at_risk", "Now expected in June 2025.")
    assert action["other_text"] is None


def test_progress_alone_is_still_the_status_column(tmp_path):
    data = _data(
        tmp_path,
        "Recommendation,Action,Deadline,Progress\n1. Refresh the plan,Consult,March 2025,Green\n",
    )
    assert load(data).actions["status"].to_list() == ["on_track"]


def test_a_ref_column_numbers_unlabelled_recommendations_but_action_refs_do_not(tmp_path):
    data = _data(
        tmp_path,
        "Ref,Recommendation,Action,Deadline\n"
        "R1,Refresh the council plan,Consult residents,March 2025\n"
        "R3,Review the MTFS,Set a budget,February 2025\n",
    )
    plans = load(data)
    assert plans.recommendations["rec_no"].to_list() == [1, 3]
    assert plans.recommendations["rec_label"].to_list() == ["R1", "R3"]
    assert any("labelled 'R3' where 2 was expected" in m for m in plans.issues["message"])
    actions = _data(
        tmp_path / "two",
        "Ref,Recommendation,Action,Deadline\n"
        "1.1,Refresh the council plan,Consult residents,March 2025\n"
        "2.1,Review the MTFS,Set a budget,February 2025\n",
    )
    assert load(actions).recommendations["rec_no"].to_list() == [1, 2]
    assert load(actions).recommendations["rec_label"].to_list() == [None, None]
