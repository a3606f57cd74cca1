"""Deadline grammar for council action plans.

Reads the deadline phrases plans use ("Q3 2024/25", "Jul-Nov 2024", "September 2024 onwards",
"within three months of the CPC", "Complete") into :class:`Deadline` values, and says in a note
what it assumed or why a phrase could not be read. Conventions: ``docs/methods.md``, section
"Deadlines and statuses"; vocabulary: ``cpcanalysis/data/deadlines/``.
"""

from cpcanalysis.deadlines.column import parse_deadline_column
from cpcanalysis.deadlines.model import PRECISIONS, Deadline
from cpcanalysis.deadlines.reading import find_deadlines, parse_deadline, parse_deadlines

__all__ = [
    "PRECISIONS",
    "Deadline",
    "find_deadlines",
    "parse_deadline",
    "parse_deadline_column",
    "parse_deadlines",
]
