"""The notebooks as a reader runs them: in JupyterLab, in Chromium, with no network.

A JupyterLab server on loopback serves a copy of the notebooks (the data folders linked beside
them, as in a checkout); Chromium may reach that server and nothing else. Each notebook is
opened and run with Run > Run All Cells; every chart output must then hold a drawn chart (an
SVG with marks or a canvas drawn by vega-embed, or a decoded still image), with no console
error, no error output and no request that left the machine. nbclient runs the same notebooks
without a browser in test_notebooks.py, which cannot see a chart that fails to draw.
"""

from __future__ import annotations

import json
import shutil

import pytest
from support.lab import CHART_OUTPUTS, jupyterlab, lab_browser, run_all_cells
from support.paths import ROOT

# notebook (as served) -> the fewest chart outputs it must show
NOTEBOOKS = {
    "notebooks/01-load-and-clean.ipynb": 0,
    "notebooks/02-themes.ipynb": 2,
    "notebooks/03-slippage.ipynb": 4,
    "cpcanalysis/notebooks/comparison.ipynb": 6,
    "figures.ipynb": 3,
}

# a notebook of our own: a report figure in each renderer mode, as a researcher would show one
FIGURE_CELLS = [
    "import altair as alt\n"
    "import polars as pl\n"
    "from cpcanalysis import charts\n"
    "from cpcanalysis.report.content.figure import Figure\n"
    "from cpcanalysis.report.content.html import table\n"
    "frame = pl.DataFrame({'council': ['A', 'B'], 'actions': [3, 5]})\n"
    "chart = alt.Chart(frame).mark_bar().encode(x='actions:Q', y='council:N')"
    ".properties(title='Actions')\n"
    "figure = Figure(chart, table(frame, caption='Actions'))",
    "charts.use_renderer('interactive')\nfigure",
    "charts.use_renderer('svg')\nfigure",
    "charts.use_renderer('png')\nfigure",
]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    scratch = tmp_path_factory.mktemp("lab")
    root = scratch / "root"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    shutil.copytree(ROOT / "cpcanalysis" / "notebooks", root / "cpcanalysis" / "notebooks")
    for linked in ("data", "tests"):  # what the notebooks read, where a checkout has it
        (root / linked).symlink_to(ROOT / linked, target_is_directory=True)
    cells = [
        {"cell_type": "code", "metadata": {}, "source": s, "outputs": [], "execution_count": None}
        for s in FIGURE_CELLS
    ]
    notebook = {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        "nbformat": 4,
        "nbformat_minor": 4,
    }
    (root / "figures.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    with jupyterlab(root, scratch) as server:
        yield server


@pytest.fixture(scope="module")
def page(lab):
    with lab_browser(lab) as browser_page:
        yield browser_page


@pytest.mark.parametrize("notebook", list(NOTEBOOKS), ids=lambda n: n.rsplit("/", 1)[-1])
def test_every_chart_draws_in_jupyterlab_offline(lab, page, notebook):
    lab.console_errors.clear()
    lab.blocked.clear()
    try:
        state = run_all_cells(page, lab, notebook)
        charts = page.evaluate(CHART_OUTPUTS)
        text = page.locator(".jp-Notebook").inner_text()
    finally:
        lab.shut_down_kernels()
    assert state["running"] == 0 and state["done"] == state["cells"] > 0, state
    assert state["errors"] == []
    assert len(charts) >= NOTEBOOKS[notebook], charts
    assert [c for c in charts if not c["drawn"]] == []
    assert "Error loading script" not in text and "Traceback" not in text
    assert lab.blocked == []
    assert lab.console_errors == []
    if notebook == "figures.ipynb":  # the figure in each mode: interactive, then still images
        kinds = [c["kind"] for c in charts]
        assert kinds == ["interactive", "data:image/svg+", "data:image/png;"], kinds
