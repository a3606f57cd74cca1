"""Every chart of the package, as altair specifications, and how they are drawn offline.

- :mod:`.themes`: the theme-by-council heatmap (``cpcanalysis.themes.heatmap``);
- :mod:`.slippage`: one council's deadline timeline, days overdue by council, the milestone
  trend of a chain of versions;
- :mod:`.comparison`: the report's comparisons of councils (counts, panels, the focus strip,
  national distributions and rankings);
- :mod:`.style`: colours (from the schema's vocabularies), sizes and legends they share;
- :mod:`.render`: the offline renderer (no CDN): importing this package enables it, and
  :func:`use_renderer` switches between ``interactive``, ``svg`` and ``png``.

altair takes about a second to import, so nothing here is imported by ``import cpcanalysis``.
"""

from cpcanalysis.charts.render import enable_by_default, use_renderer
from cpcanalysis.charts.slippage import deadline_timeline, milestone_trend, overdue_distribution
from cpcanalysis.charts.themes import heatmap

enable_by_default()

__all__ = [
    "deadline_timeline",
    "heatmap",
    "milestone_trend",
    "overdue_distribution",
    "use_renderer",
]
