"""How the report is run and written: isolated from the working directory, naming the data
folder the same however it is typed, not fooled by plan text holding the CSP placeholder, and
printed to a paged PDF with page numbers (one section per page) by Debian's Chromium."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from support.paths import DATA

from cpcanalysis.errors import ReportError
from cpcanalysis.report import build_report
from cpcanalysis.report.runner.build import _data_parameter

HOSTILE_MODULES = ("ipykernel_launcher", "vl_convert", "altair", "polars", "nbformat")
PLACEHOLDER = "cpcanalysis-content-security-policy"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    """A report built from a working directory holding modules named like the kernel's and
    the bundle child's, on a copy of data/ typed as ``mydata/`` and given a plan whose text
    holds the CSP placeholder."""
    work = tmp_path_factory.mktemp("hostile-cwd")
    for name in HOSTILE_MODULES:
        (work / f"{name}.py").write_text(
            f"open({str(work / ('RAN-' + name))!r}, 'w').close()\n", encoding="utf-8"
        )
    data = work / "mydata"
    shutil.copytree(DATA, data)
    (data / "raw" / "csp-plan.tsv").write_text(
        "Recommendation\tAction\tTimescale\tLead\tStatus\n"
        f"1. Keep {PLACEHOLDER} as text\tWrite {PLACEHOLDER}\tJune 2025\tX\tGreen\n",
        encoding="utf-8",
    )
    before = set(Path(tempfile.gettempdir()).glob("cpcanalysis-kernel-*"))
    cwd = os.getcwd()
    os.chdir(work)
    try:
        out = build_report("mydata/", "report.html")
    finally:
        os.chdir(cwd)
    after = set(Path(tempfile.gettempdir()).glob("cpcanalysis-kernel-*"))
    return work, (work / out).read_text(encoding="utf-8"), after - before


def test_modules_in_the_working_directory_are_never_run(hostile_run):
    work, page, _ = hostile_run
    assert sorted(p.name for p in work.glob("RAN-*")) == []
    assert "Lancaster City Council" in page


def test_plan_text_holding_the_csp_placeholder_is_shown_and_the_policy_kept(hostile_run):
    _, page, _ = hostile_run
    assert page.count('http-equiv="Content-Security-Policy"') == 1
    assert f"Keep {PLACEHOLDER} as text" in page
    (meta,) = re.findall(r"<meta [^>]*Content-Security-Policy[^>]*>", page)
    policy = re.search(r'content="([^"]*)"', meta).group(1)
    assert policy.startswith("default-src 'none'; script-src 'sha256-")


def test_the_data_folder_is_named_relative_to_the_working_directory(hostile_run):
    work, page, _ = hostile_run
    assert "<td>mydata</td>" in page
    assert str(work) not in page and "mydata/" not in page


def test_data_typed_three_ways_gives_one_parameter(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    typed = ["data", "data/", "./data", str(tmp_path / "data"), str(tmp_path / "data") + "/"]
    assert {_data_parameter(t) for t in typed} == {"data"}
    monkeypatch.chdir(tmp_path / "data")
    assert _data_parameter(tmp_path / "data") == "."


def test_the_kernel_connection_file_is_gone_after_the_run(hostile_run):
    _, _, kernel_folders = hostile_run
    assert [p for p in kernel_folders if p.exists()] == []


def test_pdf_without_chromium_is_one_line_naming_the_package(tmp_path, monkeypatch):
    from cpcanalysis.report.runner import pdf

    monkeypatch.setattr(pdf, "_CANDIDATES", ("no-such-chromium",))
    monkeypatch.delenv(pdf.CHROMIUM_ENV, raising=False)
    with pytest.raises(ReportError) as caught:
        build_report(DATA, tmp_path / "report.pdf")
    message = str(caught.value)
    assert "needs Chromium" in message and "apt-get install chromium" in message
    assert "\n" not in message and list(tmp_path.iterdir()) == []


@pytest.fixture(scope="module")
def pdf_report(tmp_path_factory):
    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        if os.environ.get("CPC_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (CPC_REQUIRE_BROWSER) but not installed")
        pytest.skip("Chromium is not installed")
    out = tmp_path_factory.mktemp("pdf") / "comparison.pdf"
    return build_report(DATA, out, focus="Wyre Council")


def test_pdf_report_is_paged_with_page_numbers_and_a_section_per_page(pdf_report):
    import pdfplumber

    assert pdf_report.read_bytes().startswith(b"%PDF-")
    with pdfplumber.open(pdf_report) as document:
        texts = [page.extract_text() or "" for page in document.pages]
    total = len(texts)
    assert total >= 5
    for number, text in enumerate(texts, 1):
        assert f"Page {number} of {total}" in text, number
    firsts = [text.strip().splitlines()[0] for text in texts]
    assert firsts[0].startswith("LGA Corporate Peer Challenge action plans")
    for section in ("Overview per council", "Themes", "Slippage", "Data quality", "Methods"):
        assert any(first.startswith(section) for first in firsts), (section, firsts)
    assert "Focus: Wyre Council" in firsts
    # one council per profile page, the focus council's first
    profiles = [first for first in firsts if first in ("Wyre Council", "Lancaster City Council")]
    assert profiles == ["Wyre Council", "Lancaster City Council"]


def test_the_pdf_is_compact_and_the_same_bytes_twice(pdf_report, tmp_path):
    import pikepdf

    with pikepdf.open(pdf_report) as document:
        assert "/CreationDate" not in document.docinfo and "/ModDate" not in document.docinfo
        assert document.trailer.ID is not None  # derived from the content, not a clock
    assert b"/ObjStm" in pdf_report.read_bytes()  # the tagged structure packed and compressed
    again = build_report(DATA, tmp_path / "again.pdf", focus="Wyre Council")
    assert again.read_bytes() == pdf_report.read_bytes()
