"""Nothing outside the data folder is read (issue 16, item 5): a manifest path, an absolute path
or a link under raw/ that resolves outside it is refused without reading; no byte of such a file
reaches an error, the issues table or stderr; files are named relative to the data folder."""

from __future__ import annotations

import polars as pl
import pytest

from cpcanalysis import load
from cpcanalysis.cli import main
from cpcanalysis.errors import ManifestError

PLAN = (
    "Recommendation,Action,Deadline,Status\n"
    "1. Refresh the plan,Consult residents,March 2025,Green\n"
)
# the first row of the outside file: what the loader used to quote in its "no columns" error
SECRET = "root:x:0:0:SECRET-FIRST-ROW"


@pytest.fixture
def outside(tmp_path):
    """A file outside the data folder, shaped like a plan so it would load if read."""
    path = tmp_path / "elsewhere" / "shadow.csv"
    path.parent.mkdir()
    path.write_text(f"{SECRET},b\n1,2\n", encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    (folder / "raw").mkdir(parents=True)
    (folder / "raw" / "good.csv").write_text(PLAN, encoding="utf-8")
    return folder


@pytest.fixture
def reads(monkeypatch):
    """Every path the loader reads or hashes."""
    import importlib

    seen: list[str] = []
    loading = importlib.import_module("cpcanalysis.load")
    manifest = importlib.import_module("cpcanalysis.manifest")

    real_read, real_hash = loading.read_document, manifest.file_sha256

    def read(path, hints=None):
        seen.append(str(path))
        return real_read(path, hints)

    def digest(path):
        seen.append(str(path))
        return real_hash(path)

    monkeypatch.setattr(loading, "read_document", read)
    monkeypatch.setattr(manifest, "file_sha256", digest)
    return seen


def entry(path: str) -> str:
    return (
        '[[documents]]\nplan_id = "stolen"\ncouncil = "Exampleton"\n'
        f'document_kind = "tracker"\npath = "{path}"\n'
    )


def manifest_paths(outside, data):
    return {
        "relative": "../elsewhere/shadow.csv",
        "absolute": str(outside),
        "dotted": "raw/../../elsewhere/shadow.csv",
    }


@pytest.mark.parametrize("kind", ["relative", "absolute", "dotted"])
def test_a_manifest_path_outside_the_folder_is_refused_without_reading(data, outside, reads, kind):
    written = manifest_paths(outside, data)[kind]
    (data / "plans.toml").write_text(entry(written), encoding="utf-8")
    with pytest.raises(ManifestError) as raised:
        load(data, progress=False, themes=False)
    message = str(raised.value)
    assert "resolves outside the data folder; refused without reading it" in message
    assert SECRET not in message and "\n" not in message
    assert not any("shadow" in path for path in reads)

    plans = load(data, errors="report", progress=False, themes=False)
    assert plans.plans["plan_id"].to_list() == ["good"]
    (failed,) = plans.failed().rows(named=True)
    assert failed["plan_id"] == "stolen"
    assert failed["message"].startswith("plans.toml: entry 1 (stolen) path = ")
    assert not plans.issues["message"].str.contains(SECRET).any()
    assert not any("shadow" in path for path in reads)


def test_a_link_under_raw_to_a_file_outside_is_refused_without_reading(data, outside, reads):
    (data / "raw" / "linked.csv").symlink_to(outside)
    plans = load(data, errors="report", progress=False, themes=False)
    assert plans.plans["plan_id"].to_list() == ["good"]
    (failed,) = plans.failed().rows(named=True)
    assert (failed["plan_id"], failed["source_path"]) == ("linked", "raw/linked.csv")
    assert failed["message"] == (
        "raw/linked.csv: a link to a file outside the data folder; refused without reading it "
        "(put the file itself under raw/)"
    )
    assert not plans.issues["message"].str.contains(SECRET).any()
    assert not any("shadow" in path or "linked" in path for path in reads)


def test_a_linked_folder_leading_outside_is_not_entered(data, outside, reads):
    (data / "raw" / "more").symlink_to(outside.parent, target_is_directory=True)
    plans = load(data, errors="report", progress=False, themes=False)
    assert plans.plans["plan_id"].to_list() == ["good"]
    (failed,) = plans.failed().rows(named=True)
    assert failed["message"].startswith("raw/more: a link to a folder outside the data folder")
    assert not any("shadow" in path for path in reads)


def test_links_inside_the_folder_are_followed(data, reads):
    (data / "elsewhere").mkdir()
    (data / "elsewhere" / "kept.csv").write_text(PLAN, encoding="utf-8")
    (data / "raw" / "kept.csv").symlink_to(data / "elsewhere" / "kept.csv")
    (data / "raw" / "sub").symlink_to(data / "elsewhere", target_is_directory=True)
    plans = load(data, errors="report", progress=False, themes=False)
    assert plans.failed().height == 0
    assert sorted(plans.plans["source_path"]) == [
        "raw/good.csv",
        "raw/kept.csv",
        "raw/sub/kept.csv",
    ]


def test_the_cli_refuses_an_outside_path_with_one_line_and_quotes_nothing(
    data, outside, capsys, tmp_path
):
    (data / "plans.toml").write_text(entry("../elsewhere/shadow.csv"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", str(data), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "resolves outside the data folder" in err
    assert SECRET not in err and not out.exists()


def test_messages_name_files_relative_to_the_data_folder(data):
    (data / "raw" / "broken.csv").write_text("Item,Colour\nApple,Red\n", encoding="utf-8")
    plans = load(data.resolve(), errors="report", progress=False, themes=False)
    (failed,) = plans.failed().rows(named=True)
    assert failed["message"].startswith("raw/broken.csv, row 1: no table")
    assert str(data.resolve()) not in failed["message"]
    assert plans.issues.filter(pl.col("message").str.contains(str(data.resolve()))).height == 0


def test_an_absolute_path_inside_the_folder_is_read_and_named_relative_to_it(data):
    inside = (data / "raw" / "good.csv").resolve()
    (data / "plans.toml").write_text(entry(str(inside)), encoding="utf-8")
    plans = load(data, progress=False, themes=False)
    assert plans.plans.select("plan_id", "source_path").rows() == [("stolen", "raw/good.csv")]
