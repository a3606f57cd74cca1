"""Every chart of the package, as altair specifications (rendering is the caller's).

- :mod:`.themes`: the council-by-theme heatmap (``cpcanalysis.themes.heatmap``);
- :mod:`.slippage`: one council's deadline timeline, days overdue by council, the milestone
  trend of a chain of versions;
- :mod:`.comparison`: the report's comparisons of councils (counts, panels, the focus strip);
- :mod:`.style`: colours (from the schema's vocabularies), sizes and legends they share.

altair takes about a second to import, so nothing here is imported by ``import cpcanalysis``.
"""

from cpcanalysis.charts.slippage import deadline_timeline, milestone_trend, overdue_distribution
from cpcanalysis.charts.themes import heatmap

__all__ = ["deadline_timeline", "heatmap", "milestone_trend", "overdue_distribution"]
