"""Executed notebook -> one self-contained, deterministic HTML file.

nbconvert's HTMLExporter renders the notebook with code hidden, through a template that extends
JupyterLab's but drops every script the default adds from a CDN (require.js, MathJax, mermaid,
widgets). Figures (:mod:`cpcanalysis.report.figures`) become empty containers with their
Vega-Lite spec as inert JSON. Two inline scripts follow, once per report: the Vega, Vega-Lite and
vega-embed bundle carried by vl-convert-python, and a few lines that draw every container. A
Content-Security-Policy allows exactly those two scripts (by hash) and nothing from the network.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import os
import re
from pathlib import Path
from typing import Any

import altair as alt
import nbformat
import vl_convert
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from cpcanalysis.report.figures import FIGURE_MIME, figure_markup
from cpcanalysis.report.notebook import ReportError

__all__ = ["CSP_TEMPLATE", "export_html", "javascript_bundle", "write_atomic"]

TEMPLATE_NAME = "cpcanalysis_report.html.j2"

# what the report may load: only its own two scripts (by hash), inline styles, data: images/fonts
CSP_TEMPLATE = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; base-uri 'none'; form-action 'none'"
)

_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}
<meta http-equiv="Content-Security-Policy" content="{{ resources.cpc.csp }}">
{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block extra_css -%}
<style type="text/css">{{ resources.cpc.css }}</style>
{%- endblock extra_css -%}
{%- block body_footer -%}
</main>
<script>{{ resources.cpc.bundle }}</script>
<script>{{ resources.cpc.init }}</script>
</body>
{%- endblock body_footer -%}
"""

# draws every chart container; ast mode evaluates Vega expressions without eval(), which the
# CSP forbids; a chart that fails says so in its container (the data table still follows)
_INIT = """\
(function () {
  var options = {mode: "vega-lite", renderer: "svg", actions: false, ast: true};
  document.querySelectorAll("script.cpc-chart-spec").forEach(function (node) {
    var target = document.getElementById(node.getAttribute("data-chart"));
    vegaEmbed(target, JSON.parse(node.textContent), options).catch(function (error) {
      target.textContent = "This chart could not be drawn (" + error.message + "); " +
        "its data follow.";
      console.error(error);
    });
  });
})();"""

_CSS = """\
main { max-width: 1100px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
.jp-RenderedHTMLCommon { font-size: 15px; line-height: 1.5; }
.cpc-table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 13px; }
.cpc-table caption { caption-side: top; text-align: left; font-weight: 600; padding: 0.25rem 0; }
.cpc-table th, .cpc-table td { border: 1px solid #c8c8c8; padding: 3px 8px; vertical-align: top;
  text-align: left; }
.cpc-table th { background: #eef1f4; }
.cpc-table tbody tr:nth-child(even) { background: #f7f8fa; }
.cpc-table .num { text-align: right; font-variant-numeric: tabular-nums; }
.cpc-figure { margin: 1rem 0 1.5rem; }
.cpc-chart { overflow-x: auto; }
.cpc-alternative summary { cursor: pointer; color: #1f4e79; margin: 0.25rem 0; }
.cpc-empty, .cpc-note { color: #555; font-style: italic; }
.cpc-focus { border-left: 4px solid #0072b2; padding-left: 0.75rem; }
"""

_CSP_PLACEHOLDER = "cpcanalysis-content-security-policy"
_SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_REMOTE_LOAD = re.compile(
    r"""(?:\bsrc\s*=\s*["']?(?!data:)[^"'\s>]+|<link\b|@import|url\(\s*["']?(?!data:|#))""",
    re.IGNORECASE,
)


