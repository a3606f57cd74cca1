"""Open a report in headless Chromium with the network cut off, and say what happened.

Used by the report tests. Chromium is Debian's ``chromium`` package (``/usr/bin/chromium``),
driven through playwright's Python API; playwright's own browser downloads are never used.
Every request other than the report file itself is recorded and aborted. When the browser is
missing the tests skip, unless ``CPC_REQUIRE_BROWSER=1`` (set by CI), where they fail.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
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


@contextmanager
def open_report(path: Path, *, settle_ms: int = 300) -> Iterator[tuple[object, PageReport]]:
    """Open ``path`` in offline Chromium; yield ``(page, report)`` once every chart has drawn
    (or failed: a failure shows up as a console error)."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    url = path.resolve().as_uri()
    seen = PageReport()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(offline=True, java_script_enabled=True)

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
            page.on(
                "console",
                lambda m: m.type in ("error", "assert") and seen.console_errors.append(m.text),
            )
            page.on("pageerror", lambda e: seen.page_errors.append(str(e)))
            page.goto(url, wait_until="load")
            page.wait_for_function(
                """() => Array.from(document.querySelectorAll('.cpc-chart')).every(
                    el => el.querySelector('svg, canvas') || el.textContent.length > 0)""",
                timeout=60_000,
            )
            page.wait_for_timeout(settle_ms)
            yield page, seen
        finally:
            browser.close()
