"""Cross-validated accuracy of the theme classifier on the labelled set.

Folds are stratified by theme and grouped by ``group`` (a stem and its parts never straddle
training and test), so no example is ever scored by a model fitted on it or on a variant of it.
Each repeat reshuffles the folds with the next seed; figures are the mean and standard deviation
over repeats, and the confusion matrix is the first repeat's out-of-fold predictions (each
example predicted exactly once).

``holdout()`` scores the default classifier, fitted on the whole labelled set, once on the
separately written held-out set (``holdout.csv``); no fitting step ever sees that set.

Run ``python -m cpcanalysis.themes.evaluation [--compare]`` to print the tables in
``docs/methods.md``; ``--holdout`` prints the held-out check instead (a few seconds).

The figures for agreement with human readers, on the recommendations paraphrased from published
reports (:mod:`.agreement`): ``--published`` (grouped-by-council cross-validation of the default
on the published training set, about 25 s), ``--published --compare`` (every variant, a few
minutes) and ``--published-holdout`` (the default scored on the held-out
``published_holdout_2.csv``, a few seconds); ``--embeddings`` with either scores the optional
embedding backend instead; ``--learning-curve`` the default's agreement with fewer training
councils (about a minute).
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import polars as pl
from sklearn.metrics import accuracy_score, adjusted_rand_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold

from cpcanalysis.errors import ParameterError
from cpcanalysis.schema import CORE_ELEMENTS
from cpcanalysis.themes.classifier import ThemeClassifier
from cpcanalysis.themes.taxonomy import UNKNOWN_THEME, load_holdout, load_labelled, theme_names

__all__ = ["Evaluation", "HoldoutEvaluation", "cross_validate", "folds", "holdout"]

_NONE = "(undecided)"


def folds(
    themes: list[str], groups: list[str], n_splits: int, random_state: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Train and test row indices of each fold (stratified by theme, grouped by group)."""
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    dummy = np.zeros(len(themes))
    return [(tr, te) for tr, te in splitter.split(dummy, themes, groups)]


@dataclass(frozen=True)
class Evaluation:
    """Held-out figures for one classifier configuration."""

    params: dict[str, Any]
    n_examples: int
    n_splits: int
    repeats: int
    metrics: pl.DataFrame  # one row per repeat: accuracies and macro-F1s
    predictions: pl.DataFrame  # first repeat, out of fold: id, origin, true and predicted labels
    fold_indices: list[list[tuple[np.ndarray, np.ndarray]]] = field(repr=False)

    def summary(self) -> dict[str, tuple[float, float]]:
        """Mean and standard deviation over repeats of each metric."""
        return {
            name: (
                float(self.metrics[name].mean()),  # type: ignore[arg-type]  # a float column
                float(self.metrics[name].std() or 0.0),  # type: ignore[arg-type]
            )
            for name in self.metrics.columns
            if name != "repeat"
        }

    def confusion(self, level: str = "core_element") -> pl.DataFrame:
        """Counts of true (rows) against predicted (columns) labels, first repeat."""
        return _confusion(self.predictions, level)

    def to_markdown(self) -> str:
        """The figures as markdown tables, as pasted into docs/methods.md."""
        s = self.summary()
        lines = [
            f"{self.n_examples} labelled examples, {self.n_splits}-fold cross-validation "
            f"repeated {self.repeats} times (mean ± sd over repeats).",
            "",
            "| scored on | core element accuracy | core element macro-F1 | theme accuracy "
            "| theme macro-F1 |",
            "| --- | --- | --- | --- | --- |",
        ]
        for scope, label in (("all", "all examples"), ("seeds", "the seeds' 19 recommendations")):
            cells = [
                f"{s[f'{scope}_{m}'][0]:.3f} ± {s[f'{scope}_{m}'][1]:.3f}"
                for m in ("element_accuracy", "element_f1", "theme_accuracy", "theme_f1")
            ]
            lines.append(f"| {label} | {' | '.join(cells)} |")
        lines += [
            "",
            "Core-element confusion matrix (rows true, columns predicted; first repeat):",
            "",
        ]
        lines += _markdown_table(self.confusion("core_element"))
        return "\n".join(lines) + "\n"


