"""Every manifest value is checked for its type: one line naming the entry and the key, exit 1
through the CLI and nothing written; an unknown key suggests the nearest known one; a bad
entry is that document's error with errors="report", the other entries load (issues 16, 17)."""

from __future__ import annotations

import re

import polars as pl
import pytest

from cpcanalysis import load
from cpcanalysis.cli import main
from cpcanalysis.errors import CpcError, ManifestError
from cpcanalysis.manifest import read_manifest, survey

PLAN = (
    "Recommendation,Action,Deadline,Status\n"
    "1. Refresh the plan,Consult residents,March 2025,Green\n"
)


def entry(plan_id: str, path: str, extra: str = "") -> str:
    return (
        f'[[documents]]\nplan_id = "{plan_id}"\ncouncil = "Exampleton"\n'
        f'document_kind = "tracker"\npath = "{path}"\n{extra}'
    )


def folder(tmp_path, *entries: str, files=("a", "b")):
    data = tmp_path / "data"
    (data / "raw").mkdir(parents=True)
    for name in files:
        (data / "raw" / f"{name}.csv").write_text(PLAN, encoding="utf-8")
    (data / "plans.toml").write_text("\n".join(entries), encoding="utf-8")
    return data


# the eleven wrongly typed values of issue 16 (each gave a traceback), and what is said instead
WRONG = [
    ('[documents.hints]\ntable = "two"\n', "hints.table = 'two' is not a whole number"),
    ("sha256 = 5\n", "sha256 = 5 is not a SHA-256"),
    ('[documents.hints]\nlegend = "x"\n', "hints.legend = 'x' is not a table of label = meaning"),
    ("[documents.hints]\nencoding = 5\n", "hints.encoding = 5 is not text"),
    ('[documents.hints]\ndelimiter = ";;"\n', "hints.delimiter = ';;' is not one character"),
    ("[documents.hints]\nmax_bytes = 1e400\n", "hints.max_bytes = inf is not a whole number"),
    (
        "cpc_date = 2024-04-01T10:00:00\n",
        "cpc_date = datetime.datetime(2024, 4, 1, 10, 0) is a date",
    ),
    ('council_code = ["E07000121"]\n', "council_code = ['E07000121'] is not text"),
    ("council_code = 7000121\n", "council_code = 7000121 is not text"),
    ("version = 0\n", "version = 0 is not a whole number of 1 or more"),
    ('version = "2"\n', "version = '2' is not a whole number of 1 or more"),
    ("version = true\n", "version = True is not a whole number of 1 or more"),
    ('[documents.hints]\nformat = "docx2"\n', "hints.format = 'docx2' is not a format"),
    ('[documents.hints]\nencoding = "utf-9"\n', "hints.encoding = 'utf-9' is not an encoding"),
    ('[documents.hints]\npages = "19-12"\n', "hints.pages = '19-12' is not a page or a range"),
    ("[documents.hints]\npages = 0\n", "hints.pages = 0 is not a page or a range of pages"),
    ('[documents.hints]\npages = "p12"\n', "hints.pages = 'p12' is not a page or a range"),
]


@pytest.mark.parametrize(("extra", "said"), WRONG, ids=[w[1].split(" ")[0] for w in WRONG])
def test_a_wrongly_typed_value_is_one_line_naming_the_entry_and_key(tmp_path, extra, said):
    data = folder(tmp_path, entry("a", "raw/a.csv"), entry("b", "raw/b.csv", extra))
    with pytest.raises(ManifestError) as raised:
        read_manifest(data)
    message = str(raised.value)
    assert "\n" not in message
    assert f"plans.toml: entry 2 (b) {said}" in message


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            '[[documents]]\nplan_id = "a"\ncouncil = "X"\ndocument_kind = "tracker"\npath = 42\n',
            "entry 1 (a) path = 42 is not text",
        ),
        ("documents = [1, 2]\n", "entry 1 is 1, not a table"),
    ],
)
def test_a_path_or_an_entry_of_the_wrong_type(tmp_path, text, said):
    data = folder(tmp_path)
    (data / "plans.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match=re.escape(said)):
        read_manifest(data)


# issue 16's eleven, as whole manifests: (plans.toml text, what stderr says)
ELEVEN = [
    *((entry("a", "raw/a.csv", extra), f"entry 1 (a) {said}") for extra, said in WRONG[:9]),
    (
        entry("a", "raw/a.csv").replace('path = "raw/a.csv"', "path = 42"),
        "entry 1 (a) path = 42 is not text",
    ),
    ("documents = [1, 2]\n", "entry 1 is 1, not a table"),
]


@pytest.mark.parametrize(("text", "said"), ELEVEN, ids=[s.split(") ")[-1][:20] for _, s in ELEVEN])
def test_the_cli_refuses_each_wrongly_typed_value_with_one_line_and_writes_nothing(
    tmp_path, capsys, text, said
):
    data = folder(tmp_path)
    (data / "plans.toml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", str(data), "--out", str(out), "--quiet"]) == 1
    err = capsys.readouterr().err
    # one line per refused entry: [1, 2] is two entries, each refused
    lines = err.splitlines()
    assert len(lines) == (2 if text.startswith("documents") else 1) and said in lines[0]
    assert all(line.startswith("cpcanalysis: error: plans.toml: entry ") for line in lines)
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize(
    ("key", "nearest"),
    [("asof", "as_of"), ("councl", "council"), ("cpcdate", "cpc_date"), ("verison", "version")],
)
def test_an_unknown_key_suggests_the_nearest_known_one(tmp_path, key, nearest):
    data = folder(tmp_path, entry("a", "raw/a.csv", f'{key} = "2025-01-01"\n'))
    with pytest.raises(ManifestError) as raised:
        read_manifest(data)
    assert f"did you mean {nearest!r} for {key!r}?" in str(raised.value)


