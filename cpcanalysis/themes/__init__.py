"""Themes: classify recommendations into the five CPC core elements and a finer theme set."""

from cpcanalysis.themes.classifier import ThemeClassifier, classify
from cpcanalysis.themes.taxonomy import THEMES, Theme

__all__ = ["THEMES", "Theme", "ThemeClassifier", "classify"]
