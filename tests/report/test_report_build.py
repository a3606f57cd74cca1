"""The comparison report end to end: built from data/ and from hostile plans, opened offline in
headless Chromium (tests/support/browser.py), and refused for bad parameters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from support.browser import (
    check_structure,
    open_report,
    read_report,
    report_sections,
    table_by_caption,
)
from support.paths import DATA, ROOT

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
    assert page.count('http-equiv="Content-Security-Policy"') == 1
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

    packaged = ROOT / "cpcanalysis/notebooks/comparison.ipynb"
    nb = nbformat.read(packaged, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("## Our own section\n\nWritten by a researcher."))
    mine = tmp_path / "mine.ipynb"
    nbformat.write(nb, mine)
    out = build_report(DATA, tmp_path / "mine.html", councils=[FOCUS], notebook=mine)
    page = out.read_text(encoding="utf-8")
    assert "Our own section" in page and "Written by a researcher." in page
    assert "Lancaster City Council" not in page.split("Methods and provenance")[0]


# -- the report's figures are the library's ----------------------------------------------------


def shown(value, *, share: bool = False) -> str:
    """How the report writes a library value in a table cell."""
    if value is None:
        return ""
    if share:
        return f"{value * 100:.0f}%"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@pytest.fixture(scope="module")
def library():
    """The library's own figures on data/, computed without the report."""
    import polars as pl

    import cpcanalysis
    from cpcanalysis import slippage, themes

    plans = cpcanalysis.load(DATA)
    measured = slippage.measure(plans.actions, plans.plans)
    summary = slippage.summarise(measured, plans.plans)
    councils = {
        row["council"]: row
        for row in summary.filter(pl.col("scope") == "council").iter_rows(named=True)
    }
    return plans, measured, councils, themes


def test_overview_slippage_and_focus_figures_are_the_librarys(seed_report, library):
    plans, measured, councils, _ = library
    tables, _ = read_report(seed_report)
    overview = table_by_caption(tables, "Overview per council")
    per_council = table_by_caption(tables, "Slippage per council")
    assert {r["Council"] for r in overview.records()} == set(councils)
    for council, figures in councils.items():
        row = overview.row(council)
        document = plans.plans.filter(council=council).row(0, named=True)
        assert row["Documents"] == "1"
        assert row["Recommendations"] == str(document["n_recommendations"])
        assert row["Actions"] == str(figures["n_actions"]) == str(document["n_actions"])
        complete = plans.actions.filter(council=council, status="complete").height
        assert row["Status mix"].startswith(f"{complete} complete") or complete == 0
        for label, column in [
            ("Share of actions with a dated deadline", "share_dated"),
            ("Share of actions complete", "share_complete"),
            ("Share of actions overdue", "share_overdue"),
        ]:
            assert row[label] == shown(figures[column], share=True), (council, label)
        for label, column in [
            ("Actions due by the as-of date", "n_due"),
            ("Actions overdue", "n_overdue"),
            ("Median days overdue", "median_days_overdue"),
            ("Actions with a revised deadline", "n_revised"),
            ("Median slippage (days)", "median_slippage_days"),
        ]:
            assert row[label] == shown(figures[column]), (council, label)
        slip = per_council.row(council)
        assert slip["Judged at"] == shown(figures["as_of"])
        assert slip["Schedule index (done by deadline / due)"] == shown(
            figures["schedule_index"], share=True
        )
        assert slip["Overdue but rated on track"] == shown(figures["n_optimistic"])
        assert slip["Revisions"] == shown(figures["n_revisions"])
        assert slip["Relabelled ongoing"] == shown(figures["n_relabelled_ongoing"])
    # the seed data's known figures, so a change in the library shows up here as well
    lancaster = overview.row("Lancaster City Council")
    assert (lancaster["Actions overdue"], lancaster["Median days overdue"]) == ("14", "184")

    # the revised deadlines, one row per revised action
    revised = table_by_caption(tables, "Actions whose deadline was revised")
    expected = measured.filter(measured["revision_count"] > 0)
    assert len(revised.rows) == expected.height
    first = expected.sort("rec_no", "action_no").row(0, named=True)
    row = revised.records()[0]  # the report sorts by council, document, action
    assert row["Action"] == f"R{first['rec_id']} action {first['action_no']}"
    assert row["First due date"] == shown(first["original_end"])
    assert row["Latest due date"] == shown(first["revised_end"])
    assert row["Slippage (days)"] == shown(first["slippage_days"])

    # the focus table sets Wyre's figures beside the other council's
    focus = table_by_caption(tables, f"{FOCUS} against the other councils")
    by_figure = {r["Figure"]: r for r in focus.records()}
    wyre, lancaster_figures = councils[FOCUS], councils["Lancaster City Council"]
    dated = by_figure["Share of actions with a dated deadline"]
    assert dated["Focus council"] == shown(wyre["share_dated"], share=True)
    assert dated["Others: median"] == shown(lancaster_figures["share_dated"], share=True)
    assert by_figure["Actions"]["Focus council"] == shown(wyre["n_actions"])
    assert by_figure["Actions overdue"]["Others: highest"] == shown(lancaster_figures["n_overdue"])


