"""The comparison report end to end: built from data/ and from hostile plans, opened offline in
headless Chromium (tests/support/browser.py), and refused for bad parameters."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polars as pl
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
            ".cpc-chart",
            "els => els.map(e => !!e.querySelector('.cpc-live svg, .cpc-live canvas'))",
        )
        assert len(charts) >= 7 and all(charts)
        # each drawn chart replaced its still image
        assert page.evaluate("document.querySelectorAll('.cpc-static').length") == 0
        assert seen.requests == []
        assert seen.console_errors == [] and seen.page_errors == []
        assert [w for w in seen.console_warnings if "WARN" in w] == []  # Vega had no doubts
        # every chart has a title and an alternative
        assert page.eval_on_selector_all(
            ".cpc-figure", "els => els.every(f => f.querySelector('details table, details p'))"
        )
        focus = page.locator(".cpc-focus")
        assert focus.count() == 1 and FOCUS in focus.inner_text()
        headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent)")
        for section in ("Overview", "Slippage", "Deadline profile", "Data quality", "Methods"):
            assert any(section in h for h in headings), section


def test_without_javascript_every_chart_shows_as_a_still_svg_image(seed_report):
    """E-mail previews and document viewers run no script: each chart is then the still SVG
    vl-convert drew, decoded and shown, with its title as the image's text."""
    with open_report(seed_report, javascript=False) as (page, seen):
        figures = page.eval_on_selector_all(
            "figure.cpc-figure",
            """els => els.map(f => {
                const img = f.querySelector('.cpc-chart img.cpc-static');
                return img && {
                    svg: img.src.startsWith('data:image/svg+xml,'),
                    drawn: img.complete && img.naturalWidth > 100 && img.naturalHeight > 50,
                    shown: img.getBoundingClientRect().width > 100,
                    alt: img.alt,
                    title: f.querySelector('.cpc-chart').getAttribute('aria-label'),
                };
            })""",
        )
        assert len(figures) >= 7 and all(figures), figures
        for figure in figures:
            assert figure["svg"] and figure["drawn"] and figure["shown"], figure
            assert figure["alt"] == figure["title"] and figure["alt"]
        assert page.evaluate("document.querySelectorAll('.cpc-live svg').length") == 0
        assert seen.requests == [] and seen.console_errors == [] and seen.page_errors == []


def test_two_builds_are_byte_identical(seed_report, tmp_path):
    again = build_report(DATA, tmp_path / "again.html", focus=FOCUS)
    assert again.read_bytes() == seed_report.read_bytes()


def test_hostile_plan_text_is_shown_literally_and_never_runs(evil_report):
    with open_report(evil_report) as (page, seen):
        assert page.evaluate("window.__pwned") is None
        assert seen.requests == [] and seen.page_errors == []
        assert (
            page.evaluate(
                "document.querySelectorAll('main img:not(.cpc-static), [onerror], [onload]').length"
            )
            == 0
        )
        assert page.evaluate("document.querySelectorAll('a[href^=\"javascript:\"]').length") == 0
        tables = page.eval_on_selector_all("table", "els => els.map(e => e.textContent).join(' ')")
        for payload in [*PAYLOADS, EVIL_COUNCIL]:
            assert payload in tables, payload
        assert EVIL_COUNCIL in page.locator(".cpc-focus h2").inner_text()
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


NO_STATUSES = "no statuses published"


def _shown_or_unknown(figures, column, *, share=False, silent=False):
    """How the report shows a library figure that needs statuses: blank with the reason for a
    council that published none, never 0%."""
    return NO_STATUSES if silent else shown(figures[column], share=share)


