"""The comparison report: a packaged notebook, executed headless, exported as one HTML file.

Flow: :func:`build_report` checks the parameters it can check cheaply (:mod:`.params`), injects
them into ``cpcanalysis/notebooks/comparison.ipynb`` and runs it in a fresh kernel
(:mod:`.notebook`), then exports it with code hidden into one self-contained file and writes it
atomically (:mod:`.export`). The notebook holds narrative and calls; the tables and charts it
shows are built by :mod:`.tables`, :mod:`.charts` and :mod:`.figures`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from cpcanalysis.report.export import export_html, write_atomic
from cpcanalysis.report.figures import Figure
from cpcanalysis.report.notebook import ReportError, execute, inject_parameters, packaged_notebook
from cpcanalysis.report.params import check_data_folder, parse_as_of, select_councils
from cpcanalysis.report.tables import Html

__all__ = ["Figure", "Html", "ReportError", "build_report", "run_notebook", "select_councils"]

REPORT_NOTEBOOK = "comparison"
REPORT_TITLE = "LGA Corporate Peer Challenge action plans: comparison report"


def run_notebook(path: str | Path, out: str | Path, parameters: dict, *, title: str) -> Path:
    """Execute the notebook at ``path`` with ``parameters`` and export it to ``out``."""
    import nbformat

    nb = nbformat.read(Path(path), as_version=4)
    nb = inject_parameters(nb, parameters)
    nb = execute(nb, cwd=Path(os.getcwd()))
    return write_atomic(export_html(nb, title=title), Path(out))


def build_report(
    data: str | Path,
    out: str | Path,
    *,
    as_of: date | str | None = None,
    councils: Sequence[str] | None = None,
    focus: str | None = None,
) -> Path:
    """Build the comparison report on the data folder ``data`` and write it to ``out``.

    ``as_of`` is the date deadlines are judged against (default: each document's own as-of
    date); ``councils`` limits the report to those councils (default: all), and ``focus`` adds a
    view of one council against the others. Raises
    :class:`~cpcanalysis.errors.ParameterError` for an as-of value that is not a date, an empty
    or missing data folder, or an unknown council name (the message lists the known ones).
    Nothing is written unless the whole report was built.
    """
    as_of_date = parse_as_of(as_of)
    check_data_folder(data)
    if isinstance(councils, str):
        councils = [councils]
    parameters = {
        "data": str(data),
        "as_of": as_of_date.isoformat() if as_of_date else None,
        "councils": list(councils) if councils else None,
        "focus": focus,
    }
    return run_notebook(packaged_notebook(REPORT_NOTEBOOK), out, parameters, title=REPORT_TITLE)
