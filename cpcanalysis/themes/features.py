"""The text features of the theme classifier: the main ask, and TF-IDF of words and characters.

The labelling guide (``docs/labelling-guide.md``, rule 1.2) labels a recommendation by its
*main ask*, what the council is asked to create, change or stop, and ignores words that give
context or purpose: "Produce an MTFS *tied to corporate priorities*" is a finance
recommendation. :func:`main_ask` approximates that: the text up to the first clause that
gives a purpose or context ("so that", "tied to", "in line with", a comma ...). The classifier
reads :func:`emphasised` text, the main ask repeated before the whole text, so the words of the
ask weigh more than the words of its purpose (measured in docs/methods.md, "Model choice").
"""

from __future__ import annotations

import re

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion

from cpcanalysis.errors import ParameterError

__all__ = ["PURPOSE_MARKERS", "emphasised", "main_ask", "text_features"]

# words that open a clause of purpose or context, after the main ask
PURPOSE_MARKERS: tuple[str, ...] = (
    "so that", "so as to", "in order to", "to ensure", "ensuring", "to support", "supporting",
    "to help", "to enable", "to make sure", "which", "that will", "tied to", "tied directly to",
    "aligned to", "aligned with", "in line with", "linked to", "given", "recognising",
    "as part of", "including", "drawing on", "with a view to", "rather than", "while", "whilst",
    "because", "as the", "and use", "and make", "and ensure",
)  # fmt: skip
_PURPOSE = re.compile(
    r"\b(?:" + "|".join(re.escape(m) for m in PURPOSE_MARKERS) + r")\b|[,;:(]", re.IGNORECASE
)
# a main ask shorter than this many words is not an ask ("Given the pressures, set ...")
_MIN_ASK_WORDS = 3


def main_ask(text: str) -> str:
    """The text up to its first clause of purpose or context, or the whole text when that
    leaves fewer than three words."""
    head = _PURPOSE.split(text, maxsplit=1)[0].strip()
    return head if len(head.split()) >= _MIN_ASK_WORDS else text


def emphasised(text: str, repeats: int) -> str:
    """``text`` after ``repeats`` copies of its main ask (``text`` itself when 0)."""
    if repeats <= 0 or not text:
        return text
    return " ".join([main_ask(text)] * repeats + [text])


def text_features(
    word_ngram_range: tuple[int, int] | None, char_ngram_range: tuple[int, int] | None
) -> FeatureUnion:
    """Word n-gram TF-IDF (English stop words out) joined to character n-gram TF-IDF within
    word boundaries, both with sublinear term frequency; a range of None leaves that part out."""
    parts: list[tuple[str, TfidfVectorizer]] = []
    if word_ngram_range is not None:
        parts.append(
            (
                "words",
                TfidfVectorizer(
                    ngram_range=word_ngram_range, sublinear_tf=True, stop_words="english"
                ),
            )
        )
    if char_ngram_range is not None:
        parts.append(
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=char_ngram_range, sublinear_tf=True
                ),
            )
        )
    if not parts:
        raise ParameterError("the classifier needs word or character n-grams, or both")
    return FeatureUnion(parts)