def test_overview_slippage_and_focus_figures_are_the_librarys(seed_report, library):
    plans, measured, councils, _ = library
    tables, _ = read_report(seed_report)
    overview = table_by_caption(tables, "Overview per council")
    per_council = table_by_caption(tables, "Slippage per council: overdue actions")
    revisions = table_by_caption(tables, "Slippage per council: revised deadlines")
    assert {r["Council"] for r in overview.records()} == set(councils)
    for council, figures in councils.items():
        row = overview.row(council)
        document = plans.plans.filter(council=council).row(0, named=True)
        silent = plans.actions.filter(council=council, status="unknown").height == (
            plans.actions.filter(council=council).height
        )
        assert row["Documents"] == "1"
        assert row["Recommendations"] == str(document["n_recommendations"])
        assert row["Actions"] == str(figures["n_actions"]) == str(document["n_actions"])
        complete = plans.actions.filter(council=council, status="complete").height
        assert row["Status mix"].startswith(f"{complete} complete") or complete == 0
        for label, column in [
            ("Share of actions with a dated deadline", "share_dated"),
            ("Share of actions overdue", "share_overdue"),
        ]:
            assert row[label] == shown(figures[column], share=True), (council, label)
        assert row["Share of actions complete"] == _shown_or_unknown(
            figures, "share_complete", share=True, silent=silent
        )
        # the date judged at sits beside the overdue figures
        header = overview.header
        assert header.index("Judged at") + 2 == header.index("Actions overdue")
        assert row["Judged at"] == shown(figures["as_of"])
        for label, column in [
            ("Actions due by the as-of date", "n_due"),
            ("Actions overdue", "n_overdue"),
            ("Median days overdue", "median_days_overdue"),
        ]:
            assert row[label] == shown(figures[column]), (council, label)
        slip = per_council.row(council)
        assert slip["Judged at"] == shown(figures["as_of"])
        assert slip["Schedule index (done by deadline / due)"] == _shown_or_unknown(
            figures, "schedule_index", share=True, silent=silent
        )
        assert slip["Overdue but rated on track"] == _shown_or_unknown(
            figures, "n_optimistic", silent=silent
        )
        revised = revisions.row(council)
        assert revised["Actions with a revised deadline"] == shown(figures["n_revised"])
        assert revised["Median slippage (days)"] == shown(figures["median_slippage_days"])
        assert revised["Revisions"] == shown(figures["n_revisions"])
        assert revised["Relabelled ongoing"] == shown(figures["n_relabelled_ongoing"])
        # the LGA timeline checks need the action plan's date and a progress review: say so
        expected_plan = {
            "Lancaster City Council": "no action plan dated (add it to plans.toml, with published)",
            FOCUS: "yes",  # its action plan's as-of date is within three months of the CPC
        }
        assert revised["Plan within 3 months of the CPC"] == expected_plan[council]
        assert revised["Progress review about 10 months after"].startswith("no progress review")
    # the seed data's known figures, so a change in the library shows up here as well
    lancaster = overview.row("Lancaster City Council")
    assert (lancaster["Actions overdue"], lancaster["Median days overdue"]) == ("14", "184")
    assert lancaster["Share of actions complete"] == "19%"
    wyre = overview.row(FOCUS)  # Wyre's plan has no status column: unknown, not 0%
    assert wyre["Share of actions complete"] == NO_STATUSES != "0%"

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

    # the focus table sets Wyre's figures beside its peers' (Lancaster: same type)
    focus = table_by_caption(tables, f"{FOCUS} against its peers")
    by_figure = {r["Figure"]: r for r in focus.records()}
    wyre, lancaster_figures = councils[FOCUS], councils["Lancaster City Council"]
    dated = by_figure["Share of actions with a dated deadline"]
    assert dated["Focus council"] == shown(wyre["share_dated"], share=True)
    assert dated["Peers: median"] == shown(lancaster_figures["share_dated"], share=True)
    assert by_figure["Actions"]["Focus council"] == shown(wyre["n_actions"])
    assert by_figure["Actions overdue"]["Peers: highest"] == shown(lancaster_figures["n_overdue"])
    assert by_figure["Share of actions complete"]["Focus council"] == ""  # unknown, not 0%
    text = html.unescape(seed_report.read_text(encoding="utf-8"))
    assert "Its peers: the 1 other non-metropolitan district council (Lancaster City Council)" in (
        text
    )


def _sentences(page: str) -> list[tuple[str, list[tuple[str, str]], str]]:
    """Each findings sentence: its council, its figures (data-figure name, text) and its text
    with the figures, the quoted plan text and the council's name taken out."""
    found = []
    for council, body in re.findall(
        r'<p class="cpc-finding" data-council="([^"]*)">(.*?)</p>', page, re.DOTALL
    ):
        figures = re.findall(r'<span data-figure="([^"]+)">([^<]*)</span>', body)
        rest = re.sub(r"<span data-figure.*?</span>|<q>.*?</q>|<strong>.*?</strong>", "", body)
        found.append((html.unescape(council), figures, html.unescape(rest)))
    return found


