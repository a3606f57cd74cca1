"""A chart together with its table or text alternative, displayable in a notebook and a report.

A :class:`Figure` shows two ways at once:

- in a notebook, drawn offline by :mod:`cpcanalysis.charts.render` in its current mode
  (interactive with the inlined Vega bundle, or a static SVG or PNG), followed by the
  alternative;
- in an exported report, through the :data:`FIGURE_MIME` payload (the Vega-Lite spec, a static
  SVG of the chart drawn by vl-convert, the title and the escaped alternative) that
  :mod:`cpcanalysis.report.runner.page` turns into :func:`figure_markup`: the static SVG as an
  image, shown as it is where no script runs, and replaced by the interactive chart the report's
  own Vega bundle draws. No CDN, no random ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt

from cpcanalysis.charts import render
from cpcanalysis.charts.render import script_json
from cpcanalysis.report.content.html import Html, escape

__all__ = ["FIGURE_MIME", "Figure", "figure_markup", "script_json"]

FIGURE_MIME = "application/vnd.cpcanalysis.figure+json"


def chart_title(spec: dict[str, Any]) -> str:
    """The title of a Vega-Lite spec as plain text ('' when it has none)."""
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(part) for part in title)
    return "" if title is None else str(title)


@dataclass(frozen=True)
class Figure:
    """An altair chart that must have a title, and its table or text alternative."""

    chart: alt.TopLevelMixin
    alternative: Html

    def __post_init__(self) -> None:
        if not chart_title(self.spec()):
            msg = "Figure: the chart has no title; give it one with .properties(title=...)"
            raise ValueError(msg)

    def spec(self) -> dict[str, Any]:
        """The chart's Vega-Lite spec, data inlined, without the ``$schema`` URL. Its
        ``description`` (Vega's accessible name for the chart) defaults to the title."""
        # a report may chart every action of hundreds of councils: lift altair's 5,000-row
        # guard (meant for notebooks that re-send data on each display) for this chart only
        with alt.data_transformers.disable_max_rows():
            spec = self.chart.to_dict()
        spec.pop("$schema", None)
        spec.setdefault("description", f"{chart_title(spec)} (chart; its data follow in a table)")
        return spec

    def payload(self) -> dict[str, Any]:
        """What the report needs: the spec, a static SVG of it, the title and the alternative."""
        spec = self.spec()
        return {
            "spec": spec,
            "svg": render.chart_svg(spec),
            "title": chart_title(spec),
            "alternative": self.alternative.markup,
            "vegalite_version": alt.VEGALITE_VERSION,
        }

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        payload = self.payload()
        return {
            FIGURE_MIME: payload,
            "text/html": _notebook_markup(payload),
            "text/plain": f"<Figure: {payload['title']}>",
        }


def _notebook_markup(payload: dict[str, Any]) -> str:
    """What a notebook shows: the chart in the renderer's current mode (interactive, or the
    static SVG or PNG), then the alternative. Nothing is loaded from a network."""
    mode = render.current_mode()
    if mode == "svg":
        chart = render.image_markup(render.svg_data_uri(payload["svg"]), payload["title"])
    elif mode == "png":
        png = render.mimebundle(payload["spec"], "png")["image/png"]
        chart = render.image_markup(f"data:image/png;base64,{png}", payload["title"])
    else:
        chart = render.chart_html(payload["spec"])
    return f'<div class="cpc-notebook-figure">{chart}{_alternative_markup(payload)}</div>'


def _alternative_markup(payload: dict[str, Any]) -> str:
    return (
        '<details class="cpc-alternative"><summary>Data for '
        f"“{escape(payload['title'])}”</summary>{payload['alternative']}</details>"
    )


def figure_markup(payload: dict[str, Any], number: int) -> str:
    """The report markup of the ``number``-th figure: a chart container holding the static SVG
    as an image (what a reader sees where no script runs: an e-mail preview, a document
    viewer) and an empty box the report's one chart-drawing script draws the interactive chart
    into, removing the image once it is drawn; then the spec as inert JSON, and the
    alternative."""
    chart_id = f"cpc-chart-{number}"
    title = escape(payload["title"])
    static = render.image_markup(render.svg_data_uri(payload["svg"]), payload["title"])
    return (
        f'<figure class="cpc-figure" id="cpc-figure-{number}">'
        f'<div class="cpc-chart" role="img" aria-label="{title}">'
        f'<div class="cpc-live" id="{chart_id}"></div>{static}</div>'
        f'<script type="application/json" class="cpc-chart-spec" data-chart="{chart_id}">'
        f"{script_json(payload['spec'])}</script>"
        f"{_alternative_markup(payload)}</figure>"
    )
