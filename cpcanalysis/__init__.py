"""cpcanalysis: load, clean and analyse LGA Corporate Peer Challenge action plans.

>>> import cpcanalysis
>>> plans = cpcanalysis.load("data")          # doctest: +SKIP
>>> plans.actions.columns[:4]                 # doctest: +SKIP
['plan_id', 'council', 'rec_id', 'rec_no']
"""

from cpcanalysis.deadlines import (
    Deadline,
    find_deadlines,
    parse_deadline,
    parse_deadline_column,
    parse_deadlines,
)
from cpcanalysis.errors import CpcError
from cpcanalysis.load import PlanSet, load
from cpcanalysis.output import export
from cpcanalysis.status import normalise_status, read_status

__version__ = "0.1.0"

__all__ = [
    "CpcError",
    "Deadline",
    "PlanSet",
    "__version__",
    "export",
    "find_deadlines",
    "load",
    "normalise_status",
    "parse_deadline",
    "parse_deadline_column",
    "parse_deadlines",
    "read_status",
]
