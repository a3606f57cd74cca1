"""Agreement of the theme classifier with two independent human readers.

The published recommendations (:mod:`.published`) carry each labeller's core element and theme.
The headline figure is the classifier's agreement with each labeller and the mean of the two,
beside the labellers' agreement with each other (the human ceiling); also: agreement on the rows
where both labellers agree, the share whose first or second choice of element is the labeller's
choice, and per-element precision and recall against the settled labels.

- :func:`grouped_cross_validate` scores a configuration on the published training set
  (``published.csv`` and the spent first held-out set) with folds grouped
  by council (a council is never in both a training and a test fold), stratified by element;
  the one-author ``labelled.csv`` is added to every training fold unless ``with_labelled`` is
  False. The default was chosen this way among :data:`VARIANTS`, on ``published.csv`` alone
  (docs/methods.md, "Model choice").
- :func:`score_published_holdout` fits the default on the whole training set and scores it on
  the held-out set, ``published_holdout_2.csv`` (councils in no training file). Its first run
  was the blind one; docs/methods.md records it as it came out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support
from sklearn.model_selection import StratifiedGroupKFold

from cpcanalysis.errors import ParameterError
from cpcanalysis.schema import CORE_ELEMENTS
from cpcanalysis.themes.classifier import ThemeClassifier
from cpcanalysis.themes.published import load_published, load_published_holdout, training_set
from cpcanalysis.themes.taxonomy import load_labelled

__all__ = [
    "VARIANTS",
    "Agreement",
    "compare_variants",
    "council_folds",
    "grouped_cross_validate",
    "human_ceiling",
    "learning_curve",
    "score_published_holdout",
]

_PRED = ("core_element", "theme", "core_element_2", "core_element_confidence")


def council_folds(
    published: pl.DataFrame, n_splits: int, random_state: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train and test row indices, grouped by council and stratified by settled element."""
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    rows = np.zeros(published.height)
    return list(splitter.split(rows, published["core_element"], published["council"]))


def _share(hits: np.ndarray) -> float:
    return float(hits.mean()) if hits.size else float("nan")


def human_ceiling(published: pl.DataFrame) -> dict[str, float]:
    """The two labellers' agreement with each other: share and Cohen's kappa, element and theme."""
    out = {}
    for level, short in (("core_element", "element"), ("theme", "theme")):
        a, b = published[f"labeller_a_{level}"], published[f"labeller_b_{level}"]
        out[f"{short}_agreement"] = _share((a == b).to_numpy())
        out[f"{short}_kappa"] = float(cohen_kappa_score(a.to_list(), b.to_list()))
    return out


def agreement_scores(published: pl.DataFrame, pred: pl.DataFrame) -> dict[str, float]:
    """The classifier's agreement figures (see module doc); ``pred`` is row-aligned with
    ``published`` and has the columns of ``ThemeClassifier.predict_frame``."""
    out: dict[str, float] = {}
    for level, short in (("core_element", "element"), ("theme", "theme")):
        mine = pred[level].to_numpy()
        a = published[f"labeller_a_{level}"].to_numpy()
        b = published[f"labeller_b_{level}"].to_numpy()
        out[f"{short}_with_a"] = _share(mine == a)
        out[f"{short}_with_b"] = _share(mine == b)
        out[f"{short}_mean"] = (out[f"{short}_with_a"] + out[f"{short}_with_b"]) / 2
        out[f"{short}_where_both_agree"] = _share((mine == a)[a == b])
        out[f"{short}_with_settled"] = _share(mine == published[level].to_numpy())
    first, second = pred["core_element"].to_numpy(), pred["core_element_2"].to_numpy()
    a = published["labeller_a_core_element"].to_numpy()
    b = published["labeller_b_core_element"].to_numpy()
    top2_a, top2_b = (first == a) | (second == a), (first == b) | (second == b)
    out["top2_with_a"], out["top2_with_b"] = _share(top2_a), _share(top2_b)
    out["top2_mean"] = (out["top2_with_a"] + out["top2_with_b"]) / 2
    out["top2_either"] = _share(top2_a | top2_b)
    return out


def per_element(published: pl.DataFrame, pred: pl.DataFrame) -> pl.DataFrame:
    """Precision, recall and support of each core element, against the settled labels."""
    truth = published["core_element"].to_list()
    guess = pred["core_element"].fill_null("(undecided)").to_list()
    p, r, _, n = precision_recall_fscore_support(
        truth, guess, labels=list(CORE_ELEMENTS), zero_division=0.0
    )
    return pl.DataFrame(
        {
            "core_element": list(CORE_ELEMENTS),
            "precision": np.round(p, 3),
            "recall": np.round(r, 3),
            "n": n.astype(np.int64),
        }
    )


