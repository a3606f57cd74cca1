"""The comparison report end to end: built from data/ and from hostile plans, opened offline in
headless Chromium (tests/browser.py), and refused for bad parameters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import open_report
from conftest import DATA

from cpcanalysis.errors import ParameterError
from cpcanalysis.report import build_report

FOCUS = "Wyre Council"

PAYLOADS = [
    "<script>window.__pwned = 1</script>",
    '<img src=x onerror="window.__pwned = 2">',
    "javascript:window.__pwned = 3",
    "</script><script>window.__pwned = 4</script>",
    "<svg onload=window.__pwned=5>",
]
EVIL_COUNCIL = "<b>Evil</b> <script>window.__pwned = 6</script> Council"


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "comparison.html"
    return build_report(DATA, out, focus=FOCUS)


@pytest.fixture(scope="module")
def evil_data(tmp_path_factory) -> Path:
    """A data folder whose plan cells, council name and file are hostile."""
    folder = tmp_path_factory.mktemp("evil")
    raw = folder / "raw"
    raw.mkdir()
    rows = ["Recommendation\tAction\tTimescale\tLead\tStatus"]
    for number, payload in enumerate(PAYLOADS, 1):
        rows.append(f"{number}. Improve {payload} governance\tDo {payload} now\tMarch 2024\tX\tRed")
    (raw / "evil-plan.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (raw / "calm-plan.tsv").write_text(
        "Recommendation\tAction\tTimescale\tLead\tStatus\n"
        "1. Review the budget\tReport to Cabinet\tJune 2024\tY\tGreen\n",
        encoding="utf-8",
    )
    council = EVIL_COUNCIL.replace('"', '\\"')
    (folder / "plans.toml").write_text(
        "[[documents]]\n"
        'plan_id = "evil"\n'
        f'council = "{council}"\n'
        'document_kind = "tracker"\n'
        'cpc_date = "2023-10-01"\n'
        'as_of = "2025-01-01"\n'
        'path = "raw/evil-plan.tsv"\n',
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def evil_report(evil_data, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("evil-out") / "evil.html"
    return build_report(evil_data, out, focus=EVIL_COUNCIL)


def test_report_on_data_is_small_and_self_contained(seed_report):
    page = seed_report.read_text(encoding="utf-8")
    assert seed_report.stat().st_size < 3_000_000
    assert page.count('<meta http-equiv="Content-Security-Policy"') == 1 or (
        page.count('http-equiv="Content-Security-Policy"') == 1
    )
    assert page.count("window.vegaEmbed=") == 1  # the bundle is inlined once
    for cdn in ("cdn.jsdelivr", "cdnjs", "unpkg", "require.js", "mathjax", "mermaid"):
        assert cdn not in page.lower(), cdn
    assert not re.search(r"\b(src|href)=\"(https?:)?//", page)


def test_report_renders_every_chart_offline_without_requests_or_errors(seed_report):
    with open_report(seed_report) as (page, seen):
        charts = page.eval_on_selector_all(
            ".cpc-chart", "els => els.map(e => !!e.querySelector('svg, canvas'))"
        )
        assert len(charts) >= 5 and all(charts)
        assert seen.requests == []
        assert seen.console_errors == [] and seen.page_errors == []
        # every chart has a title and an alternative
        assert page.eval_on_selector_all(
            ".cpc-figure", "els => els.every(f => f.querySelector('details table, details p'))"
        )
        focus = page.locator("#cpc-focus")
        assert focus.count() == 1 and FOCUS in focus.inner_text()
        headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
        for section in ("Overview", "Slippage", "Deadline profile", "Data quality", "Methods"):
            assert any(section in h for h in headings), section


def test_two_builds_are_byte_identical(seed_report, tmp_path):
    again = build_report(DATA, tmp_path / "again.html", focus=FOCUS)
    assert again.read_bytes() == seed_report.read_bytes()


def test_hostile_plan_text_is_shown_literally_and_never_runs(evil_report):
    with open_report(evil_report) as (page, seen):
        assert page.evaluate("window.__pwned") is None
        assert seen.requests == [] and seen.page_errors == []
        assert (
            page.evaluate("document.querySelectorAll('main img, [onerror], [onload]').length") == 0
        )
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0
        tables = page.eval_on_selector_all("table", "els => els.map(e => e.textContent).join(' ')")
        for payload in [*PAYLOADS, EVIL_COUNCIL]:
            assert payload in tables, payload
        assert EVIL_COUNCIL in page.locator("#cpc-focus h2").inner_text()
        # a tooltip over a chart mark shows the hostile text as text
        chart = '.cpc-chart[aria-label^="How far overdue"]'
        page.locator(f"{chart} .mark-symbol.role-mark path").first.hover(force=True, timeout=5000)
        page.wait_for_timeout(300)
        tooltip = page.evaluate(
            "(() => { const t = document.getElementById('vg-tooltip-element');"
            " return t ? [t.textContent, t.querySelectorAll('img, script, svg').length] : null })()"
        )
        assert tooltip is not None and tooltip[1] == 0
        assert any(p in tooltip[0] for p in [*PAYLOADS, EVIL_COUNCIL])
        assert page.evaluate("window.__pwned") is None


def test_unknown_council_is_a_parameter_error_and_writes_nothing(tmp_path):
    out = tmp_path / "report.html"
    with pytest.raises(ParameterError) as caught:
        build_report(DATA, out, councils=["Wyre Council", "Nowhere Borough Council"])
    message = str(caught.value)
    assert "unknown council 'Nowhere Borough Council'" in message
    assert "Lancaster City Council" in message and "\n" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_changed_copy_of_the_notebook_is_run_instead_of_the_packaged_one(tmp_path):
    import nbformat

    packaged = Path(__file__).resolve().parent.parent / "cpcanalysis/notebooks/comparison.ipynb"
    nb = nbformat.read(packaged, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("## Our own section\n\nWritten by a researcher."))
    mine = tmp_path / "mine.ipynb"
    nbformat.write(nb, mine)
    out = build_report(DATA, tmp_path / "mine.html", councils=[FOCUS], notebook=mine)
    page = out.read_text(encoding="utf-8")
    assert "Our own section" in page and "Written by a researcher." in page
    assert "Lancaster City Council" not in page.split("Methods and provenance")[0]
