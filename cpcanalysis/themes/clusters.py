"""Discovering clusters of recommendations in a corpus, without labels.

Method (see ``docs/methods.md``, "Themes"):

1. Texts are tidied as for classification; words are TF-IDF weighted (single words, sublinear
   tf, English stop words plus ``data/themes/cluster_stopwords.txt``). A text with no remaining
   word gets cluster null. (Word pairs were tried: on short texts they mostly add features that
   one text has, which pushes texts of one topic apart.)
2. The TF-IDF matrix is reduced to at most 50 dimensions by truncated SVD (latent semantic
   analysis) and each row scaled to unit length, so Euclidean k-means groups by cosine.
3. When ``k`` is not given it is chosen by the mean silhouette over k = 2..20 (capped by the
   number of distinct texts): k-means is fitted for each candidate on a sample of at most 2,000
   texts and the silhouette computed on that sample; the best k wins, the smaller on a tie.
4. k-means (``n_init`` restarts, seeded by ``random_state``) is fitted on all texts. Clusters are
   numbered 1..k by decreasing size (ties: the cluster whose first text comes first).
5. Each cluster is labelled by the terms with the highest mean TF-IDF weight among its texts
   (only terms found in at least two of them, unless it has one text) and by its most
   representative texts (nearest its centre by cosine).
6. Stability: k-means is refitted at the chosen k from seeds ``random_state`` .. ``+4`` on the
   same reduced matrix; ``stability`` is the mean adjusted Rand index over the ten pairs (1.0:
   every seed gives the same partition).
7. Structure: the mean silhouette of the final partition (on the same sample of at most 2,000
   texts) is compared with ``STRUCTURE_THRESHOLD`` = 0.25, below which Kaufman and Rousseeuw
   (*Finding Groups in Data*, 1990) find "no substantial structure". Below it, ``structure``
   says so in words and ``has_structure`` is False: the clusters are then groups of shared
   wording, not themes. Short recommendation texts usually fall below it (the seed plans give
   about 0.04, the 311 labelled texts about 0.08).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import combinations

import numpy as np
import polars as pl
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from cpcanalysis.errors import ParameterError
from cpcanalysis.package_data import read_data_text
from cpcanalysis.themes.inputs import as_texts, tidy

__all__ = ["K_RANGE", "STRUCTURE_THRESHOLD", "Discovery", "discover"]

K_RANGE = (2, 20)  # candidate numbers of clusters when k is not given
SVD_DIMENSIONS = 50
SELECTION_SAMPLE = 2000  # texts used to choose k (and to compute each silhouette)
N_INIT = 4
STRUCTURE_THRESHOLD = 0.25  # mean silhouette: below it, no substantial structure
N_TOP_TERMS = 8
N_EXAMPLES = 3
STABILITY_SEEDS = 5


@cache
def _stop_words() -> frozenset[str]:
    lines = read_data_text("themes", "cluster_stopwords.txt").splitlines()
    extra = {w.strip().lower() for w in lines if w.strip() and not w.startswith("#")}
    return frozenset(ENGLISH_STOP_WORDS | extra)


@dataclass(frozen=True)
class Discovery:
    """What :func:`discover` found.

    assignments: one row per input text, in input order: ``text``, ``cluster`` (1..k, null for
        texts with no content word).
    clusters: one row per cluster: ``cluster``, ``size``, ``top_terms`` (list), ``examples``
        (list of the most representative texts).
    k: number of clusters. criterion: how k was chosen, in words.
    silhouettes: ``k``, ``silhouette`` for each candidate tried (empty when k was given).
    stability: mean pairwise adjusted Rand index of k-means from five seeds at this k.
    silhouette: mean silhouette of the partition found (None when it has fewer than two
        clusters, or as many as texts). structure: whether that is real structure, in words
        (the threshold is ``STRUCTURE_THRESHOLD``); has_structure: the same as a flag.
    """

    assignments: pl.DataFrame
    clusters: pl.DataFrame
    k: int
    criterion: str
    silhouettes: pl.DataFrame
    stability: float
    random_state: int
    silhouette: float | None = None
    structure: str = "no clusters: nothing to judge"

    @property
    def has_structure(self) -> bool:
        return self.silhouette is not None and self.silhouette >= STRUCTURE_THRESHOLD


def _structure(points: np.ndarray, labels: np.ndarray, random_state: int):
    """The partition's mean silhouette (on a sample, as when choosing k) and its verdict."""
    k = len(set(labels.tolist()))
    if k < 2 or k >= points.shape[0]:
        return None, f"{k} cluster(s) of {points.shape[0]} texts: no silhouette to judge by"
    sample = _sample(points.shape[0], random_state)
    if len(set(labels[sample].tolist())) < 2:
        sample = np.arange(points.shape[0])
    score = round(float(silhouette_score(points[sample], labels[sample])), 6)
    if score < STRUCTURE_THRESHOLD:
        verdict = (
            f"no real structure: mean silhouette {score:.2f} at k = {k}, below "
            f"{STRUCTURE_THRESHOLD} (Kaufman and Rousseeuw's 'no substantial structure'); "
            "read the clusters as groups of shared wording, not as themes"
        )
    else:
        verdict = f"structure found: mean silhouette {score:.2f} at k = {k}"
    return score, verdict


