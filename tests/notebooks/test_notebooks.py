"""Every notebook runs top to bottom on data/ without edits, prints no warnings, tracebacks or
progress bars, and is committed without outputs."""

import json
import re

import nbformat
import pytest
from support.paths import ROOT
from nbclient import NotebookClient

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
WIDGET = "application/vnd.jupyter.widget-view+json"


def committed_outputs(cells: list[dict]) -> list[int]:
    """Indexes of the code cells that carry outputs or an execution count."""
    return [
        i
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "code"
        and (cell.get("outputs") != [] or cell.get("execution_count") is not None)
    ]


def run(notebook, path):
    """Execute ``notebook`` in ``path``'s folder; raises CellExecutionError when a cell raises."""
    client = NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": path}}
    )
    client.execute()
    return notebook


def noise(notebook) -> list[str]:
    """What a reader should not see in the outputs: stderr (warnings), errors, widgets."""
    found = []
    for i, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                found.append(f"cell {i}: {output.get('ename')}: {output.get('evalue')}")
            elif kind == "stream" and output.get("name") == "stderr":
                found.append(f"cell {i}: stderr: {output.get('text', '')[:200]}")
            elif WIDGET in output.get("data", {}):
                found.append(f"cell {i}: a widget (progress bar?)")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_committed_without_outputs(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert committed_outputs(cells) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(path):
    notebook = run(nbformat.read(path, as_version=4), path.parent)
    assert noise(notebook) == []


def test_there_are_notebooks():
    assert any(p.name.startswith("01-") for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_holds_narrative_and_calls_only(path):
    # the pipeline lives in the library: a notebook defines no function or class of its own
    notebook = nbformat.read(path, as_version=4)
    for i, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            defined = re.findall(r"^\s*(?:def|class)\s+(\w+)", cell.source, re.M)
            assert defined == [], f"{path.name} cell {i} defines {defined}"
