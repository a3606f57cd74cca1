"""Open a report in headless Chromium with the network cut off, and say what happened.

Used by the report tests. Chromium is Debian's ``chromium`` package (``/usr/bin/chromium``),
driven through playwright's Python API; playwright's own browser downloads are never used.
Every request other than the report file itself is recorded and aborted. When the browser is
missing the tests skip, unless ``CPC_REQUIRE_BROWSER=1`` (set by CI), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CPC_CHROMIUM"), "/usr/bin/chromium", "chromium"):
        if candidate and shutil.which(candidate):
            return shutil.which(candidate)
    return None


def require_chromium() -> str:
    """The Chromium executable, or skip (fail when CPC_REQUIRE_BROWSER=1) when it is missing."""
    path = chromium_path()
    if path is None:
        reason = "Chromium not found (install Debian's chromium package)"
        if os.environ.get("CPC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}; CPC_REQUIRE_BROWSER=1 makes this a failure")
        pytest.skip(reason)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        if os.environ.get("CPC_REQUIRE_BROWSER") == "1":
            pytest.fail("playwright is not installed; CPC_REQUIRE_BROWSER=1")
        pytest.skip("playwright is not installed")
    return path


@dataclass
class PageReport:
    """What happened while a report was open."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    # Vega's own warnings (a chart specified in a way Vega had to second-guess)
    console_warnings: list[str] = field(default_factory=list)


# every chart container holds a drawn chart (an SVG or canvas that is not the still image) or
# a message saying why it could not be drawn
ALL_CHARTS_DRAWN = """() => Array.from(document.querySelectorAll('.cpc-chart')).every(
    el => el.querySelector('.cpc-live svg, .cpc-live canvas') ||
          el.querySelector('.cpc-live').textContent.length > 0)"""


@contextmanager
def open_report(
    path: Path,
    *,
    settle_ms: int = 300,
    javascript: bool = True,
    width: int = 1280,
) -> Iterator[tuple[object, PageReport]]:
    """Open ``path`` in offline Chromium (``javascript``: with scripts allowed to run) at
    ``width`` pixels; yield ``(page, report)`` once every chart has drawn (or failed: a failure
    shows up as a console error), or, without scripts, once the page has loaded."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    url = path.resolve().as_uri()
    seen = PageReport()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                offline=True,
                java_script_enabled=javascript,
                viewport={"width": width, "height": 900},
            )

            def route(route_obj) -> None:
                if route_obj.request.url == url:
                    route_obj.continue_()
                else:
                    route_obj.abort()

            context.route("**/*", route)
            page = context.new_page()
            # every request attempted (routed or not), except the report itself and data: URLs
            page.on(
                "request",
                lambda r: (
                    r.url != url and not r.url.startswith("data:") and seen.requests.append(r.url)
                ),
            )
            page.on("console", lambda m: _console(m, seen))
            page.on("pageerror", lambda e: seen.page_errors.append(str(e)))
            page.goto(url, wait_until="load")
            if javascript:
                page.wait_for_function(ALL_CHARTS_DRAWN, timeout=60_000)
            page.wait_for_timeout(settle_ms)
            yield page, seen
        finally:
            browser.close()


def _console(message, seen: PageReport) -> None:
    if message.type in ("error", "assert"):
        seen.console_errors.append(message.text)
    elif message.type == "warning":
        seen.console_warnings.append(message.text)


# -- reading a report without a browser ---------------------------------------------------------


@dataclass
class ReportTable:
    """One ``<table>`` of a report as a reader sees it: caption, header labels and rows of cell
    text (row headers included, in column order), and whether each header cell has a scope."""

    caption: str | None
    header: list[str]
    rows: list[list[str]]
    scopes: list[str | None]  # the scope of every <th>, in order

    def records(self) -> list[dict[str, str]]:
        return [dict(zip(self.header, row, strict=True)) for row in self.rows]

    def row(self, first: str) -> dict[str, str]:
        """The row whose first cell is ``first``."""
        (found,) = [r for r in self.records() if r[self.header[0]] == first]
        return found


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[ReportTable] = []
        self.headings: list[tuple[str, str]] = []
        self._table: ReportTable | None = None
        self._row: list[str] | None = None
        self._text: str | None = None  # the cell, caption or heading being read
        self._in_head = False
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._table = ReportTable(None, [], [], [])
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th", "caption") or tag in ("h1", "h2", "h3"):
            self._text = ""
            if tag == "th" and self._table is not None:
                self._table.scopes.append(dict(attrs).get("scope"))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "caption" and self._table is not None:
            self._table.caption, self._text = self._text, None
        elif tag in ("td", "th") and self._row is not None:
            self._row.append(self._text or "")
            self._text = None
        elif tag == "tr" and self._table is not None and self._row is not None:
            if self._in_head:
                self._table.header = self._row
            else:
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag in ("h1", "h2", "h3") and self._text is not None:
            self.headings.append((tag, self._text.strip()))
            self._text = None

    def handle_data(self, data):
        if self._text is not None and not self._skip:
            self._text += data


def read_report(path: Path) -> tuple[list[ReportTable], list[tuple[str, str]]]:
    """Every table of the report at ``path``, and its headings as ``(tag, text)``, in order."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.tables, reader.headings


def table_by_caption(tables: list[ReportTable], start: str) -> ReportTable:
    """The one table whose caption starts with ``start``."""
    (found,) = [t for t in tables if (t.caption or "").startswith(start)]
    return found


def report_sections(focus: str | None = None, *, versions: bool = False) -> list[str]:
    """The report's section headings (h2), in order, with the focus view and the progress
    across versions when the report has them."""
    return [
        "Summary of findings",
        "Contents",
        *([f"Focus: {focus}"] if focus else []),
        "Overview per council",
        "Themes",
        "Slippage",
        "Deadline profile",
        *(["Progress across versions"] if versions else []),
        "Council profiles",
        "Recommendations by theme",
        "Data quality",
        "Methods and provenance",
    ]


def check_structure(path: Path, sections: list[str]) -> list:
    """One h1, the section h2s in order, every table captioned with scoped header cells, every
    chart titled and followed by its data table. Returns the tables."""
    tables, headings = read_report(path)
    assert [tag for tag, _ in headings].count("h1") == 1 and headings[0][0] == "h1"
    assert [text for tag, text in headings if tag == "h2"] == sections
    for found in tables:
        assert found.caption, found.header
        assert found.scopes and all(scope in ("col", "row") for scope in found.scopes)
        assert found.scopes.count("col") == len(found.header)
    page = path.read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="cpc-figure".*?</figure>', page, re.DOTALL)
    assert figures
    for figure in figures:
        chart = re.search(r'<div [^>]*class="cpc-chart"[^>]*>', figure).group(0)
        assert 'role="img"' in chart and re.search(r'aria-label="[^"]+"', chart)
        assert re.search(r'<img [^>]*class="cpc-static"[^>]*src="data:image/svg\+xml,', figure)
        assert re.search(r"<details[^>]*><summary>Data for “[^”]+”</summary>", figure)
        assert "<table" in figure or 'class="cpc-empty"' in figure
    # every link of the page leads to an element of the page
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    targets = re.findall(r'<a href="([^"]*)"', page)
    assert targets and all(t.startswith("#") and t[1:] in ids for t in targets), [
        t for t in targets if t[1:] not in ids
    ]
    return tables
