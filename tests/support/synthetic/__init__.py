"""SYNTHETIC action plans, for tests and benchmarks only: invented councils, people and actions.

Nothing here is real and nothing here may go under ``data/``. The package writes one small plan
(recommendations, actions, deadlines, owners, statuses) in the layouts councils use and in every
format the readers take, and says which raw rows a reader must give back for each:

- :mod:`.plan`: the plan model, numbering styles, and the layouts as format-neutral documents
  (headings and tables, with merged cells marked);
- :mod:`.writers`: one writer per format (xlsx, ods, docx, odt, pdf, html, csv, tsv, md; ``.xls``
  via xlwt when it is installed);
- :mod:`.expected`: the raw rows each format must read back;
- :mod:`.damaged`: corrupt, truncated, password-protected and scanned files.
"""

from .expected import expected_rows
from .plan import LAYOUTS, NUMBERING, Action, Document, Plan, Recommendation, layout, sample_plan
from .writers import FORMATS, write

__all__ = [
    "FORMATS",
    "LAYOUTS",
    "NUMBERING",
    "Action",
    "Document",
    "Plan",
    "Recommendation",
    "expected_rows",
    "layout",
    "sample_plan",
    "write",
]
