"""The report's own error (kept here until cpcanalysis.errors declares it)."""

from __future__ import annotations

from cpcanalysis.errors import CpcError

__all__ = ["ReportError"]


class ReportError(CpcError):
    """The report could not be built: the notebook failed or its output cannot be exported."""