def test_every_summary_sentence_figure_is_the_librarys(seed_report, library):
    plans, measured, councils, _ = library
    sentences = _sentences(seed_report.read_text(encoding="utf-8"))
    # one sentence per council in the summary (the focus council first), one in each profile
    assert [c for c, _, _ in sentences] == [FOCUS, "Lancaster City Council"] * 2
    for council, figures, rest in sentences:
        mine = councils[council]
        actions = plans.actions.filter(council=council)
        revised = measured.filter(council=council).filter(pl.col("revision_count") > 0)
        expected = {
            "n_actions": shown(mine["n_actions"]),
            "recommendations": str(
                plans.recommendations.filter(council=council)["rec_no"].n_unique()
            ),
            "n_complete": str(actions.filter(status="complete").height),
            "share_complete": shown(mine["share_complete"], share=True),
            "n_overdue": shown(mine["n_overdue"]),
            "as_of": shown(mine["as_of"]),
            "median_days_overdue": shown(mine["median_days_overdue"]),
            "n_revised": shown(mine["n_revised"]),
            "n_revisions": shown(mine["n_revisions"]),
        }
        slips = sorted(revised["slippage_days"].to_list(), reverse=True)
        for name, text in figures:
            if name == "slippage_days":
                assert text == shown(slips.pop(0)), council
            else:
                assert text == expected[name], (council, name)
        # every number of the sentence is one of the figures checked above, or a date or an
        # action's number quoted with them
        leftover = re.sub(r"\d{4}-\d{2}-\d{2}|R\w+ action \d+", "", rest)
        assert not re.search(r"\d", leftover), (council, leftover)
    wyre = next(f for c, f, _ in sentences if c == FOCUS)
    assert "share_complete" not in dict(wyre)  # no statuses: no share, and no 0%
    text = html.unescape(seed_report.read_text(encoding="utf-8"))
    assert "completion not known: no statuses published" in text
    assert "The councils are judged at dates 15 months apart" in text


def test_each_council_has_a_profile_of_its_late_actions_focus_first(seed_report, library):
    plans, measured, _, _ = library
    tables, headings = read_report(seed_report)
    profiles = [text for tag, text in headings if tag == "h3"]
    assert profiles[:2] == [FOCUS, "Lancaster City Council"]
    late = table_by_caption(tables, "Lancaster City Council: actions overdue, off track or at risk")
    lancaster = measured.filter(council="Lancaster City Council")
    listed = lancaster.filter(
        lancaster["is_overdue"].fill_null(False)
        | lancaster["status"].is_in(["off_track", "at_risk"])
    )
    assert len(late.rows) == listed.height
    assert late.header == [
        "No.",
        "Recommendation",
        "Action",
        "Lead",
        "Due date",
        "Latest due date",
        "Status",
        "Days overdue",
        "Latest update",
    ]
    first = late.records()[0]  # the longest overdue first
    longest = listed.sort("days_overdue", descending=True, nulls_last=True).row(0, named=True)
    assert first["Days overdue"] == str(longest["days_overdue"])
    assert first["Action"] == longest["text"] and first["Latest update"] == longest["update_text"]
    themes = table_by_caption(tables, "Lancaster City Council: recommendations by theme")
    assert len(themes.rows) == plans.recommendations.filter(council="Lancaster City Council").height
    text = html.unescape(seed_report.read_text(encoding="utf-8"))
    assert (
        "No action is overdue at 2024-07-01; whether any is off track or at risk is not known"
        in (text)
    )


def test_theme_counts_are_the_librarys(seed_report, library):
    plans, _, _, themes = library
    tables, _ = read_report(seed_report)
    for level, caption in [
        ("core_element", "Recommendations by core element and council"),
        ("theme", "Recommendations by theme and council"),
    ]:
        shown_counts = table_by_caption(tables, caption)  # themes down the rows, as charted
        matrix = themes.theme_matrix(plans.recommendations, level)
        assert [r[0] for r in shown_counts.rows] == [c for c in matrix.columns if c != "council"]
        for row in matrix.iter_rows(named=True):
            for name, value in row.items():
                if name != "council":
                    cell = shown_counts.row(name)[row["council"]]
                    assert cell == str(value), (level, row["council"], name)
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


def test_no_horizontal_page_scroll_at_400_or_1280_pixels_and_the_page_prints_whole(seed_report):
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
        for width, scrolling in ((1280, 0), (1024, 1), (600, 3), (400, 5)):
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
                // one council a page: the profiles start a page, and so does each profile
                pages: [document.getElementById('profiles'),
                        ...document.querySelectorAll('.cpc-profile + .cpc-profile')].map(
                    p => getComputedStyle(p).breakBefore),
            };
        }"""
        )
        assert printed == {
            "clipped": 0,
            "wider": 0,
            "alternatives": 0,
            "charts": True,
            "pages": ["page", "page"],
        }
        assert len(page.pdf(prefer_css_page_size=True)) > 10_000
        assert seen.page_errors == [] and seen.requests == []
