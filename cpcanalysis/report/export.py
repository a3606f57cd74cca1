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
import hashlib
import re
from html.parser import HTMLParser
from typing import Any

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from cpcanalysis.errors import ReportError
from cpcanalysis.report.bundle import BundleJob, javascript_bundle
from cpcanalysis.report.figures import FIGURE_MIME, figure_markup

__all__ = ["CSP_TEMPLATE", "export_html"]

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
{%- block html_head_css -%}
<style type="text/css">{{ resources.cpc.css }}</style>
{%- endblock html_head_css -%}
{%- block body_footer -%}
</main>
{%- if resources.cpc.bundle %}
<script>{{ resources.cpc.bundle }}</script>
<script>{{ resources.cpc.init }}</script>
{%- endif %}
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
.cpc-table-wrap { overflow-x: auto; margin: 0.5rem 0 1rem; }
.jp-RenderedHTMLCommon table.cpc-table { border-collapse: collapse; font-size: 13px;
  margin: 0; table-layout: auto; }
.jp-RenderedHTMLCommon table.cpc-table caption { caption-side: top; text-align: left;
  font-weight: 600; padding: 0.25rem 0; }
.jp-RenderedHTMLCommon table.cpc-table th, .jp-RenderedHTMLCommon table.cpc-table td {
  border: 1px solid #c8c8c8; padding: 3px 8px; vertical-align: top; text-align: left;
  overflow-wrap: break-word; max-width: 40rem; }
