"""cpcanalysis: load, clean and analyse LGA Corporate Peer Challenge action plans.

>>> import cpcanalysis
>>> plans = cpcanalysis.load("data")          # doctest: +SKIP
>>> plans.actions.columns[:4]                 # doctest: +SKIP
['plan_id', 'council', 'rec_id', 'rec_no']
"""

from cpcanalysis.errors import CpcError
from cpcanalysis.load import PlanSet, load

__version__ = "0.1.0"

__all__ = ["CpcError", "PlanSet", "__version__", "load"]