def _confusion(predictions: pl.DataFrame, level: str) -> pl.DataFrame:
    """Counts of true (rows) against predicted (columns) labels at one level."""
    labels = list(CORE_ELEMENTS) if level == "core_element" else list(theme_names())
    pred = pl.col(f"pred_{level}").fill_null(_NONE)
    counts = predictions.group_by(level, pred.alias("pred")).len()
    columns = [*labels, _NONE] if counts["pred"].is_in([_NONE, UNKNOWN_THEME]).any() else labels
    rows = []
    for true in labels:
        sub = counts.filter(pl.col(level) == true)
        got = dict(zip(sub["pred"].to_list(), sub["len"].to_list(), strict=True))
        got[_NONE] = got.get(_NONE, 0) + got.pop(UNKNOWN_THEME, 0)
        rows.append([true, *[got.get(c, 0) for c in columns]])
    return pl.DataFrame(rows, schema=[level, *columns], orient="row")


# a held-out text whose word set overlaps a training text's this much (Jaccard) is a near
# paraphrase of it; the held-out figures are also given without such texts
NEAR_PARAPHRASE = 0.5


def _word_set(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9&']+", text.lower()))


def nearest_overlap(texts: list[str], training: list[str]) -> list[float]:
    """For each text, the largest Jaccard overlap of its word set with any training text's."""
    trained = [_word_set(t) for t in training]
    out = []
    for text in texts:
        mine = _word_set(text)
        out.append(max((len(mine & o) / len(mine | o) for o in trained if mine | o), default=0.0))
    return out


@dataclass(frozen=True)
class HoldoutEvaluation:
    """One scoring of a classifier, fitted on the labelled set, on the held-out set."""

    params: dict[str, Any]
    scores: dict[str, float]  # element_accuracy, element_f1, theme_accuracy, theme_f1
    predictions: pl.DataFrame  # id, text, note, true and predicted labels, confidence, overlap
    distinct_scores: dict[str, float]  # the same, without near paraphrases of training texts

    def confusion(self, level: str = "core_element") -> pl.DataFrame:
        """Counts of true (rows) against predicted (columns) labels."""
        return _confusion(self.predictions, level)

    def misses(self, level: str = "theme") -> pl.DataFrame:
        """The examples whose label at ``level`` was missed, in file order."""
        return self.predictions.filter(
            pl.col(f"pred_{level}").fill_null(_NONE) != pl.col(level)
        ).select("id", "core_element", "pred_core_element", "theme", "pred_theme", "text")

    def to_markdown(self) -> str:
        """Figures, confusion matrix and misses as markdown."""
        s, d = self.scores, self.distinct_scores
        n_near = int((self.predictions["overlap"] >= NEAR_PARAPHRASE).sum())
        lines = [
            f"{self.predictions.height} held-out examples, classifier fitted on the whole "
            "labelled set.",
            "",
            "| core element accuracy | core element macro-F1 | theme accuracy | theme macro-F1 |",
            "| --- | --- | --- | --- |",
            f"| {s['element_accuracy']:.3f} | {s['element_f1']:.3f} "
            f"| {s['theme_accuracy']:.3f} | {s['theme_f1']:.3f} |",
            "",
            f"Without the {n_near} near paraphrases of a training text (word-set Jaccard >= "
            f"{NEAR_PARAPHRASE}): element accuracy {d['element_accuracy']:.3f}, theme accuracy "
            f"{d['theme_accuracy']:.3f} on {self.predictions.height - n_near} examples.",
            "",
            "Core-element confusion matrix (rows true, columns predicted):",
            "",
            *_markdown_table(self.confusion("core_element")),
            "",
            "Theme misses (core element missed too where the two element columns differ):",
            "",
            *_markdown_table(self.misses("theme")),
        ]
        return "\n".join(lines) + "\n"


def holdout(held_out: pl.DataFrame | None = None, **params: Any) -> HoldoutEvaluation:
    """Fit ``ThemeClassifier(**params)`` on the whole labelled set; score it on ``held_out``.

    ``held_out`` needs columns id, text, core_element and theme (default: the shipped
    ``holdout.csv``). Deterministic: fitting draws no random numbers.
    """
    held_out = load_holdout() if held_out is None else held_out
    labelled = load_labelled()
    model = ThemeClassifier(**params).fit(labelled["text"], labelled["theme"])
    pred = model.predict_frame(held_out["text"])
    predictions = held_out.select(
        "id", "text", *(["note"] if "note" in held_out.columns else []), "core_element", "theme"
    ).with_columns(
        pred["core_element"].alias("pred_core_element"),
        pred["theme"].alias("pred_theme"),
        pred["confidence"],
        pl.Series(
            "overlap", nearest_overlap(held_out["text"].to_list(), labelled["text"].to_list())
        ).round(3),
    )
    distinct = (predictions["overlap"] < NEAR_PARAPHRASE).to_numpy()
    return HoldoutEvaluation(
        params=dict(params),
        scores=_scores(held_out, pred),
        predictions=predictions,
        distinct_scores=_scores(held_out.filter(distinct), pred.filter(distinct)),
    )


def _markdown_table(frame: pl.DataFrame) -> list[str]:
    out = ["| " + " | ".join(frame.columns) + " |", "|" + " --- |" * frame.width]
    out += ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.iter_rows()]
    return out


