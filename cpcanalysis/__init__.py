"""cpcanalysis: load, clean and analyse LGA Corporate Peer Challenge action plans."""

from cpcanalysis.errors import CpcError

__version__ = "0.1.0"

__all__ = ["CpcError", "__version__"]
