"""Executed notebook -> one self-contained, deterministic HTML file.

nbconvert's HTMLExporter renders the notebook with code hidden, through a template that extends
JupyterLab's but drops every script the default adds from a CDN (require.js, MathJax, mermaid,
widgets); the template, its styles and its one script are package data
(``cpcanalysis/data/report/``). Figures (:mod:`cpcanalysis.report.content.figure`) become a
still SVG image of the chart (what shows where no script runs), a box to draw it in and its
Vega-Lite spec as inert JSON. Two inline scripts follow, once per report:
the Vega, Vega-Lite and vega-embed bundle carried by vl-convert-python, and a few lines that
draw every container. A Content-Security-Policy allows exactly those two scripts (by hash) and
nothing from the network.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from functools import cache
from html.parser import HTMLParser
from typing import Any

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from cpcanalysis.errors import ReportError
from cpcanalysis.package_data import read_data_text
from cpcanalysis.report.content.figure import FIGURE_MIME, figure_markup
from cpcanalysis.report.runner.bundle import BundleJob, javascript_bundle

__all__ = ["CSP_TEMPLATE", "export_html"]

TEMPLATE_NAME = "cpcanalysis_report.html.j2"
# the page's template, styles and chart-drawing script are package data (cpcanalysis/data/report)
_TEMPLATE_FILE, _CSS_FILE, _INIT_FILE = "report.html.j2", "report.css", "draw-charts.js"

# what the report may load: only its own two scripts (by hash), inline styles, data: images/fonts
CSP_TEMPLATE = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; "
    "font-src data:; base-uri 'none'; form-action 'none'"
)


_WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
_CSP_PLACEHOLDER = "cpcanalysis-content-security-policy"  # + a nonce made for each export
_SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_CSS_LOAD = re.compile(r"""@import|url\(\s*["']?(?!data:|#)""", re.IGNORECASE)


@cache
def _asset(name: str) -> str:
    """A file of the report's page: its template, styles or chart-drawing script."""
    return read_data_text("report", name)


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
            cpc["bundle"], cpc["init"] = found, _asset(_INIT_FILE)
        return nb, resources


def _refuse_scripts(data: dict[str, Any], index: int) -> None:
    html = data.get("text/html", "")
    html = "".join(html) if isinstance(html, list) else html
    if "application/javascript" in data or "<script" in html.lower():
        raise ReportError(
            f"cell {index + 1} of the report notebook displays something that needs a script "
            "(a bare altair chart?)",
            hint="display charts as cpcanalysis.report.content.figure.Figure(chart, table)",
        )


def _exporter(bundle: BundleJob | None) -> HTMLExporter:
    exporter = HTMLExporter(
        template_name="lab",
        extra_loaders=[DictLoader({TEMPLATE_NAME: _asset(_TEMPLATE_FILE)})],
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
    # the policy's place in the template, marked by a name no plan text can know in advance
    # (plan text may hold the bare name); it is replaced, so the page's bytes do not vary
    placeholder = f"{_CSP_PLACEHOLDER}-{secrets.token_hex(16)}"
    cpc = {"csp": placeholder, "css": _asset(_CSS_FILE), "bundle": "", "init": ""}
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
    if body.count(placeholder) != 1:
        raise ReportError("the report template lost its Content-Security-Policy")
    return body.replace(placeholder, CSP_TEMPLATE.format(scripts=hashes))


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
