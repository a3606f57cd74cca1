"""Classifying recommendations into a theme and a CPC core element.

The model (see ``docs/methods.md``, "Themes"): word 1-2-gram and character 4-gram TF-IDF
features and a logistic regression over the themes. Besides the labelled recommendations, the
training set holds the taxonomy itself: each theme's description and each of its keywords as a
one-phrase document labelled with that theme.

The core element is chosen first: the element whose themes' probabilities sum highest
(optionally blended with a second logistic regression fitted on the elements directly, see
``element_weight``). The theme is then the most probable theme of that element, so a theme
always sits in its default element. ``confidence`` is the model's probability of that theme.

A text is *undecidable* when, after tidying, it has no word the model has seen (outside English
stop words) or fewer than ``min_english_share`` of its words are English stop words or model
vocabulary (non-English text, gibberish, numbers only, blanks). Undecidable texts get
``core_element`` null, ``theme`` ``"unknown"`` and ``confidence`` 0.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
import polars as pl
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from cpcanalysis.errors import ParameterError
from cpcanalysis.schema import CORE_ELEMENTS
from cpcanalysis.themes.inputs import MAX_CHARS, as_texts, tidy, words
from cpcanalysis.themes.taxonomy import THEMES, UNKNOWN_THEME, element_of, load_labelled

__all__ = ["CLASSIFY_SCHEMA", "ThemeClassifier", "classify", "default_classifier"]

CLASSIFY_SCHEMA = pl.Schema(
    {"text": pl.String, "core_element": pl.String, "theme": pl.String, "confidence": pl.Float64}
)


def _taxonomy_documents() -> tuple[list[str], list[str]]:
    """Each theme's description and each keyword, as labelled one-phrase documents."""
    texts: list[str] = []
    labels: list[str] = []
    for theme in THEMES:
        for phrase in (theme.description, *theme.keywords):
            texts.append(phrase)
            labels.append(theme.name)
    return texts, labels