.jp-RenderedHTMLCommon table.cpc-table th { background: #eef1f4; }
.jp-RenderedHTMLCommon table.cpc-table tbody tr:nth-child(even) { background: #f7f8fa; }
.jp-RenderedHTMLCommon table.cpc-table .num { text-align: right;
  font-variant-numeric: tabular-nums; }
.cpc-figure { margin: 1rem 0 1.5rem; }
.cpc-chart { overflow-x: auto; }
.cpc-alternative summary { cursor: pointer; color: #1f4e79; margin: 0.25rem 0; }
.cpc-empty, .cpc-note { color: #555; font-style: italic; }
.cpc-focus { border-left: 4px solid #0072b2; padding-left: 0.75rem; margin-top: 2rem; }
.cpc-table-wrap:focus-visible, .cpc-alternative summary:focus-visible {
  outline: 2px solid #1f4e79; outline-offset: 2px; }
.jp-RenderedHTMLCommon table.cpc-table tbody th { font-weight: 600; background: inherit; }
@media print {
  @page { size: A4 landscape; margin: 12mm; }
  main { max-width: none; padding: 0; }
  .jp-RenderedHTMLCommon { font-size: 10.5pt; }
  /* a scrolling box would cut a wide table or chart at the page edge: show all of it */
  .cpc-table-wrap, .cpc-chart { overflow: visible; }
  .jp-RenderedHTMLCommon table.cpc-table { font-size: 8pt; width: 100%; }
  .jp-RenderedHTMLCommon table.cpc-table th, .jp-RenderedHTMLCommon table.cpc-table td {
    max-width: none; padding: 2px 4px; hyphens: auto; }
  /* long unbroken values (file paths, SHA-256) may break anywhere; headings only between words */
  .jp-RenderedHTMLCommon table.cpc-table td { overflow-wrap: anywhere; }
  .jp-RenderedHTMLCommon table.cpc-table thead { display: table-header-group; }
  .jp-RenderedHTMLCommon table.cpc-table tr, .cpc-chart, caption {
    break-inside: avoid; page-break-inside: avoid; }
  .cpc-chart svg, .cpc-chart canvas { max-width: 100%; height: auto; }
  h1, h2, h3, caption { break-after: avoid; page-break-after: avoid; }
  /* the charts' data tables are the screen's alternative; on paper the chart prints */
  .cpc-alternative { display: none; }
  .jp-RenderedHTMLCommon table.cpc-table tbody tr:nth-child(even) { background: none; }
}
"""

_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_CSP_PLACEHOLDER = "cpcanalysis-content-security-policy"
_SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_CSS_LOAD = re.compile(r"""@import|url\(\s*["']?(?!data:|#)""", re.IGNORECASE)


def _script_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


class FigurePreprocessor(Preprocessor):
    """Turns figure outputs into report markup numbered in order, drops stderr streams
    (warnings are not part of a report) and widgets (progress bars), and refuses outputs that
    would need a script. When
    there are figures, puts the Vega bundle for their Vega-Lite version into the resources."""

    def __init__(self, bundle: BundleJob | None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bundle = bundle  # not in resources: nbconvert deep-copies those

    def preprocess(
        self, nb: nbformat.NotebookNode, resources: dict[str, Any]
    ) -> tuple[nbformat.NotebookNode, dict[str, Any]]:
        nb.metadata.pop("widgets", None)
        versions: set[str] = set()
        number = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            kept = []
            for output in cell.get("outputs", []):
                if output.output_type == "stream" and output.get("name") == "stderr":
                    continue
                data = output.get("data", {})
                if _WIDGET_MIME in data:  # a progress bar: interactive only, and timed
                    continue
                if FIGURE_MIME in data:
                    number += 1
                    versions.add(data[FIGURE_MIME]["vegalite_version"])
                    output.data = {"text/html": figure_markup(data[FIGURE_MIME], number)}
                    output.metadata = {}
                else:
                    _refuse_scripts(data, index)
                kept.append(output)
            cell.outputs = kept
        if len(versions) > 1:
            raise ReportError(f"the report's charts use several Vega-Lite versions: {versions}")
        cpc = resources["cpc"]
        if versions:
            version = versions.pop()
            found = self.bundle.result(version) if self.bundle else javascript_bundle(version)
            cpc["bundle"], cpc["init"] = found, _INIT
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


def _exporter(bundle: BundleJob | None) -> HTMLExporter:
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
    exporter.register_preprocessor(FigurePreprocessor(bundle), enabled=True)
    return exporter


def export_html(
    nb: nbformat.NotebookNode, *, title: str = "Report", bundle: BundleJob | None = None
) -> str:
    """The executed notebook ``nb`` as one self-contained HTML document. ``bundle`` is a
    :class:`BundleJob` started earlier; without it the bundle is built when a figure needs it."""
    cpc = {"csp": _CSP_PLACEHOLDER, "css": _CSS, "bundle": "", "init": ""}
    nb = nbformat.from_dict(nb)
    nb.metadata["title"] = nb.metadata.get("title", title)
    body, resources = _exporter(bundle).from_notebook_node(nb, resources={"cpc": cpc})
    cpc = resources["cpc"]
    ours = [cpc["bundle"], cpc["init"]] if cpc["bundle"] else []
    scripts = _executable_scripts(body)
    if scripts != ours:
        raise ReportError(
            f"the exported report has {len(scripts)} executable scripts, expected {len(ours)}"
        )
    _refuse_remote_loads(body, scripts)
    # hash the scripts as they stand in the final page, so the policy matches byte for byte
    hashes = " ".join(_script_hash(script) for script in scripts) or "'none'"
    if body.count(_CSP_PLACEHOLDER) != 1:
        raise ReportError("the report template lost its Content-Security-Policy")
    return body.replace(_CSP_PLACEHOLDER, CSP_TEMPLATE.format(scripts=hashes))


def _executable_scripts(body: str) -> list[str]:
    """The text of every script element a browser would run (JSON data blocks are inert)."""
    return [
        match.group(2)
        for match in _SCRIPT_ELEMENT.finditer(body)
        if 'type="application/json"' not in match.group(1)
    ]


class _ResourceFinder(HTMLParser):
    """Finds markup that would make a browser load something: a ``src`` that is not a data:
    URL, a ``<link>``, a style with ``@import`` or a ``url()`` that is not data: or a
    fragment. Text is never looked at, so escaped plan text cannot trip it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link":
            self.found.append("<link>")
        for name, value in attrs:
            value = value or ""
            if name in ("src", "srcset", "poster", "data") and not value.startswith("data:"):
                self.found.append(f"<{tag} {name}={value[:60]!r}>")
            if name == "style":
                self._check_css(value)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._check_css(data)

    def _check_css(self, css: str) -> None:
        match = _CSS_LOAD.search(css)
        if match:
            self.found.append(match.group(0)[:60])


def _refuse_remote_loads(body: str, scripts: list[str]) -> None:
    """Refuse a page whose markup or styles would load anything (the scripts load nothing:
    the browser tests check it, and the policy forbids it anyway)."""
    for script in scripts:
        body = body.replace(script, "")
    finder = _ResourceFinder()
    finder.feed(body)
    finder.close()
    if finder.found:
        raise ReportError(f"the exported report would load a resource: {finder.found[0]}")
