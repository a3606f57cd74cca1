"""How charts are drawn outside the report: offline, from what vl-convert-python carries.

altair's default renderer writes HTML that loads Vega from a CDN, which shows nothing but
"Error loading script" on a machine without a network (as many council networks are), and
JupyterLab's own Vega renderer does not read Vega-Lite 6. This module registers one altair
renderer, ``cpcanalysis``, that needs no network, in one of three modes:

- ``interactive`` (the default): HTML carrying the Vega, Vega-Lite and vega-embed bundle of
  vl-convert-python inline, then the chart drawn by it: tooltips work, nothing is fetched. Each
  chart output carries the bundle (about 0.9 MB), so a saved notebook grows by that much per
  chart; JupyterLab runs the script only in outputs it trusts (cells run in this session).
- ``svg``: a static SVG drawn by vl-convert in the kernel: light, no tooltips.
- ``png``: a static PNG: shows even in a notebook re-opened untrusted, and in viewers that
  show no SVG.

Importing :mod:`cpcanalysis.charts` enables the renderer (unless another renderer than altair's
default was chosen already); notebooks call :func:`use_renderer` in their first cell, which is
where a reader switches: ``use_renderer("svg")``, or ``CPCANALYSIS_CHARTS=svg`` in the
environment before the kernel starts. :func:`chart_svg` is also how the report embeds a static
copy of every chart, for readers whose viewer runs no script.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
from functools import cache
from typing import Any
from urllib.parse import quote

import altair as alt

from cpcanalysis.errors import ParameterError

__all__ = [
    "EMBED_OPTIONS",
    "ENVIRONMENT_VARIABLE",
    "MODES",
    "RENDERER",
    "chart_html",
    "chart_png",
    "chart_svg",
    "current_mode",
    "enable_by_default",
    "image_markup",
    "mimebundle",
    "offline_bundle",
    "script_json",
    "svg_data_uri",
    "use_renderer",
]

RENDERER = "cpcanalysis"
MODES = ("interactive", "svg", "png")
ENVIRONMENT_VARIABLE = "CPCANALYSIS_CHARTS"
EMBED_OPTIONS = {"mode": "vega-lite", "renderer": "svg", "actions": False}

_state = {"mode": "interactive"}
_numbers = itertools.count(1)


def _vegalite_version() -> str:
    """The Vega-Lite version altair writes, as vl-convert names it ('6.4')."""
    return ".".join(alt.VEGALITE_VERSION.split(".")[:2])


@cache
def offline_bundle() -> str:
    """The Vega, Vega-Lite and vega-embed JavaScript for altair's Vega-Lite, built once per
    process by vl-convert-python (a few seconds)."""
    import vl_convert

    bundle = vl_convert.javascript_bundle(vl_version=_vegalite_version())  # type: ignore[call-arg]
    if "</script" in bundle.lower():  # pragma: no cover - a bundle we could not inline
        raise ParameterError("vl-convert's Vega bundle contains '</script'; cannot inline it")
    return bundle


def script_json(value: Any) -> str:
    """JSON safe inside a ``<script>`` element, executable or ``type="application/json"``.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no text from a plan can close the
    element or open a comment; ``JSON.parse`` (and JavaScript) read them back unchanged.
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, code)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def chart_html(spec: dict[str, Any]) -> str:
    """A chart as notebook HTML that draws offline: the bundle, then vega-embed on ``spec``."""
    target = f"cpcanalysis-chart-{os.getpid()}-{next(_numbers)}"
    spec = {k: v for k, v in spec.items() if k != "$schema"}  # a URL, never needed offline
    call = (
        f"vegaEmbed(document.getElementById({json.dumps(target)}), {script_json(spec)}, "
        f"{json.dumps(EMBED_OPTIONS)}).catch(function (error) {{ console.error(error); }});"
    )
    # the bundle declares top-level names, which a second classic script of it in the same
    # page would declare again (a SyntaxError): it runs in a function, once per page
    loader = f"if (!window.vegaEmbed) {{ (function () {{ {offline_bundle()}\n}}).call(window); }}"
    return (
        f'<div class="cpcanalysis-chart" id="{target}"></div>'
        f'<script type="text/javascript">{loader}</script>'
        f'<script type="text/javascript">{call}</script>'
    )


def chart_svg(spec: dict[str, Any]) -> str:
    """The chart as a static SVG document, drawn by vl-convert (the same Vega as the page's)."""
    import vl_convert

    return vl_convert.vegalite_to_svg(spec, vl_version=_vegalite_version())


def chart_png(spec: dict[str, Any], *, scale: float = 2) -> bytes:
    """The chart as a PNG image, drawn by vl-convert at ``scale`` times its size."""
    import vl_convert

    return vl_convert.vegalite_to_png(spec, vl_version=_vegalite_version(), scale=scale)


# in a data: URL only these must be escaped; '"' and '&' too, for an HTML attribute
_URL_SAFE = " !$'()*+,-./:;=?@[]^_`{|}~"


def svg_data_uri(svg: str) -> str:
    """An SVG document as a ``data:`` URL, percent-encoded only where it must be (smaller than
    base64), safe inside a double-quoted HTML attribute."""
    return "data:image/svg+xml," + quote(svg, safe=_URL_SAFE)


def image_markup(src: str, title: str, *, css_class: str = "cpc-static") -> str:
    """An ``<img>`` of a chart (``src`` a data: URL), its title as the alternative text."""
    from html import escape

    return f'<img class="{css_class}" src="{src}" alt="{escape(title, quote=True)}">'


def mimebundle(spec: dict[str, Any], mode: str | None = None) -> dict[str, Any]:
    """What a notebook displays for ``spec`` in ``mode`` (default: the current mode)."""
    mode = _checked(mode or _state["mode"])
    if mode == "svg":
        return {"image/svg+xml": chart_svg(spec), "text/plain": "<chart: SVG>"}
    if mode == "png":
        return {"image/png": base64.b64encode(chart_png(spec)).decode("ascii")}
    return {"text/html": chart_html(spec), "text/plain": "<chart>"}


def _renderer(spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    return mimebundle(spec)


def _checked(mode: str) -> str:
    if mode not in MODES:
        raise ParameterError(
            f"unknown chart renderer mode {mode!r}", hint=f"choose one of {', '.join(MODES)}"
        )
    return mode


def current_mode() -> str:
    """The mode charts are drawn in now."""
    return _state["mode"]


def use_renderer(mode: str | None = None) -> str:
    """Draw altair charts (and report figures shown in a notebook) offline, in ``mode``:
    ``interactive``, ``svg`` or ``png``; by default the mode named in the environment variable
    ``CPCANALYSIS_CHARTS``, else ``interactive``. Returns the mode chosen."""
    chosen = _checked(mode or os.environ.get(ENVIRONMENT_VARIABLE) or "interactive")
    _state["mode"] = chosen
    if RENDERER not in alt.renderers.names():
        alt.renderers.register(RENDERER, _renderer)
    alt.renderers.enable(RENDERER)
    return chosen


def enable_by_default() -> None:
    """Enable the offline renderer unless someone chose another renderer than altair's default
    (called when :mod:`cpcanalysis.charts` is imported)."""
    if alt.renderers.active == "default":
        use_renderer()
