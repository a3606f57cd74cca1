"""The report's HTML, byte for byte, on a small fixed data folder (a golden snapshot).

Any change to what the report shows or how it is marked up shows here as a diff to review.
What legitimately varies is masked first: the Vega bundle (vl-convert's, a megabyte), the
script hashes in the Content-Security-Policy that follow from it, the still SVG images of the
charts (vl-convert draws them, its fonts and version decide every coordinate), the versions of
the libraries, and the data folder's path. After a deliberate change, rebuild the snapshot with
``CPC_UPDATE_GOLDEN=1 make test`` (or that variable and pytest on this file) and read the diff.
"""

from __future__ import annotations

import difflib
import os
import re

import pytest
from support.paths import FIXTURES

from cpcanalysis.report import build_report

GOLDEN = FIXTURES / "golden" / "report-exampleton.html"
DATA = FIXTURES / "chain"


def normalised(page: str, data: str) -> str:
    """The page with the parts that may vary between machines and library versions masked."""
    marker = page.find("window.vegaEmbed=")
    if marker >= 0:
        start = page.rfind("<script>", 0, marker) + len("<script>")
        page = page[:start] + "/* the Vega bundle */" + page[page.find("</script>", marker) :]
    page = re.sub(r"'sha256-[A-Za-z0-9+/=]+'", "'sha256-…'", page)
    page = re.sub(r'src="data:image/svg\+xml,[^"]*"', 'src="data:image/svg+xml,…"', page)
    software = re.search(
        r'(<table class="cpc-table"><caption>Software</caption>.*?</table>)', page, re.S
    )
    if software:
        masked = re.sub(r"(</th><td[^>]*>)[^<]*(</td>)", r"\1…\2", software.group(1))
        page = page.replace(software.group(1), masked)
    # the report names the data folder relative to the working directory (runner/build.py)
    return page.replace(data, "DATA").replace(os.path.relpath(data), "DATA")


def test_report_html_matches_its_snapshot(tmp_path):
    out = build_report(DATA, tmp_path / "report.html", focus="Exampleton Borough Council")
    page = normalised(out.read_text(encoding="utf-8"), str(DATA))
    if os.environ.get("CPC_UPDATE_GOLDEN"):
        GOLDEN.write_text(page, encoding="utf-8")
        pytest.skip("golden snapshot rewritten")
    expected = GOLDEN.read_text(encoding="utf-8")
    if page != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), page.splitlines(), "golden", "built", lineterm="", n=1
        )
        shown = [line[:300] for line in list(diff)[:80]]
        pytest.fail("the report differs from its snapshot:\n" + "\n".join(shown))