def test_an_unknown_hint_suggests_the_nearest_hint(tmp_path):
    data = folder(tmp_path, entry("a", "raw/a.csv", "[documents.hints]\nsheeet = 'Plan'\n"))
    with pytest.raises(ManifestError, match=re.escape("did you mean 'sheet' for 'sheeet'?")):
        read_manifest(data)


def test_a_key_far_from_every_known_one_gets_no_guess(tmp_path):
    data = folder(tmp_path, entry("a", "raw/a.csv", 'colour = "red"\n'))
    with pytest.raises(ManifestError) as raised:
        read_manifest(data)
    assert "unknown keys ['colour']" in str(raised.value)
    assert "did you mean" not in str(raised.value)


def test_one_bad_entry_with_errors_report_is_that_documents_error_and_the_rest_load(tmp_path):
    data = folder(
        tmp_path,
        entry("a", "raw/a.csv", "version = 1\n"),
        entry("b", "raw/b.csv", 'version = "two"\n'),
        files=("a", "b"),
    )
    plans = load(data, errors="report", progress=False, themes=False)
    assert plans.plans["plan_id"].to_list() == ["a"]
    (failed,) = plans.failed().iter_rows(named=True)
    assert (failed["plan_id"], failed["source_path"], failed["severity"]) == (
        "b",
        "raw/b.csv",
        "error",
    )
    assert failed["message"] == (
        "plans.toml: entry 2 (b) version = 'two' is not a whole number of 1 or more"
    )
    # the file of the refused entry is not loaded as an unlisted file either
    assert plans.issues.filter(pl.col("code") == "not_in_manifest").height == 0


def test_one_bad_entry_by_default_raises_before_any_file_is_read(tmp_path, monkeypatch):
    data = folder(tmp_path, entry("a", "raw/a.csv"), entry("b", "raw/b.csv", "version = -1\n"))
    import importlib

    read = []
    loading = importlib.import_module("cpcanalysis.load")
    monkeypatch.setattr(loading, "read_document", lambda *a, **k: read.append(a))
    with pytest.raises(ManifestError, match=re.escape("entry 2 (b) version = -1")):
        load(data, progress=False, themes=False)
    assert read == []


def test_an_entry_that_is_not_a_table_is_refused_in_its_place(tmp_path):
    data = folder(tmp_path, files=("a",))
    (data / "plans.toml").write_text(
        entry("a", "raw/a.csv") + "\n[[documents]]\n", encoding="utf-8"
    )
    found = survey(data)
    assert [e.plan_id for e in found.listed] == ["a"]
    (refused,) = found.refused
    assert (refused.plan_id, refused.relpath) == ("entry-2", "plans.toml")
    assert "entry 2 lacks plan_id, council, document_kind, path" in str(refused.error)


def test_a_manifest_that_is_not_toml_is_still_refused_whatever_the_errors_mode(tmp_path):
    data = folder(tmp_path)
    (data / "plans.toml").write_text("[[documents]\n", encoding="utf-8")
    with pytest.raises(CpcError, match="not valid TOML"):
        load(data, errors="report", progress=False, themes=False)
