"""The comparison report: a packaged notebook, executed headless, exported as one HTML file.

Two rooms:

- :mod:`.content`, what the report shows: the report's frames (:mod:`.content.summaries`),
  prepared once from the parameters (:mod:`.content.context`), escaped HTML fragments
  (:mod:`.content.html`), figures pairing a chart of :mod:`cpcanalysis.charts` with its table
  (:mod:`.content.figures`), and the sections each notebook cell displays
  (:mod:`.content.sections`);
- :mod:`.runner`, how it is made: the notebook run with parameters in a fresh kernel, and the
  export to one self-contained page whose template, styles and script are package data
  (``cpcanalysis/data/report/``).

:func:`build_report` is the one entry point; ``cpcanalysis report`` calls it.
"""

from cpcanalysis.errors import ReportError
from cpcanalysis.report.runner.build import REPORT_NOTEBOOK, build_report, run_notebook

__all__ = ["REPORT_NOTEBOOK", "ReportError", "build_report", "run_notebook"]
