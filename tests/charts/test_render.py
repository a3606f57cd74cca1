"""The offline renderer: every mode draws without a network, the mode can be switched, and the
still SVG the report embeds survives its data: URL."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from urllib.parse import unquote

import altair as alt
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpcanalysis.charts import render
from cpcanalysis.errors import ParameterError
from cpcanalysis.report.content.figure import FIGURE_MIME, Figure, figure_markup
from cpcanalysis.report.content.html import table

CHART = (
    alt.Chart(pl.DataFrame({"council": ["A", "B"], "actions": [3, 5]}))
    .mark_bar()
    .encode(x="actions:Q", y="council:N")
    .properties(title="Actions <b>&</b>")
)


@pytest.fixture
def mode():
    """Each test leaves the renderer as it found it."""
    before = render.current_mode()
    yield
    render.use_renderer(before)


def test_importing_the_charts_enables_the_offline_renderer():
    code = "import altair as alt, cpcanalysis.charts; print(alt.renderers.active)"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    env.pop(render.ENVIRONMENT_VARIABLE, None)
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert shown.stdout.strip() == render.RENDERER, shown.stderr


def test_interactive_charts_carry_the_bundle_once_per_page_and_load_nothing(mode):
    render.use_renderer("interactive")
    bundle = CHART._repr_mimebundle_()
    bundle = bundle[0] if isinstance(bundle, tuple) else bundle
    page = bundle["text/html"]
    assert render.offline_bundle() in page
    assert "if (!window.vegaEmbed)" in page  # a second chart does not declare it again
    assert "cdn." not in page.replace(render.offline_bundle(), "")
    assert "http" not in page.replace(render.offline_bundle(), "")


def test_still_modes_draw_an_svg_or_a_png_in_the_kernel(mode):
    render.use_renderer("svg")
    svg = render.mimebundle(CHART.to_dict(), None)["image/svg+xml"]
    assert svg.startswith("<svg") and "Actions &lt;b&gt;&amp;&lt;/b&gt;" in svg
    render.use_renderer("png")
    png = base64.b64decode(render.mimebundle(CHART.to_dict())["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_mode_comes_from_the_call_or_the_environment_and_is_checked(mode, monkeypatch):
    monkeypatch.setenv(render.ENVIRONMENT_VARIABLE, "svg")
    assert render.use_renderer() == "svg" and alt.renderers.active == render.RENDERER
    assert render.use_renderer("png") == "png"  # the call wins
    monkeypatch.setenv(render.ENVIRONMENT_VARIABLE, "vega")
    with pytest.raises(ParameterError, match="unknown chart renderer mode 'vega'") as caught:
        render.use_renderer()
    assert "interactive, svg, png" in str(caught.value)


@given(st.text(max_size=80))
def test_an_svg_survives_its_data_url_and_cannot_end_its_attribute(text):
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><text>{text}</text></svg>'
    uri = render.svg_data_uri(svg)
    assert uri.startswith("data:image/svg+xml,")
    body = uri.removeprefix("data:image/svg+xml,")
    assert unquote(body) == svg
    assert not set(body) & set('"<>&#%\n') - {"%"} and all(
        body[i + 1 : i + 3].isalnum() for i, c in enumerate(body) if c == "%"
    )


def test_a_figure_in_a_notebook_follows_the_mode_and_the_report_gets_a_still_svg(mode):
    figure = Figure(CHART, table(pl.DataFrame({"council": ["A"]}), caption="Actions"))
    for chosen, mark in (
        ("interactive", "cpcanalysis-chart"),
        ("svg", 'src="data:image/svg+xml,'),
        ("png", 'src="data:image/png;base64,'),
    ):
        render.use_renderer(chosen)
        shown = figure._repr_mimebundle_()
        assert mark in shown["text/html"], chosen
        assert "Data for" in shown["text/html"]  # the table follows the chart
    payload = shown[FIGURE_MIME]
    assert payload["svg"] == render.chart_svg(payload["spec"])
    markup = figure_markup(payload, 4)
    assert '<div class="cpc-live" id="cpc-chart-4"></div><img class="cpc-static"' in markup
    assert f'src="{render.svg_data_uri(payload["svg"])}"' in markup
    assert 'alt="Actions &lt;b&gt;&amp;&lt;/b&gt;"' in markup
