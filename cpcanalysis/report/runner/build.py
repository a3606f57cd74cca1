"""Building the report: check the parameters, run the packaged notebook, write one HTML file.

Flow: :func:`build_report` checks the parameters it can check cheaply
(:mod:`cpcanalysis.params`), starts building the Vega bundle (:mod:`.bundle`) and a kernel
(:mod:`.kernel`) so both overlap the rest, injects the parameters into
``cpcanalysis/notebooks/comparison.ipynb`` and runs it (:mod:`.notebook`), then exports it with
code hidden into one self-contained page (:mod:`.page`), written atomically
(:func:`cpcanalysis.output.write_atomic`).

This module imports little, so that the bundle and the kernel start before nbconvert, nbclient
and altair (seconds of imports) are loaded.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from cpcanalysis.errors import ReportError
from cpcanalysis.manifest import discover
from cpcanalysis.output import write_atomic
from cpcanalysis.package_data import notebook_path
from cpcanalysis.params import check_data_folder, parse_as_of, select_councils

__all__ = ["REPORT_NOTEBOOK", "build_report", "run_notebook"]

REPORT_NOTEBOOK = "comparison"
REPORT_TITLE = "LGA Corporate Peer Challenge action plans: comparison report"


def _packaged_notebook(name: str) -> Path:
    """Path of a notebook shipped inside the package (``cpcanalysis/notebooks/NAME.ipynb``)."""
    path = notebook_path(name)
    if not path.is_file():
        raise ReportError(
            f"the packaged notebook {name}.ipynb is missing",
            path=path,
            hint="reinstall cpcanalysis",
        )
    return path


def _own_notebook(path: str | Path) -> Path:
    """A report notebook the user gave, checked before a kernel starts: it must exist, be a
    notebook, and have exactly one ``parameters`` cell for the report's parameters."""
    import nbformat

    from cpcanalysis.report.runner.notebook import inject_parameters

    path = Path(path)
    hint = "copy cpcanalysis/notebooks/comparison.ipynb and change the copy"
    if not path.is_file():
        raise ReportError("no such notebook", path=path, hint=hint)
    try:
        inject_parameters(nbformat.read(path, as_version=4), {})
    except ReportError as error:
        raise ReportError(error.message, path=path, hint=error.hint) from None
    except (ValueError, KeyError, AttributeError, UnicodeDecodeError) as error:
        raise ReportError(f"is not a Jupyter notebook ({error})", path=path, hint=hint) from None
    return path


def run_notebook(
    path: str | Path,
    out: str | Path,
    parameters: Mapping[str, Any],
    *,
    title: str,
) -> Path:
    """Execute the notebook at ``path`` with ``parameters`` and export it to ``out``."""
    from cpcanalysis.report.runner.bundle import BundleJob
    from cpcanalysis.report.runner.kernel import Kernel

    bundle = BundleJob()
    try:
        with Kernel(Path(os.getcwd())) as kernel:
            import nbformat

            from cpcanalysis.report.runner import notebook, page

            nb = notebook.inject_parameters(nbformat.read(Path(path), as_version=4), parameters)
            nb = notebook.execute(nb, kernel)
        html = page.export_html(nb, title=title, bundle=bundle)
        return write_atomic(Path(out), html.encode("utf-8"))
    finally:
        bundle.cancel()


def build_report(
    data: str | Path,
    out: str | Path,
    *,
    as_of: date | str | None = None,
    councils: Sequence[str] | None = None,
    focus: str | None = None,
    notebook: str | Path | None = None,
) -> Path:
    """Build the comparison report on the data folder ``data`` and write it to ``out``.

    ``as_of`` is the date deadlines are judged against (default: each document's own as-of
    date); ``councils`` limits the report to those councils (default: all), and ``focus`` adds a
    view of one council against the others. ``notebook`` runs a changed copy of the report
    notebook instead of the packaged one; it needs the packaged notebook's ``parameters`` cell.
    Raises
    :class:`~cpcanalysis.errors.ParameterError` for an as-of value that is not a date, an empty
    or missing data folder, or an unknown council name (the message lists the known ones).
    Nothing is written unless the whole report was built.
    """
    as_of_date = parse_as_of(as_of)
    check_data_folder(data)
    source = _packaged_notebook(REPORT_NOTEBOOK) if notebook is None else _own_notebook(notebook)
    if isinstance(councils, str):
        councils = [councils]
    # council names as the manifest and file names give them, checked before a kernel starts
    listed, unlisted = discover(Path(data))
    select_councils([entry.council for entry in listed + unlisted], councils, focus)
    parameters = {
        "data": str(data),
        "as_of": as_of_date.isoformat() if as_of_date else None,
        "councils": list(councils) if councils else None,
        "focus": focus,
    }
    return run_notebook(source, out, parameters, title=REPORT_TITLE)
