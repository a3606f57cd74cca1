"""One document's fault is that document's error (issue 16, items 3 and 4): an unexpected
exception in a reader or in structure never stops a folder load; inferred plan ids are unique,
so no action is duplicated by a join."""

from __future__ import annotations

import polars as pl
import pytest
from support.synthetic import layout, sample_plan, write

from cpcanalysis import CpcError, load
from cpcanalysis.cli import main

PLAN = (
    "Recommendation,Action,Deadline,Status\n"
    "1. Refresh the plan,Consult residents,March 2025,Green\n"
)


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    (folder / "raw").mkdir(parents=True)
    for name in ("alpha", "beta", "gamma"):
        (folder / "raw" / f"{name}.csv").write_text(PLAN, encoding="utf-8")
    return folder


def fail_on(monkeypatch, name: str, where: str = "cpcanalysis.load.structure_document") -> None:
    """Make ``where`` raise an unexpected exception for the file ``name`` (the module by its
    import name: ``cpcanalysis.load`` the attribute is the function of that name)."""
    import importlib

    module_name, attribute = where.rsplit(".", 1)
    module = importlib.import_module(module_name)
    real = getattr(module, attribute)

    def faulty(doc, *args, **kwargs):
        path = getattr(doc, "path", doc)
        if str(path).endswith(name):
            raise KeyError(f"unexpected in {path}")
        return real(doc, *args, **kwargs)

    monkeypatch.setattr(module, attribute, faulty)


@pytest.mark.parametrize("workers", [1, 2])
@pytest.mark.parametrize(
    "where", ["cpcanalysis.load.structure_document", "cpcanalysis.load.read_document"]
)
def test_an_unexpected_exception_is_that_documents_error_and_the_rest_load(
    data, monkeypatch, workers, where
):
    fail_on(monkeypatch, "beta.csv", where)
    plans = load(data, errors="report", progress=False, workers=workers, themes=False)
    assert sorted(plans.plans["plan_id"]) == ["alpha", "gamma"]
    (failed,) = plans.failed().rows(named=True)
    assert failed["plan_id"] == "beta" and failed["severity"] == "error"
    # named relative to the data folder, in the message as in source_path; one line
    assert failed["message"] == (
        "raw/beta.csv: could not be read: KeyError: 'unexpected in raw/beta.csv' (an "
        "unexpected fault in cpcanalysis; please report it with the file)"
    )
    assert str(data) not in failed["message"]


def test_a_document_whose_process_is_killed_fails_alone_and_the_rest_load(data, monkeypatch):
    """A worker killed by the system (out of memory) breaks the whole pool: the documents it
    had not finished are loaded one process each, so only the killer fails."""
    import importlib
    import os
    import signal

    loading = importlib.import_module("cpcanalysis.load")  # the module, not the function
    real = loading.read_document

    def killed_on_beta(path, *args, **kwargs):
        if str(path).endswith("beta.csv"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(loading, "read_document", killed_on_beta)
    for name in ("delta", "epsilon", "zeta"):
        (data / "raw" / f"{name}.csv").write_text(PLAN, encoding="utf-8")
    plans = load(data, errors="report", progress=False, workers=2, themes=False)
    assert sorted(plans.plans["plan_id"]) == ["alpha", "delta", "epsilon", "gamma", "zeta"]
    (failed,) = plans.failed().rows(named=True)
    assert failed["plan_id"] == "beta"
    assert failed["message"].startswith("raw/beta.csv: could not be read: the process reading")
    assert "\n" not in failed["message"]


def test_with_errors_raise_the_unexpected_exception_is_a_cpc_error_naming_the_file(
    data, monkeypatch
):
    fail_on(monkeypatch, "beta.csv")
    with pytest.raises(CpcError, match=r"beta\.csv: could not be read: KeyError"):
        load(data, progress=False, workers=1, themes=False)


def test_the_cli_reports_the_fault_on_one_line_and_exits_1(data, monkeypatch, capsys, tmp_path):
    fail_on(monkeypatch, "beta.csv")
    out = tmp_path / "out"
    assert main(["export", str(data), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "raw/beta.csv: could not be read: KeyError" in err
    assert not out.exists()


# --- unique plan ids --------------------------------------------------------------------------


def test_two_files_with_the_same_inferred_id_are_both_kept_with_a_warning(tmp_path):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    doc = layout(sample_plan(), "repeated")
    write(doc, "md", raw, stem="wyre-plan")
    write(doc, "tsv", raw, stem="wyre_plan")
    one = load(raw / "wyre-plan.md", progress=False)
    plans = load(tmp_path / "data", progress=False)
    assert sorted(plans.plans["plan_id"]) == ["wyre-plan-md", "wyre-plan-tsv"]
    # every action once: the themes join no longer pairs each action with both documents
    assert plans.actions.height == 2 * one.actions.height
    assert plans.actions.group_by("plan_id", "rec_id", "action_no").len()["len"].max() == 1
    renamed = plans.issues.filter(pl.col("code") == "plan_id_renamed")
    assert renamed["severity"].to_list() == ["warning", "warning"]
    assert renamed.sort("plan_id")["message"].to_list()[1] == (
        "the plan_id inferred from the file name, 'wyre-plan', is also another file's: this "
        "file's plan_id is 'wyre-plan-tsv'; add an entry to plans.toml to choose one"
    )


def test_an_unlisted_file_whose_inferred_id_is_a_manifest_id_is_renamed(data):
    (data / "raw" / "listed.csv").write_text(PLAN, encoding="utf-8")
    (data / "plans.toml").write_text(
        '[[documents]]\nplan_id = "alpha"\ncouncil = "Exampleton"\n'
        'document_kind = "tracker"\npath = "raw/listed.csv"\n',
        encoding="utf-8",
    )
    plans = load(data, progress=False, themes=False)
    ids = dict(plans.plans.select("source_path", "plan_id").rows())
    assert ids == {
        "raw/listed.csv": "alpha",  # the manifest's id is never changed
        "raw/alpha.csv": "alpha-csv",
        "raw/beta.csv": "beta",
        "raw/gamma.csv": "gamma",
    }
    (said,) = plans.issues.filter(pl.col("code") == "plan_id_renamed")["message"]
    assert "'alpha', is also a plans.toml entry's" in said
    assert plans.actions.height == 4
