"""A chart together with its table or text alternative, displayable in a notebook and a report.

A :class:`Figure` shows two ways at once:

- in JupyterLab, as altair's usual HTML output (which loads Vega from a CDN: fine on a
  researcher's connected machine), followed by the alternative;
- in an exported report, through the :data:`FIGURE_MIME` payload (the Vega-Lite spec, title and
  escaped alternative) that :mod:`cpcanalysis.report.runner.page` turns into an inline chart
  rendered by the Vega bundle carried in the report itself. No CDN, no random ids.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import altair as alt

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
        spec = self.spec()
        return {
            "spec": spec,
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
    """What JupyterLab shows: altair's CDN-loading HTML plus the alternative."""
    spec = payload["spec"]
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]
    chart = alt.utils.spec_to_html(
        spec,
        mode="vega-lite",
        vega_version=alt.VEGA_VERSION,
        vegaembed_version=alt.VEGAEMBED_VERSION,
        vegalite_version=alt.VEGALITE_VERSION,
        output_div=f"cpc-{digest}",
        fullhtml=False,
        template="universal",
    )
    return chart + _alternative_markup(payload)


def _alternative_markup(payload: dict[str, Any]) -> str:
    return (
        '<details class="cpc-alternative"><summary>Data for '
        f"“{escape(payload['title'])}”</summary>{payload['alternative']}</details>"
    )


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script type="application/json">`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no text from a plan can close the
    element or open a comment; ``JSON.parse`` reads them back unchanged.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def figure_markup(payload: dict[str, Any], number: int) -> str:
    """The report markup of the ``number``-th figure: an empty chart container, its spec as
    inert JSON, and the alternative. The report's one inline script renders every container."""
    chart_id = f"cpc-chart-{number}"
    title = escape(payload["title"])
    return (
        f'<figure class="cpc-figure" id="cpc-figure-{number}">'
        f'<div class="cpc-chart" id="{chart_id}" role="img" aria-label="{title}"></div>'
        f'<script type="application/json" class="cpc-chart-spec" data-chart="{chart_id}">'
        f"{script_json(payload['spec'])}</script>"
        f"{_alternative_markup(payload)}</figure>"
    )
