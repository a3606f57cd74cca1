"""Classifying recommendations into a theme and a CPC core element.

The model (see ``docs/methods.md``, "Themes"): word 1-2-gram and character 4-gram TF-IDF
features of the text after its main ask repeated twice (:mod:`.features`), and a logistic
regression over the themes. The default model is fitted on the recommendations paraphrased from
published CPC reports (``published.csv`` and the spent first held-out set,
``published_holdout.csv``) and the one-author labelled set (``labelled.csv``);
besides those, the training set holds the taxonomy itself: each theme's description and each of
its keywords as a one-phrase document labelled with that theme.

The core element is chosen first: the element whose themes' probabilities sum highest
(optionally blended with a second logistic regression fitted on the elements directly, see
``element_weight``). The theme is then the most probable theme of that element, so a theme
always sits in its default element. ``confidence`` is the model's probability of that theme.
The second choice, ``core_element_2``, is the next most probable element: human readers who
disagree mostly disagree between two elements, and a first choice below :data:`SURE_AT` is
*unsure* (the report and notebook 02 show the second choice there).

A text is *undecidable* when, after tidying, it has no word the model has seen (outside English
stop words) or fewer than ``min_english_share`` of its words are English stop words or model
vocabulary (non-English text, gibberish, numbers only, blanks). Undecidable texts get
``core_element`` and ``core_element_2`` null, ``theme`` ``"unknown"`` and every confidence 0.0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import numpy as np
import polars as pl
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from cpcanalysis.errors import ParameterError
from cpcanalysis.schema import CORE_ELEMENTS
from cpcanalysis.themes.features import emphasised, text_features
from cpcanalysis.themes.inputs import MAX_CHARS, as_texts, tidy, words
from cpcanalysis.themes.published import training_set
from cpcanalysis.themes.taxonomy import THEMES, UNKNOWN_THEME, element_of

__all__ = [
    "CLASSIFY_SCHEMA",
    "ELEMENT_PROBABILITIES",
    "SURE_AT",
    "ThemeClassifier",
    "classify",
    "default_classifier",
]

# the element probabilities, one field per core element, in CORE_ELEMENTS order
ELEMENT_PROBABILITIES = pl.Struct({e: pl.Float64 for e in CORE_ELEMENTS})
CLASSIFY_SCHEMA = pl.Schema(
    {  # type: ignore[arg-type]  # a Struct instance is a valid dtype
        "text": pl.String,
        "core_element": pl.String,
        "theme": pl.String,
        "confidence": pl.Float64,
        "core_element_confidence": pl.Float64,
        "core_element_2": pl.String,
        "core_element_2_confidence": pl.Float64,
        "element_probabilities": ELEMENT_PROBABILITIES,
    }
)
# a first-choice element less probable than this is unsure (chosen by grouped cross-validation
# on published.csv: below it lie most first choices that a labeller did not make; see
# docs/methods.md, "Second choice")
SURE_AT = 0.5
_ROUND = 6


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
    C : inverse regularisation strength of the linear models.
    word_ngram_range : lengths of the word n-grams (None: no word features).
    char_ngram_range : lengths of the character n-grams within word boundaries (None: none).
    ask_weight : copies of a text's main ask read before the text (0: the text alone).
    class_weight : passed to the linear models (``"balanced"`` weighs rare themes up).
    linear_model : ``"logistic"`` (multinomial logistic regression) or ``"calibrated_svc"``
        (a linear support vector machine with sigmoid-calibrated probabilities, 3 folds).
    element_weight : weight of a direct element model in the element decision (0: the element is
        decided from the theme probabilities alone; see docs/methods.md, "Model choice").
    use_taxonomy : add the taxonomy's descriptions and keywords to the training documents.
    min_english_share : least share of a text's words that must be known English for a decision.
    max_chars : only the first ``max_chars`` characters of a text are read.
    """

    def __init__(
        self,
        C: float = 10.0,
        word_ngram_range: tuple[int, int] | None = (1, 2),
        char_ngram_range: tuple[int, int] | None = (4, 4),
        ask_weight: int = 2,
        class_weight: str | None = None,
        linear_model: str = "logistic",
        element_weight: float = 0.0,
        use_taxonomy: bool = True,
        min_english_share: float = 0.5,
        max_chars: int = MAX_CHARS,
    ) -> None:
        self.C = C
        self.word_ngram_range = word_ngram_range
        self.char_ngram_range = char_ngram_range
        self.ask_weight = ask_weight
        self.class_weight = class_weight
        self.linear_model = linear_model
        self.element_weight = element_weight
        self.use_taxonomy = use_taxonomy
        self.min_english_share = min_english_share
        self.max_chars = max_chars

    # -- fitting ---------------------------------------------------------------------------

    def _training_documents(
        self, X: Iterable[str] | pl.Series, y: Iterable[str] | pl.Series
    ) -> tuple[list[str], list[str]]:
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
        return texts, themes

    def _model(self) -> LogisticRegression | CalibratedClassifierCV:
        if self.linear_model == "logistic":
            return LogisticRegression(C=self.C, max_iter=5000, class_weight=self.class_weight)
        if self.linear_model == "calibrated_svc":
            svc = LinearSVC(C=self.C, class_weight=self.class_weight)
            return CalibratedClassifierCV(svc, cv=3, method="sigmoid")
        msg = f"linear_model {self.linear_model!r} is not 'logistic' or 'calibrated_svc'"
        raise ParameterError(msg)

    def fit(self, X: Iterable[str] | pl.Series, y: Iterable[str] | pl.Series) -> ThemeClassifier:
        """Fit on texts ``X`` labelled with theme names ``y`` (elements follow the taxonomy)."""
        texts, themes = self._training_documents(X, y)
        self.features_ = text_features(self.word_ngram_range, self.char_ngram_range)
        matrix = self.features_.fit_transform([emphasised(t, self.ask_weight) for t in texts])
        elements = [element_of(t) for t in themes]
        # one thread: the same floating-point sums on any machine, and no oversubscription on a
        # busy one (two threads were six times slower than one on a loaded 2-core machine)
        with threadpool_limits(limits=1):
            self.theme_model_ = self._model().fit(matrix, themes)
            self.element_model_ = None
            if self.element_weight > 0 and len(set(elements)) > 1:
                self.element_model_ = self._model().fit(matrix, elements)
        self.classes_ = self.theme_model_.classes_
        # membership_[i, j]: theme classes_[i] belongs to core element CORE_ELEMENTS[j]
        self.membership_ = np.array(
            [[element_of(c) == e for e in CORE_ELEMENTS] for c in self.classes_]
        )
        seen = {w for text in texts for w in words(text)}
        self.vocabulary_ = frozenset(seen - ENGLISH_STOP_WORDS)
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
        matrix = self.features_.transform([emphasised(t, self.ask_weight) for t in texts])
        theme_p = self.theme_model_.predict_proba(matrix)
        element_p = theme_p @ self.membership_
        if self.element_model_ is not None:
            direct = np.zeros_like(element_p)
            proba = self.element_model_.predict_proba(matrix)
            for k, element in enumerate(self.element_model_.classes_):
                direct[:, CORE_ELEMENTS.index(element)] = proba[:, k]
            element_p = (1 - self.element_weight) * element_p + self.element_weight * direct
        return theme_p, element_p

    def _decide(self, texts: list[str]) -> dict[str, tuple]:
        """Each text's row of labels (the columns of CLASSIFY_SCHEMA after ``text``)."""
        theme_p, element_p = self._scores(texts)
        order = np.argsort(-element_p, axis=1, kind="stable")
        first, second = order[:, 0], order[:, 1]
        best = np.where(self.membership_.T[first], theme_p, -1.0).argmax(axis=1)
        out = {}
        for j, text in enumerate(texts):
            p = [round(float(v), _ROUND) for v in element_p[j]]
            out[text] = (
                CORE_ELEMENTS[first[j]],
                str(self.classes_[best[j]]),
                round(float(theme_p[j, best[j]]), _ROUND),
                p[first[j]],
                CORE_ELEMENTS[second[j]],
                p[second[j]],
                dict(zip(CORE_ELEMENTS, p, strict=True)),
            )
        return out

    def predict_frame(self, X: Iterable[str | None] | pl.Series) -> pl.DataFrame:
        """One row per input text, the columns of :data:`CLASSIFY_SCHEMA` (see module doc)."""
        check_is_fitted(self)
        raw = as_texts(X)
        tidied = [tidy(t, self.max_chars) for t in raw]
        # each distinct text is scored once
        distinct = sorted(set(tidied))
        decided = [t for t, ok in zip(distinct, self.decidable(distinct), strict=True) if ok]
        labels = self._decide(decided) if decided else {}
        undecided = (None, UNKNOWN_THEME, 0.0, 0.0, None, 0.0, None)
        rows = [(text, *labels.get(t, undecided)) for text, t in zip(raw, tidied, strict=True)]
        return pl.DataFrame(rows, schema=CLASSIFY_SCHEMA, orient="row")

    def predict(self, X: Iterable[str | None] | pl.Series) -> np.ndarray:
        """Theme names (``"unknown"`` for undecidable texts)."""
        return self.predict_frame(X)["theme"].to_numpy()


@cache
def default_classifier() -> ThemeClassifier:
    """The classifier fitted on the shipped training set (fitted once per process)."""
    texts, themes = training_set()
    return ThemeClassifier().fit(texts, themes)


def classify(texts: Sequence[str | None] | pl.Series) -> pl.DataFrame:
    """Classify recommendations into a core element and a theme, with a second choice.

    Returns one row per text, in input order, with columns ``text`` (as given), ``core_element``
    (one of ``cpcanalysis.schema.CORE_ELEMENTS``, or null when undecidable), ``theme`` (a theme
    of the taxonomy, or ``"unknown"``), ``confidence`` (the theme's probability, 0..1),
    ``core_element_confidence`` (the element's probability), ``core_element_2`` and
    ``core_element_2_confidence`` (the next most probable element and its probability) and
    ``element_probabilities`` (a struct, one probability per core element, summing to 1).
    Undecidable texts get nulls and zeros. An empty input gives an empty frame with those columns.
    """
    return default_classifier().predict_frame(texts)
