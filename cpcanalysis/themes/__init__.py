"""Themes: classify recommendations into the five CPC core elements and a finer theme set.

- :func:`classify` labels texts with a core element, a theme, a second-choice element and
  probabilities, and :func:`label` fills those columns of a recommendations frame (a first
  choice less probable than :data:`SURE_AT` is unsure);
- :func:`discover` finds clusters in a corpus without labels;
- :func:`by_council`, :func:`theme_matrix`, :func:`council_similarity` and
  :func:`examples_by_theme` summarise a recommendations frame by council; :func:`heatmap`
  draws a profile;
- :data:`THEMES` is the taxonomy (``cpcanalysis/data/themes/taxonomy.csv``), also as a frame
  from :func:`taxonomy_frame`; :func:`load_labelled` gives the labelled set.

The method, the labelling guide and the agreement with two independent human readers are in
``docs/methods.md`` ("Themes").
"""

from typing import TYPE_CHECKING

from cpcanalysis.themes.classifier import SURE_AT, ThemeClassifier, classify
from cpcanalysis.themes.clusters import Discovery, discover
from cpcanalysis.themes.labelling import classification_texts, label
from cpcanalysis.themes.profiles import (
    by_council,
    council_similarity,
    examples_by_theme,
    theme_matrix,
)
from cpcanalysis.themes.taxonomy import THEMES, Theme, load_labelled, taxonomy_frame

if TYPE_CHECKING:
    from cpcanalysis.charts.themes import heatmap


def __getattr__(name: str):
    # altair takes about a second to import: only the chart needs it
    if name == "heatmap":
        from cpcanalysis.charts.themes import heatmap

        return heatmap
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "SURE_AT",
    "THEMES",
    "Discovery",
    "Theme",
    "ThemeClassifier",
    "by_council",
    "classification_texts",
    "classify",
    "council_similarity",
    "discover",
    "examples_by_theme",
    "heatmap",
    "label",
    "load_labelled",
    "taxonomy_frame",
    "theme_matrix",
]
