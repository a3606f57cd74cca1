""".doc and .rtf files: converted through LibreOffice when it is installed, refused with the
conversion command when it is not."""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from support.paths import FIXTURES, ROOT

from cpcanalysis import load
from cpcanalysis.readers import converted, read_document
from cpcanalysis.readers._failures import CorruptFileError
from cpcanalysis.readers.converted import ConversionUnavailableError

OFFICE = FIXTURES / "office" / "raw"
DUNMERE = OFFICE / "dunmere-cpc-response-and-action-plan"


def _cells(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    return [(r.kind, r.cells) for r in read_document(path).rows]


@pytest.mark.parametrize(
    ("source", "sibling"),
    [
        (DUNMERE.with_suffix(".doc"), DUNMERE.with_suffix(".docx")),
        (
            OFFICE / "eastwold-lga-peer-challenge-action-plan.rtf",
            OFFICE / "eastwold-lga-peer-challenge-action-plan.docx",
        ),
    ],
)
def test_doc_and_rtf_read_as_their_docx_sibling(soffice, source, sibling):
    document = read_document(source)
    assert document.format == source.suffix.lstrip(".")
    assert document.path == source
    assert [(r.kind, r.cells) for r in document.rows] == _cells(sibling)
    assert [n.code for n in document.notes] == ["converted"]


def test_without_libreoffice_the_error_gives_the_command(no_soffice):
    with pytest.raises(ConversionUnavailableError) as caught:
        read_document(DUNMERE.with_suffix(".doc"))
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{DUNMERE.with_suffix('.doc')}: is a Word 97-2003 document")
    assert (
        "`soffice --headless --convert-to docx dunmere-cpc-response-and-action-plan.doc`" in message
    )


def test_a_folder_with_a_doc_and_no_libreoffice_loads_the_others(no_soffice, tmp_path):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    for name in (
        "dunmere-cpc-response-and-action-plan.doc",
        "dunmere-cpc-response-and-action-plan.docx",
        "farrowdale-cpc-progress-july-2024.odt",
    ):
        shutil.copy(
            OFFICE / name, raw / name.replace(".", "-v.", 1) if name.endswith("x") else raw / name
        )
    plans = load(tmp_path / "data", errors="report", progress=False, themes=False)
    failed = plans.failed()
    assert failed.height == 1
    (message,) = failed["message"].to_list()
    assert message.startswith("raw/dunmere-cpc-response-and-action-plan.doc: is a Word 97-2003")
    assert "soffice --headless --convert-to docx" in message
    assert plans.plans.height == 2
    assert plans.actions.height > 20


def test_the_cli_reports_the_doc_and_exits_1_without_libreoffice(no_soffice, tmp_path):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    shutil.copy(DUNMERE.with_suffix(".doc"), raw)
    shutil.copy(OFFICE / "farrowdale-cpc-progress-july-2024.odt", raw)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "cpcanalysis",
            "export",
            str(tmp_path / "data"),
            "--out",
            str(tmp_path / "out"),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": str(no_soffice), "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1
    assert "soffice --headless --convert-to docx" in done.stderr
    assert not (tmp_path / "out").exists()


def test_a_docx_saved_under_a_doc_name_is_read_without_converting(no_soffice, tmp_path):
    renamed = tmp_path / "plan.doc"
    shutil.copy(DUNMERE.with_suffix(".docx"), renamed)
    assert _cells(renamed) == _cells(DUNMERE.with_suffix(".docx"))


def test_a_file_that_is_neither_doc_nor_rtf_is_refused(tmp_path):
    fake = tmp_path / "plan.rtf"
    fake.write_text("Recommendation\tAction\n", encoding="utf-8")
    with pytest.raises(CorruptFileError, match="neither a Word 97-2003 document nor"):
        read_document(fake)


def _fake_soffice(folder: Path, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    script = folder / "soffice"
    script.write_text("#!/bin/sh\n" + textwrap.dedent(body))
    script.chmod(0o755)
    return script


def test_a_private_profile_in_a_temporary_folder_removed_afterwards(monkeypatch, tmp_path):
    """The converter is called with its own profile and HOME inside a new temporary folder,
    never the user's, and the folder is gone once the document is read."""
    log = tmp_path / "argv.txt"
    bin_dir = tmp_path / "bin"
    _fake_soffice(
        bin_dir,
        f"""
        echo "$@" > {log}
        echo "HOME=$HOME" >> {log}
        for last; do :; done
        outdir=$(dirname "$last")/out
        mkdir -p "$outdir"
        cp {DUNMERE.with_suffix(".docx")} "$outdir/document.docx"
        """,
    )
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    document = read_document(DUNMERE.with_suffix(".doc"))
    assert document.rows
    argv, home = log.read_text().splitlines()
    profile = next(a for a in argv.split() if a.startswith("-env:UserInstallation="))
    folder = Path(profile.removeprefix("-env:UserInstallation=file://")).parent
    assert folder.name.startswith("cpcanalysis-convert-")
    assert home == f"HOME={folder}"
    assert "--headless" in argv.split()
    assert not folder.exists()


def test_a_conversion_that_hangs_is_killed_after_the_time_limit(monkeypatch, tmp_path):
    pid_file = tmp_path / "child.pid"
    bin_dir = tmp_path / "bin"
    _fake_soffice(bin_dir, f"sleep 300 &\necho $! > {pid_file}\nwait\n")
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setattr(converted, "TIMEOUT", 1)
    with pytest.raises(Exception, match=r"did not convert it to \.docx within 1 s") as caught:
        read_document(DUNMERE.with_suffix(".doc"))
    assert "\n" not in str(caught.value)
    child = int(pid_file.read_text())
    status = Path(f"/proc/{child}/status")
    assert not status.exists() or "zombie" in status.read_text()


def test_a_failed_conversion_is_one_line_naming_the_file(monkeypatch, tmp_path):
    bin_dir = tmp_path / "bin"
    _fake_soffice(bin_dir, "echo 'Error: source file could not be loaded' >&2\nexit 1\n")
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    with pytest.raises(CorruptFileError) as caught:
        read_document(DUNMERE.with_suffix(".doc"))
    assert str(caught.value).startswith(str(DUNMERE.with_suffix(".doc")))
    assert "could not convert it to .docx (Error: source file could not be loaded)" in str(
        caught.value
    )