def _sample(n: int, random_state: int) -> np.ndarray:
    """The rows k is chosen and judged on: all, or a seeded sample of SELECTION_SAMPLE."""
    if n <= SELECTION_SAMPLE:
        return np.arange(n)
    rng = np.random.default_rng(random_state)
    return np.sort(rng.choice(n, size=SELECTION_SAMPLE, replace=False))


def _empty(texts: list[str | None], random_state: int, why: str) -> Discovery:
    return Discovery(
        assignments=pl.DataFrame(
            {"text": texts, "cluster": [None] * len(texts)},
            schema={"text": pl.String, "cluster": pl.Int64},
        ),
        clusters=pl.DataFrame(
            schema={
                "cluster": pl.Int64,
                "size": pl.Int64,
                "top_terms": pl.List(pl.String),
                "examples": pl.List(pl.String),
            }
        ),
        k=0,
        criterion=why,
        silhouettes=pl.DataFrame(schema={"k": pl.Int64, "silhouette": pl.Float64}),
        stability=1.0,
        random_state=random_state,
    )


def _n_distinct(points: np.ndarray) -> int:
    """Number of distinct rows (texts that differ only in stop words coincide)."""
    return int(np.unique(points.round(9), axis=0).shape[0])


def _kmeans(points: np.ndarray, k: int, seed: int) -> np.ndarray:
    model = KMeans(n_clusters=k, n_init=N_INIT, random_state=seed, algorithm="lloyd")
    return model.fit_predict(points)


def _choose_k(points: np.ndarray, n_distinct: int, random_state: int) -> tuple[int, str, list]:
    """k by the silhouette criterion on a sample; returns k, the criterion and the scores."""
    low, high = K_RANGE
    high = min(high, n_distinct - 1)
    if high < low:
        return n_distinct, f"only {n_distinct} distinct text(s): one cluster per text", []
    sample = _sample(points.shape[0], random_state)
    sub = points[sample]
    high = min(high, _n_distinct(sub) - 1)
    scores = []
    for k in range(low, high + 1):
        labels = _kmeans(sub, k, random_state)
        if len(set(labels)) < 2:
            continue
        scores.append((k, float(silhouette_score(sub, labels))))
    if not scores:
        return 1, "the texts could not be separated: one cluster", []
    best = max(scores, key=lambda s: (round(s[1], 9), -s[0]))[0]
    criterion = (
        f"k = {best}: the highest mean silhouette (cosine on the reduced TF-IDF) over k = "
        f"{low}..{high}, each computed on {len(sample)} texts"
    )
    return best, criterion, scores


def _renumber(labels: np.ndarray) -> np.ndarray:
    """Cluster numbers 1..k by decreasing size, ties by first appearance."""
    ids, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(ids)), key=lambda i: (-counts[i], first[i]))
    mapping = {ids[i]: rank + 1 for rank, i in enumerate(order)}
    return np.array([mapping[v] for v in labels], dtype=np.int64)


def _stability(points: np.ndarray, k: int, random_state: int) -> float:
    if k < 2:
        return 1.0
    runs = [_kmeans(points, k, random_state + s) for s in range(STABILITY_SEEDS)]
    scores = [adjusted_rand_score(a, b) for a, b in combinations(runs, 2)]
    return round(float(np.mean(scores)), 6)


