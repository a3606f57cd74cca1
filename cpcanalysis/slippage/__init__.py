"""Deadline slippage: overdue actions, revised deadlines and per-plan figures.

- :func:`measure` adds to the actions frame whether each action is overdue at an as-of date, its
  deadline class, and its revised due date and slippage, read from a revised-deadline column,
  from later versions of the same plan, or from the update text;
- :func:`match_versions` pairs actions across the versions of a plan and reports added and
  dropped ones;
- :func:`summarise` gives one row per plan and per council;
- :func:`slippage_tables` gives all three tables at once, named as in the schema.

Definitions: ``docs/methods.md``, "Slippage". Columns: the ``slippage``, ``version_matches`` and
``slippage_summary`` tables (and ``measured``) in ``cpcanalysis/schema/``.
"""

from cpcanalysis.slippage.measure import measure
from cpcanalysis.slippage.revisions import TextRevision, latest_revision, revisions_in_text
from cpcanalysis.slippage.summary import summarise
from cpcanalysis.slippage.tables import slippage_tables
from cpcanalysis.slippage.versions import match_versions

__all__ = [
    "TextRevision",
    "latest_revision",
    "match_versions",
    "measure",
    "revisions_in_text",
    "slippage_tables",
    "summarise",
]
