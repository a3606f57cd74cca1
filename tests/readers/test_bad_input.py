"""Bad input: a one-line error naming the file (and place), exit status 1, and no output."""

import hashlib
import shutil

import pytest
from support.paths import DATA

from cpcanalysis import CpcError, load
from cpcanalysis.cli import main

LANCASTER = "lancaster-cpc-2024-action-plan-tracker.tsv"


def _run_export(args, tmp_path, capsys):
    out = tmp_path / "out"
    status = main(["export", *args, "--out", str(out)])
    err = capsys.readouterr().err
    return status, err, out


def _assert_refused(status, err, out, *needles):
    assert status == 1
    assert err.count("\n") == 1, err  # exactly one line
    assert err.startswith("cpcanalysis: error: ")
    for needle in needles:
        assert needle in err, (needle, err)
    assert not out.exists() or not any(out.iterdir())


def test_missing_file(tmp_path, capsys):
    status, err, out = _run_export([str(tmp_path / "nope.tsv")], tmp_path, capsys)
    _assert_refused(status, err, out, "nope.tsv", "no such file")


def test_empty_file(tmp_path, capsys):
    plan = tmp_path / "empty.tsv"
    plan.write_bytes(b"")
    status, err, out = _run_export([str(plan)], tmp_path, capsys)
    _assert_refused(status, err, out, "empty.tsv", "empty")


def test_binary_file(tmp_path, capsys):
    plan = tmp_path / "plan.csv"
    plan.write_bytes(bytes(range(256)) * 4)
    status, err, out = _run_export([str(plan)], tmp_path, capsys)
    _assert_refused(status, err, out, "plan.csv", "binary")


def test_file_with_no_recognisable_table(tmp_path, capsys):
    plan = tmp_path / "notes.csv"
    plan.write_text("Name,Colour\nApple,Red\nPear,Green\n", encoding="utf-8")
    status, err, out = _run_export([str(plan)], tmp_path, capsys)
    _assert_refused(status, err, out, "notes.csv", "row 1", "'Name', 'Colour'", "recommendation")


def test_prose_without_a_table(tmp_path, capsys):
    plan = tmp_path / "letter.md"
    plan.write_text("# Dear colleagues\n\nThank you for the visit.\n", encoding="utf-8")
    status, err, out = _run_export([str(plan)], tmp_path, capsys)
    _assert_refused(status, err, out, "letter.md", "no table")


def _copy_data(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def test_manifest_entry_pointing_nowhere(tmp_path, capsys):
    data = _copy_data(tmp_path)
    (data / "raw" / LANCASTER).unlink()
    status, err, out = _run_export([str(data)], tmp_path, capsys)
    _assert_refused(status, err, out, "plans.toml", "lancaster-2024-tracker", "does not exist")


def test_changed_sha256_is_refused(tmp_path, capsys):
    data = _copy_data(tmp_path)
    raw = data / "raw" / LANCASTER
    raw.write_bytes(raw.read_bytes().replace(b"Orange", b"Green!"))
    status, err, out = _run_export([str(data)], tmp_path, capsys)
    actual = hashlib.sha256(raw.read_bytes()).hexdigest()
    _assert_refused(status, err, out, LANCASTER, "sha256", actual)


def test_unlisted_raw_file_is_loaded_with_a_warning(tmp_path):
    data = _copy_data(tmp_path)
    extra = data / "raw" / "exampleton-action-plan.csv"
    extra.write_text(
        "Recommendation,Action,Deadline,Lead,Status\n"
        "1. Refresh the corporate plan,Consult residents,March 2025,Chief Executive,Green\n",
        encoding="utf-8",
    )
    plans = load(data)
    row = plans.plans.filter(plans.plans["plan_id"] == "exampleton-action-plan").row(0, named=True)
    assert row["council"] == "Exampleton"
    assert row["in_manifest"] is False
    warnings = plans.issues.filter(
        (plans.issues["plan_id"] == "exampleton-action-plan")
        & (plans.issues["severity"] == "warning")
    )
    assert any("no entry in plans.toml" in m for m in warnings["message"])


def test_library_raises_cpc_error_not_other_exceptions(tmp_path):
    plan = tmp_path / "plan.tsv"
    plan.write_bytes(b"\xff\xfe\x00\x00garbage")
    with pytest.raises(CpcError):
        load(plan)


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        ([str(DATA), "--council", "Nowhere Borough Council"], ["Nowhere Borough Council"]),
        ([str(DATA), "--focus", "Nowhere Borough Council"], ["Nowhere Borough Council"]),
        ([str(DATA), "--as-of", "next Tuesday"], ["next Tuesday"]),
        ([str(DATA), "--as-of", "2025-02-30"], ["2025-02-30"]),
    ],
    ids=["unknown-council", "unknown-focus", "as-of-not-a-date", "as-of-impossible-day"],
)
def test_report_refuses_bad_parameters_on_one_line(tmp_path, capsys, args, needles):
    out = tmp_path / "reports" / "comparison.html"
    status = main(["report", *args, "--out", str(out)])
    _assert_refused(status, capsys.readouterr().err, out.parent, *needles)


def test_report_refuses_an_empty_data_folder(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "reports" / "comparison.html"
    status = main(["report", str(empty), "--out", str(out)])
    _assert_refused(status, capsys.readouterr().err, out.parent, "empty")


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such notebook"),
        ("this is not json", "is not a Jupyter notebook"),
        ('{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}', "cells tagged"),
    ],
    ids=["missing", "not-a-notebook", "no-parameters-cell"],
)
def test_report_refuses_a_bad_own_notebook_before_running(tmp_path, capsys, content, needle):
    notebook = tmp_path / "mine.ipynb"
    if content is not None:
        notebook.write_text(content, encoding="utf-8")
    out = tmp_path / "reports" / "comparison.html"
    status = main(["report", str(DATA), "--out", str(out), "--notebook", str(notebook)])
    _assert_refused(status, capsys.readouterr().err, out.parent, "mine.ipynb", needle)
