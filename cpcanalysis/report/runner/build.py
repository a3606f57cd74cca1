"""Building the report: check the parameters, run the packaged notebook, write one HTML file.

Flow: :func:`build_report` checks the parameters it can check cheaply
(:mod:`cpcanalysis.params`), starts building the Vega bundle (:mod:`.bundle`) and a kernel
(:mod:`.kernel`) so both overlap the rest, injects the parameters into
``cpcanalysis/notebooks/comparison.ipynb`` and runs it (:mod:`.notebook`), then exports it with
code hidden into one self-contained page (:mod:`.page`), printed to a paged PDF when asked
(:mod:`.pdf`), written atomically (:func:`cpcanalysis.output.write_atomic`).

The data folder is handed to the notebook relative to the working directory (``data``,
``data/`` and ``/home/me/project/data`` all become ``data``), so the report names it the same
way however it was typed and never carries the machine's own paths for a folder under the
working directory.

This module imports little, so that the bundle and the kernel start before nbconvert, nbclient
and altair (seconds of imports) are loaded.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from cpcanalysis.errors import ParameterError, ReportError
from cpcanalysis.manifest import discover
from cpcanalysis.output import check_target, write_atomic
from cpcanalysis.package_data import notebook_path
from cpcanalysis.params import check_data_folder, parse_as_of, select_councils

__all__ = ["REPORT_FORMATS", "REPORT_NOTEBOOK", "build_report", "report_format", "run_notebook"]

REPORT_NOTEBOOK = "comparison"
REPORT_FORMATS = ("html", "pdf")
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


def report_format(out: str | Path, format: str | None) -> str:
    """The report's format: ``format`` if given, else from ``out``'s suffix (``.pdf``: pdf,
    else html); an ``out`` whose suffix says another format is refused."""
    from cpcanalysis.output import refuse_choice

    if format is not None and format not in REPORT_FORMATS:
        refuse_choice("report format", format, REPORT_FORMATS)
    suffix = Path(out).suffix.lower().lstrip(".")
    implied = {"pdf": "pdf", "html": "html", "htm": "html"}.get(suffix)
    chosen = format or implied or "html"
    if suffix and implied != chosen:
        raise ParameterError(
            f"--out {str(out)!r} ends in .{suffix}, but the report format is {chosen}",
            hint=f"name the file *.{chosen}, or give --format {implied or 'html'}"
            if implied
            else f"name the file *.{chosen}",
        )
    return chosen


def _data_parameter(data: str | Path) -> str:
    """The data folder as the notebook is given it: relative to the working directory."""
    folder = os.path.abspath(data)
    try:
        return Path(os.path.relpath(folder)).as_posix()
    except ValueError:  # another drive (Windows): no relative path exists
        return Path(folder).as_posix()


def run_notebook(
    path: str | Path,
    out: str | Path,
    parameters: Mapping[str, Any],
    *,
    title: str,
    format: str = "html",
) -> Path:
    """Execute the notebook at ``path`` with ``parameters`` and export it to ``out`` (an HTML
    page, or a PDF printed from it)."""
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
        if format == "pdf":
            from cpcanalysis.report.runner.pdf import html_to_pdf

            return write_atomic(Path(out), html_to_pdf(html))
        return write_atomic(Path(out), html.encode("utf-8"))
    finally:
        bundle.cancel()


def build_report(
    data: str | Path = "data",
    out: str | Path | None = None,
    *,
    as_of: date | str | None = None,
    councils: Sequence[str] | None = None,
    focus: str | None = None,
    notebook: str | Path | None = None,
    format: str | None = None,
) -> Path:
    """Build the comparison report on the data folder ``data`` and write it to ``out``.

    ``as_of`` is the date deadlines are judged against (default: each document's own as-of
    date); ``councils`` limits the report to those councils (default: all), and ``focus`` adds a
    view of one council against the others. ``notebook`` runs a changed copy of the report
    notebook instead of the packaged one; it needs the packaged notebook's ``parameters`` cell.
    ``format`` is ``html`` (one self-contained page) or ``pdf`` (a paged PDF printed by
    Chromium); by default it follows ``out``'s suffix, and ``out`` defaults to
    ``reports/comparison.html`` (``.pdf`` for a PDF).
    Raises
    :class:`~cpcanalysis.errors.ParameterError` for an as-of value that is not a date, an empty
    or missing data folder, an unknown council name (the message lists the known ones), or an
    ``out`` whose suffix does not match the format.
    Nothing is written unless the whole report was built.
    """
    if out is None:
        out = "reports/comparison.pdf" if format == "pdf" else "reports/comparison.html"
    chosen = report_format(out, format)
    check_target(Path(out))  # a read-only or misplaced --out is refused before any work
    if chosen == "pdf":
        from cpcanalysis.report.runner.pdf import find_chromium

        find_chromium()  # refused before a kernel starts
    as_of_date = parse_as_of(as_of)
    check_data_folder(data)
    source = _packaged_notebook(REPORT_NOTEBOOK) if notebook is None else _own_notebook(notebook)
    if isinstance(councils, str):
        councils = [councils]
    # council names as the manifest and file names give them, checked before a kernel starts
    listed, unlisted = discover(Path(data))
    select_councils([entry.council for entry in listed + unlisted], councils, focus)
    parameters = {
        "data": _data_parameter(data),
        "as_of": as_of_date.isoformat() if as_of_date else None,
        "councils": list(councils) if councils else None,
        "focus": focus,
    }
    return run_notebook(source, out, parameters, title=REPORT_TITLE, format=chosen)