def confusion(published: pl.DataFrame, pred: pl.DataFrame) -> pl.DataFrame:
    """Counts of settled (rows) against predicted (columns) core elements."""
    counts = (
        pl.DataFrame({"true": published["core_element"], "pred": pred["core_element"]})
        .group_by("true", "pred")
        .len()
    )
    got = {(t, p): n for t, p, n in counts.iter_rows()}
    rows = [[t, *(got.get((t, p), 0) for p in CORE_ELEMENTS)] for t in CORE_ELEMENTS]
    return pl.DataFrame(rows, schema=["core_element", *CORE_ELEMENTS], orient="row")


@dataclass(frozen=True)
class Agreement:
    """One scoring: figures, the human ceiling on the same rows, and the predictions."""

    name: str
    scores: dict[str, float]  # mean over repeats for cross-validation
    spread: dict[str, float]  # standard deviation over repeats (0 for a single scoring)
    ceiling: dict[str, float]
    predictions: pl.DataFrame  # id, council, labels of both labellers, predicted (first repeat)
    published: pl.DataFrame

    def _guesses(self) -> pl.DataFrame:
        return self.predictions.select(pl.col("pred_core_element").alias("core_element"))

    def per_element(self) -> pl.DataFrame:
        """Precision, recall and support per core element (against the settled labels)."""
        return per_element(self.published, self._guesses())

    def confusion(self) -> pl.DataFrame:
        """Settled (rows) against predicted (columns) core elements."""
        return confusion(self.published, self._guesses())

    def to_markdown(self) -> str:
        """The figures as markdown, as pasted into docs/methods.md."""
        from cpcanalysis.themes.agreement_report import agreement_markdown

        return agreement_markdown(self)


def _predicted(published: pl.DataFrame, pred: pl.DataFrame) -> pl.DataFrame:
    return published.select(
        "id", "council", "core_element", "theme", "labeller_a_core_element",
        "labeller_b_core_element", "labeller_a_theme", "labeller_b_theme", "text",
    ).with_columns(pred.select(*_PRED).rename(lambda c: f"pred_{c}"))  # fmt: skip


def _out_of_fold(
    published: pl.DataFrame,
    extra: tuple[list[str], list[str]],
    split: list[tuple[np.ndarray, np.ndarray]],
    make: Callable[[], ThemeClassifier],
) -> pl.DataFrame:
    texts, themes = published["text"].to_list(), published["theme"].to_list()
    parts = []
    for train, test in split:
        model = make().fit(
            [texts[i] for i in train] + extra[0], [themes[i] for i in train] + extra[1]
        )
        frame = model.predict_frame([texts[i] for i in test])
        parts.append(frame.with_columns(pl.Series("_row", test, dtype=pl.Int64)))
    return pl.concat(parts).sort("_row").drop("_row")


def grouped_cross_validate(
    published: pl.DataFrame | None = None,
    *,
    with_labelled: bool = True,
    n_splits: int = 5,
    repeats: int = 3,
    random_state: int = 0,
    name: str = "",
    estimator: type[ThemeClassifier] = ThemeClassifier,
    **params: Any,
) -> Agreement:
    """Agreement of ``estimator(**params)`` with the labellers, out of fold, folds grouped by
    council; repeats reshuffle the folds with seeds ``random_state`` onwards."""
    published = load_published() if published is None else published
    if repeats < 1 or n_splits < 2:
        raise ParameterError(f"need repeats >= 1 and n_splits >= 2, got {repeats}, {n_splits}")
    labelled = load_labelled()
    extra = (labelled["text"].to_list(), labelled["theme"].to_list()) if with_labelled else ([], [])
    runs, first = [], None
    for repeat in range(repeats):
        split = council_folds(published, n_splits, random_state + repeat)
        pred = _out_of_fold(published, extra, split, lambda: estimator(**params))
        runs.append(agreement_scores(published, pred))
        first = pred if first is None else first
    assert first is not None
    table = pl.DataFrame(runs)
    return Agreement(
        name=name,
        scores={k: float(table[k].mean()) for k in table.columns},  # type: ignore[arg-type]
        spread={k: float(table[k].std() or 0.0) for k in table.columns},  # type: ignore[arg-type]
        ceiling=human_ceiling(published),
        predictions=_predicted(published, first),
        published=published,
    )