class ThemeClassifier(ClassifierMixin, BaseEstimator):
    """Theme and core-element classifier with scikit-learn manners.

    Parameters
    ----------
    C : inverse regularisation strength of both logistic regressions.
    char_ngram_range : lengths of the character n-grams (within word boundaries).
    element_weight : weight of a direct element model in the element decision (0: the element is
        decided from the theme probabilities alone; 0.5 scored no better, see docs/methods.md).
    use_taxonomy : add the taxonomy's descriptions and keywords to the training documents.
    min_english_share : least share of a text's words that must be known English for a decision.
    max_chars : only the first ``max_chars`` characters of a text are read.
    """

    def __init__(
        self,
        C: float = 30.0,
        char_ngram_range: tuple[int, int] = (4, 4),
        element_weight: float = 0.0,
        use_taxonomy: bool = True,
        min_english_share: float = 0.5,
        max_chars: int = MAX_CHARS,
    ) -> None:
        self.C = C
        self.char_ngram_range = char_ngram_range
        self.element_weight = element_weight
        self.use_taxonomy = use_taxonomy
        self.min_english_share = min_english_share
        self.max_chars = max_chars

    # -- fitting ---------------------------------------------------------------------------

    def fit(self, X: Iterable[str] | pl.Series, y: Iterable[str] | pl.Series) -> ThemeClassifier:
        """Fit on texts ``X`` labelled with theme names ``y`` (elements follow the taxonomy)."""
        texts = [tidy(t, self.max_chars) for t in as_texts(X)]
        themes = list(y)
        if len(texts) != len(themes):
            msg = f"fit got {len(texts)} texts but {len(themes)} themes"
            raise ParameterError(msg)
        for i, (text, theme) in enumerate(zip(texts, themes, strict=True)):
            element_of(theme)  # refuses a theme outside the taxonomy
            if not text:
                raise ParameterError(f"training text {i} is empty", hint="drop it before fitting")
        if self.use_taxonomy:
            extra_texts, extra_themes = _taxonomy_documents()
            texts, themes = texts + extra_texts, themes + extra_themes
        if len(set(themes)) < 2:
            raise ParameterError("fit needs examples of at least two themes")
        self.features_ = FeatureUnion(
            [
                (
                    "words",
                    TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english"),
                ),
                (
                    "chars",
                    TfidfVectorizer(
                        analyzer="char_wb", ngram_range=self.char_ngram_range, sublinear_tf=True
                    ),
                ),
            ]
        )
        matrix = self.features_.fit_transform(texts)
        elements = [element_of(t) for t in themes]
        # one thread: the same floating-point sums on any machine, and no oversubscription on a
        # busy one (two threads were six times slower than one on a loaded 2-core machine)
        with threadpool_limits(limits=1):
            self.theme_model_ = LogisticRegression(C=self.C, max_iter=5000).fit(matrix, themes)
            self.element_model_ = None
            if self.element_weight > 0 and len(set(elements)) > 1:
                model = LogisticRegression(C=self.C, max_iter=5000)
                self.element_model_ = model.fit(matrix, elements)
        self.classes_ = self.theme_model_.classes_
        # membership_[i, j]: theme classes_[i] belongs to core element CORE_ELEMENTS[j]
        self.membership_ = np.array(
            [[element_of(c) == e for e in CORE_ELEMENTS] for c in self.classes_]
        )
        word_vocabulary = self.features_.transformer_list[0][1].vocabulary_
        self.vocabulary_ = frozenset(w for w in word_vocabulary if " " not in w)
        return self

    # -- prediction ------------------------------------------------------------------------

    def decidable(self, texts: Sequence[str]) -> np.ndarray:
        """Whether each (tidied) text is English enough, and known enough, to classify."""
        check_is_fitted(self)
        out = np.zeros(len(texts), dtype=bool)
        for i, text in enumerate(texts):
            tokens = words(text)
            if not tokens:
                continue
            content = sum(t in self.vocabulary_ for t in tokens)
            known = content + sum(t in ENGLISH_STOP_WORDS for t in tokens)
            out[i] = content > 0 and known >= self.min_english_share * len(tokens)
        return out

    def _scores(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Theme probabilities (columns ``classes_``) and element scores (``CORE_ELEMENTS``)."""
        matrix = self.features_.transform(texts)
        theme_p = self.theme_model_.predict_proba(matrix)
        element_p = theme_p @ self.membership_
        if self.element_model_ is not None:
            direct = np.zeros_like(element_p)
            proba = self.element_model_.predict_proba(matrix)
            for k, element in enumerate(self.element_model_.classes_):
                direct[:, CORE_ELEMENTS.index(element)] = proba[:, k]
            element_p = (1 - self.element_weight) * element_p + self.element_weight * direct
        return theme_p, element_p

    def predict_frame(self, X: Iterable[str | None] | pl.Series) -> pl.DataFrame:
        """One row per input text: text, core_element, theme, confidence (see module doc)."""
        check_is_fitted(self)
        raw = as_texts(X)
        n = len(raw)
        elements: list[str | None] = [None] * n
        themes = [UNKNOWN_THEME] * n
        confidence = np.zeros(n, dtype=np.float64)
        tidied = [tidy(t, self.max_chars) for t in raw]
        # each distinct text is scored once
        distinct = sorted(set(tidied))
        decided = [t for t, ok in zip(distinct, self.decidable(distinct), strict=True) if ok]
        if decided:
            theme_p, element_p = self._scores(decided)
            chosen = element_p.argmax(axis=1)
            best = np.where(self.membership_.T[chosen], theme_p, -1.0).argmax(axis=1)
            label = {
                text: (
                    CORE_ELEMENTS[chosen[j]],
                    str(self.classes_[best[j]]),
                    round(float(theme_p[j, best[j]]), 6),
                )
                for j, text in enumerate(decided)
            }
            for i, text in enumerate(tidied):
                if text in label:
                    elements[i], themes[i], confidence[i] = label[text]
        return pl.DataFrame(
            {"text": raw, "core_element": elements, "theme": themes, "confidence": confidence},
            schema=CLASSIFY_SCHEMA,
        )

    def predict(self, X: Iterable[str | None] | pl.Series) -> np.ndarray:
        """Theme names (``"unknown"`` for undecidable texts)."""
        return self.predict_frame(X)["theme"].to_numpy()


@cache
def default_classifier() -> ThemeClassifier:
    """The classifier fitted on the shipped labelled set (fitted once per process)."""
    labelled = load_labelled()
    return ThemeClassifier().fit(labelled["text"], labelled["theme"])


def classify(texts: Sequence[str | None] | pl.Series) -> pl.DataFrame:
    """Classify recommendations into a core element and a theme.

    Returns one row per text, in input order, with columns ``text`` (as given), ``core_element``
    (one of ``cpcanalysis.schema.CORE_ELEMENTS``, or null when undecidable), ``theme`` (a theme
    of the taxonomy, or ``"unknown"``) and ``confidence`` (0..1; 0.0 when undecidable). An empty
    input gives an empty frame with those columns.
    """
    return default_classifier().predict_frame(texts)