@functools.cache
def javascript_bundle() -> str:
    """The Vega + Vega-Lite + vega-embed bundle for the Vega-Lite version altair writes."""
    wanted = ".".join(alt.VEGALITE_VERSION.split(".")[:2])
    if wanted not in vl_convert.get_vegalite_versions():
        raise ReportError(
            f"vl-convert-python {vl_convert.__version__} has no Vega-Lite {wanted}, "
            f"which altair {alt.__version__} writes",
            hint="install versions of altair and vl-convert-python that agree",
        )
    bundle = vl_convert.javascript_bundle(vl_version=wanted)
    if "</script" in bundle.lower():
        raise ReportError("the Vega bundle contains '</script' and cannot be inlined")
    return bundle


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class FigurePreprocessor(Preprocessor):
    """Turns figure outputs into report markup numbered in order, drops stderr streams
    (warnings are not part of a report), and refuses outputs that would need a script."""

    def preprocess(
        self, nb: nbformat.NotebookNode, resources: dict[str, Any]
    ) -> tuple[nbformat.NotebookNode, dict[str, Any]]:
        nb.metadata.pop("widgets", None)
        number = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            kept = []
            for output in cell.get("outputs", []):
                if output.output_type == "stream" and output.get("name") == "stderr":
                    continue
                data = output.get("data", {})
                if FIGURE_MIME in data:
                    number += 1
                    output.data = {"text/html": figure_markup(data[FIGURE_MIME], number)}
                    output.metadata = {}
                else:
                    _refuse_scripts(data, index)
                kept.append(output)
            cell.outputs = kept
        return nb, resources


def _refuse_scripts(data: dict[str, Any], index: int) -> None:
    html = data.get("text/html", "")
    html = "".join(html) if isinstance(html, list) else html
    if "application/javascript" in data or "<script" in html.lower():
        raise ReportError(
            f"cell {index + 1} of the report notebook displays something that needs a script "
            "(a bare altair chart?)",
            hint="display charts as cpcanalysis.report.Figure(chart, alternative)",
        )


@functools.cache
def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({TEMPLATE_NAME: _TEMPLATE})],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
        theme="light",
    )
    exporter.template_file = TEMPLATE_NAME
    exporter.register_preprocessor(FigurePreprocessor, enabled=True)
    return exporter


def export_html(nb: nbformat.NotebookNode, *, title: str = "Report") -> str:
    """The executed notebook ``nb`` as one self-contained HTML document."""
    cpc = {"csp": _CSP_PLACEHOLDER, "css": _CSS, "bundle": javascript_bundle(), "init": _INIT}
    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = nb.metadata.get("title", title)
    body, _ = _exporter().from_notebook_node(nb, resources={"cpc": cpc})
    scripts = _executable_scripts(body)
    if scripts != [cpc["bundle"], cpc["init"]]:
        raise ReportError(
            f"the exported report has {len(scripts)} executable scripts, expected only our 2"
        )
    _refuse_remote_loads(body, scripts)
    # hash the scripts as they stand in the final page, so the policy matches byte for byte
    csp = CSP_TEMPLATE.format(scripts=" ".join(_script_hash(script) for script in scripts))
    if body.count(_CSP_PLACEHOLDER) != 1:
        raise ReportError("the report template lost its Content-Security-Policy")
    return body.replace(_CSP_PLACEHOLDER, csp)


def _executable_scripts(body: str) -> list[str]:
    """The text of every script element a browser would run (JSON data blocks are inert)."""
    return [
        match.group(2)
        for match in _SCRIPT_ELEMENT.finditer(body)
        if 'type="application/json"' not in match.group(1)
    ]


def _refuse_remote_loads(body: str, scripts: list[str]) -> None:
    """Refuse a page whose markup or styles would load anything (the scripts load nothing:
    they are checked by the browser tests, and the policy forbids it anyway)."""
    for script in scripts:
        body = body.replace(script, "")
    remote = _REMOTE_LOAD.search(body)
    if remote:
        raise ReportError(f"the exported report would load a resource: {remote.group(0)[:80]!r}")


def write_atomic(text: str, out: Path) -> Path:
    """Write ``text`` to ``out`` through a temporary file in the same folder, then rename, so
    ``out`` is either the previous file or the complete new one, never half written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("x", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return out
