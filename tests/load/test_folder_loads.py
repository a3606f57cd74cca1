"""Folder loads: bad files reported while the others load, processes, progress and the tally."""

import shutil

import polars as pl
import pytest
from support.synthetic import layout, sample_plan, write
from support.synthetic.damaged import (
    corrupted,
    html_without_table,
    password_protected_office,
    password_protected_pdf,
    scanned_pdf,
    truncated,
)

from cpcanalysis import CpcError, load
from cpcanalysis.cli import main


@pytest.fixture
def folder(tmp_path):
    """A data folder with no manifest: one synthetic plan per format under raw/."""
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    doc = layout(sample_plan(), "repeated")
    for fmt in ("xlsx", "docx", "html", "csv", "md", "pdf", "ods", "tsv"):
        write(doc, fmt, raw, stem=f"testshire-{fmt}")
    return tmp_path / "data"


def _bad_files(raw):
    good = next(raw.glob("*.xlsx"))
    return {
        "truncated xlsx": truncated(good, raw),
        "corrupt docx": corrupted(next(raw.glob("*.docx")), raw),
        "password xlsx": password_protected_office(raw, ".xlsx"),
        "password pdf": password_protected_pdf(raw),
        "scanned pdf": scanned_pdf(raw),
        "html without table": html_without_table(raw),
    }


def test_a_folder_load_reports_bad_files_and_loads_the_others(folder):
    bad = _bad_files(folder / "raw")
    plans = load(folder, errors="report", progress=False)
    assert plans.plans.height == 8
    failed = plans.failed()
    assert sorted(failed["source_path"].to_list()) == sorted(
        f"raw/{p.name}" for p in set(bad.values())
    )
    for message, source in zip(failed["message"], failed["source_path"], strict=True):
        assert "\n" not in message and message.startswith(f"{source}: ")
        # named relative to the data folder, as source_path is: no machine's path in a report
        assert str(folder) not in message
    assert plans.tally().startswith("8 documents read, 6 failed")


def test_by_default_the_first_bad_file_raises(folder):
    scanned_pdf(folder / "raw")
    with pytest.raises(CpcError, match=r"scanned|text layer"):
        load(folder, progress=False)


@pytest.mark.parametrize(
    "make",
    [
        lambda raw: truncated(next(raw.glob("*.xlsx")), raw),
        lambda raw: corrupted(next(raw.glob("*.docx")), raw),
        lambda raw: password_protected_office(raw, ".docx"),
        lambda raw: password_protected_pdf(raw),
        lambda raw: scanned_pdf(raw),
        lambda raw: html_without_table(raw),
    ],
    ids=["truncated-xlsx", "corrupt-docx", "password-docx", "password-pdf", "scanned", "no-table"],
)
def test_each_bad_file_fails_the_cli_with_one_line_and_no_output(tmp_path, make, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    for fmt in ("xlsx", "docx"):
        write(layout(sample_plan(), "repeated"), fmt, raw)
    bad = make(raw)
    status = main(["export", str(bad), "--out", str(tmp_path / "out"), "--quiet"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1 and bad.name in err
    assert not (tmp_path / "out").exists()


def test_size_limit_is_configurable_and_named_in_the_message(tmp_path, capsys):
    plan = write(layout(sample_plan(), "repeated"), "csv", tmp_path)
    status = main(["export", str(plan), "--out", str(tmp_path / "out"), "--max-bytes", "100"])
    err = capsys.readouterr().err
    assert status == 1 and "over the limit of 100 bytes" in err
    assert main(["export", str(plan), "--out", str(tmp_path / "out"), "--quiet"]) == 0


def test_table_with_no_recognisable_columns_lists_headers_and_roles(tmp_path, capsys):
    plan = tmp_path / "odd.csv"
    plan.write_text("Item,Colour,Weight\nApple,Red,100\n", encoding="utf-8")
    assert main(["inspect", str(plan)]) == 1
    err = capsys.readouterr().err
    assert "['Item', 'Colour', 'Weight']" in err and "recommendation, action" in err


def test_processes_give_the_same_tables_as_one_process(folder):
    one = load(folder, workers=1, progress=False)
    two = load(folder, workers=2, progress=False)
    for name, frame in one.tables().items():
        assert frame.equals(two.tables()[name]), name


def test_progress_is_silent_when_not_interactive(folder, capsys):
    load(folder, progress=None)
    assert capsys.readouterr().err == ""


def test_progress_is_silent_after_a_notebook_ran_in_the_same_process(folder, capsys):
    import ipykernel  # noqa: F401  (nbclient imports it when it runs a notebook)

    load(folder, progress=None)
    assert capsys.readouterr().err == ""


def test_progress_bar_when_asked(folder, capsys):
    load(folder, progress=True, workers=1)
    assert "loading" in capsys.readouterr().err


def test_cli_prints_the_tally(folder, tmp_path, capsys):
    assert main(["export", str(folder), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "8 documents read, 0 failed" in err


def test_unknown_errors_mode_is_refused(folder):
    with pytest.raises(CpcError, match="errors="):
        load(folder, errors="ignore")


def test_manifest_folder_and_unlisted_files_mix(folder, tmp_path):
    data = tmp_path / "mixed"
    shutil.copytree(folder, data)
    plans = load(data, progress=False)
    assert set(plans.plans["in_manifest"]) == {False}
    assert plans.actions.group_by("plan_id").len()["len"].to_list() == [6] * 8
    assert plans.actions.filter(pl.col("status") == "unknown").height == 0


def test_by_default_a_bar_shows_only_for_eight_documents_or_more(monkeypatch):
    from cpcanalysis import progress

    monkeypatch.setattr(progress, "interactive", lambda: True)
    assert isinstance(progress.progress_bar(2), progress._Silent)
    assert not isinstance(progress.progress_bar(8), progress._Silent)
    assert not isinstance(progress.progress_bar(2, show=True), progress._Silent)


def test_a_raised_error_names_the_file_as_the_tables_do_not_by_its_full_path(tmp_path):
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    (data / "raw" / "empty-plan.tsv").write_text("", encoding="utf-8")
    with pytest.raises(CpcError) as raised:
        load(data, progress=False)
    assert str(raised.value) == "raw/empty-plan.tsv: file is empty"
    assert str(tmp_path) not in str(raised.value)