def _scores(truth: pl.DataFrame, pred: pl.DataFrame) -> dict[str, float]:
    """Accuracy and macro-F1 per level; NaN when there is nothing to score (no seeds)."""
    out = {}
    for level, short in (("core_element", "element"), ("theme", "theme")):
        if truth.height == 0:
            out[f"{short}_accuracy"] = out[f"{short}_f1"] = float("nan")
            continue
        y = truth[level].to_list()
        p = pred[level].fill_null(_NONE).to_list()
        out[f"{short}_accuracy"] = float(accuracy_score(y, p))
        out[f"{short}_f1"] = float(f1_score(y, p, average="macro", labels=sorted(set(y))))
    return out


def cross_validate(
    labelled: pl.DataFrame | None = None,
    *,
    n_splits: int = 5,
    repeats: int = 3,
    random_state: int = 0,
    **params: Any,
) -> Evaluation:
    """Score ``ThemeClassifier(**params)`` on held-out folds of the labelled set.

    ``labelled`` needs columns id, text, core_element, theme, origin and group (default: the
    shipped set). Seeds are the rows whose origin starts with ``seed:`` and whose id has no part
    letter (one row per seed recommendation).
    """
    labelled = load_labelled() if labelled is None else labelled
    if repeats < 1 or n_splits < 2:
        raise ParameterError(f"need repeats >= 1 and n_splits >= 2, got {repeats}, {n_splits}")
    texts = labelled["text"].to_list()
    themes = labelled["theme"].to_list()
    groups = labelled["group"].to_list()
    is_seed = (
        labelled["origin"].str.starts_with("seed:") & ~labelled["id"].str.contains(r"\d[a-z]$")
    ).to_numpy()
    rows, all_folds, first = [], [], None
    for repeat in range(repeats):
        split = folds(themes, groups, n_splits, random_state + repeat)
        all_folds.append(split)
        parts = []
        for train, test in split:
            model = ThemeClassifier(**params).fit(
                [texts[i] for i in train], [themes[i] for i in train]
            )
            frame = model.predict_frame([texts[i] for i in test])
            parts.append(frame.with_columns(pl.Series("row", test, dtype=pl.Int64)))
        pred = pl.concat(parts).sort("row")
        scores: dict[str, float] = {"repeat": repeat}
        for scope, mask in (("all", np.ones(len(texts), dtype=bool)), ("seeds", is_seed)):
            for name, value in _scores(labelled.filter(mask), pred.filter(mask)).items():
                scores[f"{scope}_{name}"] = value
        rows.append(scores)
        if first is None:
            first = labelled.select("id", "origin", "core_element", "theme").with_columns(
                pred["core_element"].alias("pred_core_element"),
                pred["theme"].alias("pred_theme"),
                pred["confidence"],
            )
    assert first is not None  # repeats >= 1
    return Evaluation(
        params=dict(params),
        n_examples=labelled.height,
        n_splits=n_splits,
        repeats=repeats,
        metrics=pl.DataFrame(rows),
        predictions=first,
        fold_indices=all_folds,
    )


# configurations compared in docs/methods.md; the first is the default
VARIANTS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("default (word 1-2-grams + char 4-grams, taxonomy documents)", {}),
    ("char 3-5-grams", {"char_ngram_range": (3, 5)}),
    ("plus a direct element model (element_weight=0.5)", {"element_weight": 0.5}),
    ("without the taxonomy documents", {"use_taxonomy": False}),
)