def _fewer_councils(
    split: list[tuple[np.ndarray, np.ndarray]], councils: list[str], share: float, seed: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """``split`` with each training fold cut to ``share`` of its councils (drawn with ``seed``);
    test folds unchanged."""
    rng = np.random.default_rng(seed)
    out = []
    for train, test in split:
        names = sorted({councils[i] for i in train})
        keep = set(rng.permutation(names)[: max(1, round(share * len(names)))].tolist())
        out.append((np.array([i for i in train if councils[i] in keep], dtype=np.int64), test))
    return out


def learning_curve(
    shares: tuple[float, ...] = (0.25, 0.5, 0.75, 1.0), repeats: int = 3, n_splits: int = 5
) -> pl.DataFrame:
    """Element agreement (mean of the two labellers) of the default when each training fold of
    the grouped cross-validation keeps only a share of its councils: how much more published
    data would be worth. One row per share: mean published training rows per fold, mean and sd
    over repeats (the test folds are the full grouped folds each time)."""
    published, labelled = load_published(), load_labelled()
    extra = (labelled["text"].to_list(), labelled["theme"].to_list())
    councils = published["council"].to_list()
    rows = []
    for share in shares:
        figures, sizes = [], []
        for repeat in range(repeats):
            folds = council_folds(published, n_splits, repeat)
            split = _fewer_councils(folds, councils, share, repeat)
            sizes += [len(train) for train, _ in split]
            pred = _out_of_fold(published, extra, split, ThemeClassifier)
            figures.append(agreement_scores(published, pred)["element_mean"])
        spread = float(np.std(figures, ddof=1)) if repeats > 1 else 0.0
        mean = round(float(np.mean(figures)), 3)
        rows.append((share, round(float(np.mean(sizes))), mean, round(spread, 3)))
    return pl.DataFrame(
        rows, schema=["share_of_councils", "training_rows", "element_mean", "sd"], orient="row"
    )


def score_published_holdout(
    held_out: pl.DataFrame | None = None,
    *,
    name: str = "held out",
    estimator: type[ThemeClassifier] = ThemeClassifier,
    **params: Any,
) -> Agreement:
    """Fit ``estimator(**params)`` on the whole training set (the published training files and
    labelled.csv) and score it once on ``held_out`` (default: the held-out file,
    ``published_holdout_2.csv``). Deterministic."""
    held_out = load_published_holdout() if held_out is None else held_out
    texts, themes = training_set()
    pred = estimator(**params).fit(texts, themes).predict_frame(held_out["text"])
    zero = dict.fromkeys(agreement_scores(held_out, pred), 0.0)
    return Agreement(
        name=name,
        scores=agreement_scores(held_out, pred),
        spread=zero,
        ceiling=human_ceiling(held_out),
        predictions=_predicted(held_out, pred),
        published=held_out,
    )


# configurations compared in docs/methods.md ("Model choice"); the first is the default
VARIANTS: tuple[tuple[str, bool, dict[str, Any]], ...] = (
    ("default: main ask x2, words 1-2 + chars 4, C=10, taxonomy, + labelled.csv", True, {}),
    ("default without labelled.csv (published rows only)", False, {}),
    ("previous default (no main-ask weight, C=30), + labelled.csv", True,
     {"ask_weight": 0, "C": 30.0}),
    ("previous default, published rows only", False, {"ask_weight": 0, "C": 30.0}),
    ("main ask x1", True, {"ask_weight": 1}),
    ("main ask x3", True, {"ask_weight": 3}),
    ("C=3", True, {"C": 3.0}),
    ("C=30", True, {"C": 30.0}),
    ("words 1-2 only", True, {"char_ngram_range": None}),
    ("chars 4 only", True, {"word_ngram_range": None}),
    ("words 1-3 + chars 4", True, {"word_ngram_range": (1, 3)}),
    ("words 1-2 + chars 3-5", True, {"char_ngram_range": (3, 5)}),
    ("class-balanced", True, {"class_weight": "balanced"}),
    ("calibrated linear SVM (C=0.3, sigmoid)", True, {"linear_model": "calibrated_svc", "C": 0.3}),
    ("plus a direct element model (element_weight=0.5)", True, {"element_weight": 0.5}),
    ("without the taxonomy's keyword documents", True, {"use_taxonomy": False}),
)  # fmt: skip


def compare_variants(repeats: int = 3) -> list[Agreement]:
    """Grouped cross-validation of each configuration in :data:`VARIANTS`."""
    return [
        grouped_cross_validate(with_labelled=extra, repeats=repeats, name=name, **params)
        for name, extra, params in VARIANTS
    ]
