"""The manifest's `version` key: a positive whole number, unique within its chain, and the order
of a chain's documents, as docs/methods.md says (issue 17, item 1)."""

from __future__ import annotations

import re
from datetime import date

import polars as pl
import pytest
from support.paths import FIXTURES

from cpcanalysis import load
from cpcanalysis.errors import ManifestError
from cpcanalysis.manifest import read_manifest
from cpcanalysis.slippage import match_versions, measure

RAVENHOLT = FIXTURES / "chains" / "ravenholt"
PLAN = (
    "Recommendation,Action,Deadline,Status,Update\n"
    "1. Refresh the plan,Consult residents,{due},Green,\n"
)


def tracker(plan_id: str, as_of: str, extra: str = "", chain: str = "c") -> str:
    return (
        f'[[documents]]\nplan_id = "{plan_id}"\ncouncil = "Exampleton"\n'
        f'document_kind = "tracker"\nchain = "{chain}"\nas_of = "{as_of}"\n'
        f'path = "raw/{plan_id}.csv"\n{extra}\n'
    )


def folder(tmp_path, entries: str, dues: dict[str, str]):
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    for plan_id, due in dues.items():
        (data / "raw" / f"{plan_id}.csv").write_text(PLAN.format(due=due), encoding="utf-8")
    (data / "plans.toml").write_text(entries, encoding="utf-8")
    return data


def test_a_data_folder_with_version_keys_loads_in_version_order():
    plans = load(RAVENHOLT, progress=False, themes=False).plans
    # listed out of order in plans.toml; the action plan has no as-of date
    assert plans.sort("version").select("plan_id", "version", "source_format").rows() == [
        ("ravenholt-plan", 1, "csv"),
        ("ravenholt-2025-mar", 2, "xlsx"),
        ("ravenholt-2025-sep", 3, "markdown"),
    ]


def test_version_orders_a_chain_even_against_the_as_of_dates(tmp_path):
    # a reissued tracker: version 2 corrects version 1 and speaks for an earlier date
    entries = tracker("first", "2025-06-30", "version = 1") + tracker(
        "reissued", "2025-03-31", "version = 2"
    )
    data = folder(tmp_path, entries, {"first": "March 2025", "reissued": "June 2025"})
    loaded = load(data, progress=False, themes=False)
    assert dict(loaded.plans.select("plan_id", "version").rows()) == {"first": 1, "reissued": 2}
    (match,) = match_versions(loaded.actions, loaded.plans).rows(named=True)
    assert (match["prior_plan_id"], match["plan_id"]) == ("first", "reissued")
    moved = measure(loaded.actions, loaded.plans).filter(pl.col("plan_id") == "reissued")
    assert moved.select("original_end", "revised_end", "revision_source").row(0) == (
        date(2025, 3, 31),
        date(2025, 6, 30),
        "version",
    )


def test_without_versions_the_chain_is_ordered_by_as_of_date(tmp_path):
    entries = tracker("later", "2025-06-30") + tracker("earlier", "2025-03-31")
    data = folder(tmp_path, entries, {"later": "June 2025", "earlier": "March 2025"})
    plans = load(data, progress=False, themes=False).plans
    assert dict(plans.select("plan_id", "version").rows()) == {"earlier": 1, "later": 2}


@pytest.mark.parametrize("bad", ["0", "-2", "1.5", '"2"', "true", "[1]"])
def test_a_bad_version_is_one_line_naming_the_entry(tmp_path, bad):
    data = folder(tmp_path, tracker("a", "2025-03-31", f"version = {bad}"), {"a": "March 2025"})
    with pytest.raises(ManifestError) as raised:
        read_manifest(data)
    message = str(raised.value)
    assert "\n" not in message
    assert re.search(
        r"plans\.toml: entry 1 \(a\) version = .* is not a whole number of 1 or more", message
    )


def test_a_version_used_twice_in_one_chain_names_both_entries(tmp_path):
    entries = tracker("a", "2025-03-31", "version = 1") + tracker("b", "2025-06-30", "version = 1")
    data = folder(tmp_path, entries, {"a": "March 2025", "b": "June 2025"})
    with pytest.raises(ManifestError) as raised:
        read_manifest(data)
    assert str(raised.value).endswith(
        "plans.toml: entry 2 (b) version = 1 is also entry 1's in chain 'c': versions are "
        "unique within a chain"
    )
    # the same version in two chains is fine
    other = tracker("a", "2025-03-31", "version = 1") + tracker(
        "b", "2025-06-30", "version = 1", chain="d"
    )
    (data / "plans.toml").write_text(other, encoding="utf-8")
    assert [e.version for e in read_manifest(data)] == [1, 1]


def test_a_repeated_version_with_errors_report_refuses_the_later_entry_only(tmp_path):
    entries = tracker("a", "2025-03-31", "version = 1") + tracker("b", "2025-06-30", "version = 1")
    data = folder(tmp_path, entries, {"a": "March 2025", "b": "June 2025"})
    plans = load(data, errors="report", progress=False, themes=False)
    assert plans.plans["plan_id"].to_list() == ["a"]
    assert plans.failed()["plan_id"].to_list() == ["b"]