def test_theme_counts_are_the_librarys(seed_report, library):
    plans, _, _, themes = library
    tables, _ = read_report(seed_report)
    for level, caption in [
        ("core_element", "Recommendations by core element and council"),
        ("theme", "Recommendations by theme and council"),
    ]:
        shown_counts = table_by_caption(tables, caption)
        matrix = themes.theme_matrix(plans.recommendations, level)
        for row in matrix.iter_rows(named=True):
            cells = shown_counts.row(row["council"])
            for name, value in row.items():
                if name != "council":
                    assert cells[name] == str(value), (level, row["council"], name)
    listed = table_by_caption(tables, "Recommendations by theme (latest")
    assert len(listed.rows) == plans.recommendations.height
    wyre_1 = plans.recommendations.filter(council=FOCUS, rec_id="1").row(0, named=True)
    (row,) = [r for r in listed.records() if r["Council"] == FOCUS and r["No."] == "1"]
    assert (row["Core element"], row["Theme"]) == (wyre_1["core_element"], wyre_1["theme"])
    assert row["Recommendation"] == wyre_1["text"]


# -- how the report reads ----------------------------------------------------------------------


def test_report_reads_in_order_with_captioned_tables_and_chart_alternatives(seed_report):
    tables = check_structure(seed_report, report_sections(FOCUS))
    overview = table_by_caption(tables, "Overview per council")
    assert overview.scopes.count("row") == len(overview.rows)  # each council heads its row
    # status is a word wherever it appears, never only a colour
    status = table_by_caption(tables, "Status of actions by council")
    labels = ["Complete", "On track", "At risk", "Off track", "Not started", "Unknown"]
    assert status.header[1:] == labels
    deadlines = table_by_caption(tables, f"{FOCUS}: actions with a due date")
    assert {r["Status"] for r in deadlines.records()} == {"Unknown"}


def test_wide_tables_scroll_in_their_box_and_the_page_prints_whole(seed_report):
    overflow = """() => {
        const width = document.documentElement.clientWidth;
        const outside = [...document.querySelectorAll('main *')].filter(el =>
            el.getBoundingClientRect().right > width + 1 &&
            !el.closest('.cpc-table-wrap, .cpc-chart'));
        const boxes = [...document.querySelectorAll('.cpc-table-wrap')];
        return {
            page: document.documentElement.scrollWidth - width,
            outside: outside.map(el => el.tagName).slice(0, 5),
            scrolling: boxes.filter(b => b.scrollWidth > b.clientWidth + 1).length,
            wider: boxes.filter(b => b.getBoundingClientRect().right > width + 1).length,
            focusable: boxes.every(b => b.tabIndex === 0 && b.getAttribute('aria-label')),
        };
    }"""
    with open_report(seed_report) as (page, seen):
        for width, scrolling in ((1024, 1), (600, 3)):
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(200)
            found = page.evaluate(overflow)
            assert found["page"] == 0 and found["outside"] == [], (width, found)
            assert found["wider"] == 0 and found["focusable"], (width, found)
            assert found["scrolling"] >= scrolling, (width, found)  # the wide ones scroll
        # on paper nothing scrolls: no table is cut at the page edge, no chart split
        page.emulate_media(media="print")
        page.set_viewport_size({"width": 1050, "height": 800})  # A4 landscape, 12 mm margins
        page.wait_for_timeout(200)
        printed = page.evaluate(
            """() => {
            const width = document.documentElement.clientWidth;
            return {
                clipped: [...document.querySelectorAll('.cpc-table-wrap, .cpc-chart')].filter(
                    b => getComputedStyle(b).overflowX !== 'visible').length,
                wider: [...document.querySelectorAll('table.cpc-table, .cpc-chart svg')].filter(
                    t => t.getBoundingClientRect().right > width + 1).length,
                alternatives: [...document.querySelectorAll('.cpc-alternative')].filter(
                    d => getComputedStyle(d).display !== 'none').length,
                charts: [...document.querySelectorAll('.cpc-chart')].every(
                    c => getComputedStyle(c).breakInside === 'avoid'),
            };
        }"""
        )
        assert printed == {"clipped": 0, "wider": 0, "alternatives": 0, "charts": True}
        assert len(page.pdf(prefer_css_page_size=True)) > 10_000
        assert seen.page_errors == [] and seen.requests == []
