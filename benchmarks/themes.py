"""Themes benchmark: classify and cluster a synthetic corpus of recommendations.

Run from the repository root::

    .venv/bin/python -m benchmarks.themes                  # 10,000 recommendations
    .venv/bin/python -m benchmarks.themes --rows 2000      # quicker

The corpus is synthetic: each text joins the first half (by words) of one labelled
recommendation to the second half of another of the same theme, both drawn with a seeded random
generator from the shipped labelled set, so it reads like a recommendation, repeats little, and
is the same on every run. Timed separately, each the best of ``--repeat`` runs in this process:

- *fit*: fitting the default classifier on the labelled set (once per process in real use);
- *classify*: ``classify(texts)`` with the classifier already fitted;
- *discover*: ``discover(texts)``, choosing k by the silhouette and measuring stability;
- *total*: fit + classify + discover, the cost of a cold start.

Nothing is asserted; figures go in ``docs/benchmarks.md`` with the machine they were taken on.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from collections import defaultdict

import polars as pl

from cpcanalysis.themes import classify, discover
from cpcanalysis.themes.classifier import default_classifier
from cpcanalysis.themes.taxonomy import load_labelled


def synthetic_corpus(rows: int, seed: int = 0) -> list[str]:
    """``rows`` recommendations recombined from halves of labelled ones of the same theme."""
    by_theme: dict[str, list[list[str]]] = defaultdict(list)
    for text, theme in load_labelled().select("text", "theme").iter_rows():
        by_theme[theme].append(text.split())
    themes = sorted(by_theme)
    rng = random.Random(seed)
    out = []
    for _ in range(rows):
        pool = by_theme[rng.choice(themes)]
        first, second = rng.choice(pool), rng.choice(pool)
        out.append(" ".join(first[: len(first) // 2] + second[len(second) // 2 :]))
    return out


def _best(fn, repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = synthetic_corpus(args.rows)
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus, {args.rows:,} texts")

    start = time.perf_counter()
    default_classifier()
    fit = time.perf_counter() - start
    classify_s, labels = _best(lambda: classify(texts), args.repeat)
    discover_s, found = _best(lambda: discover(texts), args.repeat)
    assert isinstance(labels, pl.DataFrame)
    print(f"fit       {fit:6.2f} s  (labelled set, once per process)")
    print(f"classify  {classify_s:6.2f} s  ({args.rows / classify_s:,.0f} texts/s)")
    print(f"discover  {discover_s:6.2f} s  (k={found.k}, stability {found.stability:.3f})")
    print(f"total     {fit + classify_s + discover_s:6.2f} s  (fit + classify + discover)")
    print(f"undecided {labels.filter(pl.col('core_element').is_null()).height} texts")
    print(f"criterion {found.criterion}")


if __name__ == "__main__":
    main()