def _describe(
    labels: np.ndarray, tfidf, points: np.ndarray, terms: np.ndarray, texts: list[str]
) -> pl.DataFrame:
    rows = []
    for cluster in range(1, labels.max() + 1):
        members = np.flatnonzero(labels == cluster)
        member_tfidf = tfidf[members]
        weights = np.asarray(member_tfidf.mean(axis=0)).ravel()
        if len(members) > 1:  # a term in one text only does not describe a cluster
            weights[np.asarray((member_tfidf > 0).sum(axis=0)).ravel() < 2] = 0.0
        top = sorted(
            np.flatnonzero(weights), key=lambda j: (-round(float(weights[j]), 12), terms[j])
        )
        centre = points[members].mean(axis=0)
        closeness = points[members] @ centre
        examples: list[str] = []
        for i in members[np.lexsort((members, -closeness.round(12)))]:
            if texts[i] not in examples:
                examples.append(texts[i])
            if len(examples) == N_EXAMPLES:
                break
        rows.append(
            {
                "cluster": cluster,
                "size": len(members),
                "top_terms": [str(terms[j]) for j in top[:N_TOP_TERMS]],
                "examples": examples,
            }
        )
    return pl.DataFrame(
        rows,
        schema={
            "cluster": pl.Int64,
            "size": pl.Int64,
            "top_terms": pl.List(pl.String),
            "examples": pl.List(pl.String),
        },
    )


def discover(
    texts: Iterable[str | None] | pl.Series, k: int | None = None, random_state: int = 0
) -> Discovery:
    """Find clusters of similar recommendations in ``texts`` (see the module doc for the method).

    ``k`` fixes the number of clusters (1 up to the number of distinct texts); by default it is
    chosen by the silhouette criterion. The same texts in the same order and the same
    ``random_state`` always give the same result.
    """
    raw = as_texts(texts)
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        raise ParameterError(f"k must be a positive integer or None, got {k!r}")
    if not isinstance(random_state, int) or isinstance(random_state, bool):
        raise ParameterError(f"random_state must be an integer, got {random_state!r}")
    tidied = [tidy(t) for t in raw]
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words=sorted(_stop_words()))
    analyse = vectorizer.build_analyzer()
    usable = [i for i, t in enumerate(tidied) if analyse(t)]
    if not usable:
        return _empty(raw, random_state, "no text has a content word: nothing to cluster")
    tfidf = vectorizer.fit_transform([tidied[i] for i in usable])
    terms = vectorizer.get_feature_names_out()
    # one thread: identical floating-point results on any machine (see classifier.fit)
    with threadpool_limits(limits=1):
        dims = min(SVD_DIMENSIONS, tfidf.shape[1] - 1, len(usable) - 1)
        if dims >= 2:
            svd = TruncatedSVD(n_components=dims, random_state=random_state)
            with warnings.catch_warnings():
                # explained_variance_ratio_ is 0/0 when all rows coincide; it is not used here
                warnings.filterwarnings("ignore", "invalid value", RuntimeWarning)
                reduced = svd.fit_transform(tfidf)
        else:
            reduced = tfidf.toarray()
        points = normalize(reduced)
        n_distinct = _n_distinct(points)
        if k is not None and k > n_distinct:
            msg = f"k={k} is more than the {n_distinct} distinct non-empty texts"
            raise ParameterError(msg, hint="pass a smaller k, or k=None to choose it")
        if k is None:
            k, criterion, scores = _choose_k(points, n_distinct, random_state)
        else:
            criterion, scores = f"k = {k}: given by the caller", []
        labels = _kmeans(points, k, random_state) if k > 1 else np.zeros(len(usable), dtype=int)
        stability = _stability(points, k, random_state)
        silhouette, structure = _structure(points, labels, random_state)
    labels = _renumber(labels)
    cluster: list[int | None] = [None] * len(raw)
    for i, label in zip(usable, labels, strict=True):
        cluster[i] = int(label)
    return Discovery(
        assignments=pl.DataFrame(
            {"text": raw, "cluster": cluster}, schema={"text": pl.String, "cluster": pl.Int64}
        ),
        clusters=_describe(labels, tfidf, points, terms, [raw[i] or "" for i in usable]),
        k=int(labels.max()),
        criterion=criterion,
        silhouettes=pl.DataFrame(
            scores, schema={"k": pl.Int64, "silhouette": pl.Float64}, orient="row"
        ),
        stability=stability,
        random_state=random_state,
        silhouette=silhouette,
        structure=structure,
    )
