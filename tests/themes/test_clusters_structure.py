"""themes.discover says when its clusters are noise: a mean silhouette below the stated
threshold (0.25, Kaufman and Rousseeuw's 'no substantial structure') is reported in words."""

from __future__ import annotations

import json

from support.paths import ROOT

from cpcanalysis import themes
from cpcanalysis.themes.clusters import STRUCTURE_THRESHOLD

SEPARATE = (
    ["Refresh the medium term financial strategy and budget"] * 4
    + ["Build more affordable homes and housing"] * 4
    + ["Recruit and retain staff for the workforce"] * 4
)


def test_the_seed_plans_clusters_are_said_to_be_no_real_structure(seed_plans):
    found = themes.discover(themes.classification_texts(seed_plans.recommendations))
    assert found.silhouette is not None and found.silhouette < STRUCTURE_THRESHOLD
    assert not found.has_structure
    assert found.structure.startswith(f"no real structure: mean silhouette {found.silhouette:.2f}")
    assert f"k = {found.k}" in found.structure and "not as themes" in found.structure
    best = found.silhouettes.filter(k=found.k)["silhouette"].item()
    assert found.silhouette == round(best, 6)  # the very score k was chosen by


def test_well_separated_texts_are_said_to_have_structure():
    found = themes.discover(SEPARATE, k=3)
    assert found.has_structure and found.silhouette >= STRUCTURE_THRESHOLD
    assert found.structure == f"structure found: mean silhouette {found.silhouette:.2f} at k = 3"


def test_a_partition_without_a_silhouette_is_not_called_structure():
    assert not themes.discover(["Review the budget"]).has_structure
    one = themes.discover(SEPARATE, k=1)
    assert one.silhouette is None and not one.has_structure
    assert "no silhouette to judge by" in one.structure


def test_the_themes_notebook_shows_the_verdict_beside_the_clusters():
    nb = json.loads((ROOT / "notebooks" / "02-themes.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    shown = next(c for c in cells if "themes.discover(themes.classification_texts" in c)
    assert "print(found.structure)" in shown
