"""A report of many councils stays readable: national distributions and rankings instead of
charts with a row per council, each council's detail in its profile, peers chosen by type.

Built on 30 councils of the INVENTED corpus of benchmarks/report.py (the benchmark itself
measures 300); 30 is past the 25 councils from which the report shows national views.
"""

from __future__ import annotations

import html
import importlib.util
import re
from urllib.parse import unquote

import polars as pl
import pytest
from support.browser import check_structure, read_report, report_sections, table_by_caption
from support.paths import ROOT

import cpcanalysis
from cpcanalysis import slippage
from cpcanalysis.report import build_report
from cpcanalysis.report.content.national import MANY_COUNCILS

COUNCILS = 30
FOCUS = "Synthetic Council 001"
TALLEST = 900  # pixels: no chart of the report may be taller


def _corpus_writer():
    spec = importlib.util.spec_from_file_location("bench_report", ROOT / "benchmarks/report.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_synthetic_corpus


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    assert COUNCILS > MANY_COUNCILS
    return _corpus_writer()(tmp_path_factory.mktemp("many"), COUNCILS)


@pytest.fixture(scope="module")
def many_report(corpus, tmp_path_factory):
    return build_report(corpus, tmp_path_factory.mktemp("out") / "many.html", focus=FOCUS)


def test_many_councils_get_national_views_and_no_chart_with_a_row_each(many_report):
    tables = check_structure(many_report, report_sections(FOCUS, versions=True))
    captions = [t.caption for t in tables]
    for national in (
        "Status of actions, every council",
        "Deadlines against the as-of date, every council",
        "Recommendations by theme, every council",
        "The councils with the largest share of actions overdue",
        "The councils with the largest share of actions complete",
    ):
        assert any(c.startswith(national) for c in captions), national
    assert not any(c.startswith("Status of actions by council") for c in captions)
    ranking = table_by_caption(tables, "The councils with the largest share of actions overdue")
    assert 0 < len(ranking.rows) <= 15 and ranking.rows[0][0] == "1"
    page = many_report.read_text(encoding="utf-8")
    heights = [
        float(h)
        for svg in re.findall(r'src="data:image/svg\+xml,([^"]*)"', page)
        for h in re.findall(r'<svg[^>]* height="([\d.]+)"', unquote(html.unescape(svg)))[:1]
    ]
    assert heights and max(heights) <= TALLEST, heights


def test_each_council_keeps_its_detail_in_a_profile(many_report):
    tables, headings = read_report(many_report)
    profiles = [t for t in tables if (t.caption or "").endswith("recommendations by theme")]
    assert len(profiles) == COUNCILS
    page = html.unescape(many_report.read_text(encoding="utf-8"))
    assert len(re.findall(r'<section [^>]*class="cpc-profile"', page)) == COUNCILS
    assert "Progress across versions" in [text for tag, text in headings if tag == "h2"]


def test_the_national_sentence_is_the_librarys_and_peers_share_the_focus_type(many_report, corpus):
    plans = cpcanalysis.load(corpus, progress=False)
    summary = slippage.summarise(slippage.measure(plans.actions, plans.plans), plans.plans)
    councils = summary.filter(pl.col("scope") == "council")
    page = many_report.read_text(encoding="utf-8")
    national = re.search(r'<p class="cpc-finding cpc-national">(.*?)</p>', page, re.S).group(1)
    spans = dict(re.findall(r'<span data-figure="([^"]+)">([^<]*)</span>', national))
    assert spans["councils"] == str(COUNCILS)
    assert spans["n_actions"] == f"{councils['n_actions'].sum():,}"
    assert spans["n_overdue"] == f"{councils['n_overdue'].sum():,}"
    overdue_councils = councils.filter(pl.col("n_overdue") > 0).height
    assert spans["councils_with_overdue"] == str(overdue_councils)
    text = html.unescape(page)
    assert "Its peers: the 7 other unitary councils (" in text
    assert "(the region is not used: 0 of them in North East, fewer than 5)" in text