def compare_variants(repeats: int = 3) -> pl.DataFrame:
    """Held-out figures (means over repeats) of each configuration in :data:`VARIANTS`."""
    rows = []
    for name, params in VARIANTS:
        s = cross_validate(repeats=repeats, **params).summary()
        rows.append({"configuration": name, **{k: round(v[0], 3) for k, v in s.items()}})
    return pl.DataFrame(rows)


def cluster_agreement(random_state: int = 0) -> pl.DataFrame:
    """How far :func:`discover` on the labelled texts recovers the hand-labelled themes."""
    from cpcanalysis.themes.clusters import discover

    labelled = load_labelled()
    rows = []
    for k in (None, len(CORE_ELEMENTS)):
        found = discover(labelled["text"], k=k, random_state=random_state)
        clusters = found.assignments["cluster"].to_list()
        rows.append(
            {
                "k": found.k,
                "chosen": "silhouette" if k is None else "given",
                "stability": found.stability,
                "ari_themes": round(adjusted_rand_score(labelled["theme"], clusters), 3),
                "ari_elements": round(adjusted_rand_score(labelled["core_element"], clusters), 3),
            }
        )
    return pl.DataFrame(rows)


def _published(compare: bool, held_out: bool, embeddings: bool = False) -> str:
    """The agreement figures on the published recommendations, as markdown."""
    from cpcanalysis.themes.agreement import (
        VARIANTS,
        compare_variants,
        grouped_cross_validate,
        score_published_holdout,
    )
    from cpcanalysis.themes.agreement_report import variants_markdown

    estimator: type[ThemeClassifier] = ThemeClassifier
    blend = ""  # what the embedding backend is, in the heading of its figures
    if embeddings:
        from cpcanalysis.themes.embeddings import EmbeddingThemeClassifier

        estimator, blend = (
            EmbeddingThemeClassifier,
            "the default blended 50:50 with all-MiniLM-L6-v2",
        )
    if held_out:
        name = f"held out, {blend}" if blend else "held out"
        return score_published_holdout(name=name, estimator=estimator).to_markdown()
    if compare and not embeddings:
        return variants_markdown(compare_variants())
    name = f"grouped-by-council CV, {blend or VARIANTS[0][0]}"
    return grouped_cross_validate(name=name, estimator=estimator).to_markdown()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Held-out accuracy of the theme classifier.")
    parser.add_argument("--compare", action="store_true", help="also score the variants")
    parser.add_argument(
        "--holdout",
        action="store_true",
        help="score the default classifier on the held-out set only (holdout.csv)",
    )
    parser.add_argument(
        "--published",
        action="store_true",
        help="agreement with two labellers on the published training set, CV grouped by council",
    )
    parser.add_argument(
        "--published-holdout",
        action="store_true",
        help="agreement of the default with two labellers on published_holdout_2.csv",
    )
    parser.add_argument(
        "--learning-curve",
        action="store_true",
        help="element agreement with a share of the training councils (grouped CV)",
    )
    parser.add_argument(
        "--embeddings",
        action="store_true",
        help="with --published or --published-holdout: the optional embedding backend "
        "(needs cpcanalysis[embeddings])",
    )
    args = parser.parse_args(argv)
    out = sys.stdout
    if args.learning_curve:
        from cpcanalysis.themes.agreement import learning_curve

        out.write("\n".join(_markdown_table(learning_curve())) + "\n")
        return
    if args.published or args.published_holdout:
        out.write(_published(args.compare, args.published_holdout, args.embeddings))
        return
    if args.holdout:
        out.write(holdout().to_markdown())
        return
    evaluation = cross_validate()
    out.write(evaluation.to_markdown())
    top = (
        evaluation.predictions.filter(pl.col("theme") != pl.col("pred_theme"))
        .group_by("theme", "pred_theme")
        .len()
        .sort(["len", "theme", "pred_theme"], descending=[True, False, False])
        .head(8)
    )
    out.write("\nMost frequent theme confusions (first repeat):\n\n")
    out.write("\n".join(_markdown_table(top)) + "\n")
    out.write("\ndiscover() on the labelled texts against the hand labels:\n\n")
    out.write("\n".join(_markdown_table(cluster_agreement())) + "\n")
    if args.compare:
        out.write("\nVariants (means over repeats):\n\n")
        out.write("\n".join(_markdown_table(compare_variants())) + "\n")


if __name__ == "__main__":
    main()
