"""Themes benchmark: classify and cluster a synthetic corpus of recommendations.

Run from the repository root::

    .venv/bin/python -m benchmarks.themes                  # 10,000 recommendations
    .venv/bin/python -m benchmarks.themes --rows 2000      # quicker

The corpus is synthetic: each text joins the first third (by words) of one labelled
recommendation, the middle third of a second and the last third of a third of the same theme,
drawn without replacement by a seeded random generator from the shipped labelled set, so it reads
roughly like a recommendation, its texts are (nearly all) distinct, and it is the same on every
run. (Distinct texts matter: classify() scores each distinct text once.)

Timed separately, each the best of ``--repeat`` runs in this process:

- *fit*: fitting the default classifier on its training set, the published training files and
  labelled.csv (once per process in real use);
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
from itertools import product

import polars as pl

from cpcanalysis.themes import classify, discover
from cpcanalysis.themes.classifier import default_classifier
from cpcanalysis.themes.taxonomy import load_labelled


def synthetic_corpus(rows: int, seed: int = 0) -> list[str]:
    """``rows`` distinct recommendations, each the first third (by words) of one labelled
    recommendation, the middle third of a second and the last third of a third, all of the
    same theme; (theme, first, second, third) drawn without replacement, seeded."""
    by_theme: dict[str, list[list[str]]] = defaultdict(list)
    for text, theme in load_labelled().select("text", "theme").iter_rows():
        by_theme[theme].append(text.split())
    combos = [
        (theme, a, b, c)
        for theme in sorted(by_theme)
        for a, b, c in product(range(len(by_theme[theme])), repeat=3)
    ]
    picks = random.Random(seed).sample(combos, min(rows, len(combos)))
    out = []
    for theme, a, b, c in picks:
        first, second, third = (by_theme[theme][i] for i in (a, b, c))
        out.append(
            " ".join(
                first[: len(first) // 3]
                + second[len(second) // 3 : 2 * len(second) // 3]
                + third[2 * len(third) // 3 :]
            )
        )
    return out


def _best(fn, repeat: int) -> tuple[float, float, object]:
    """Best wall seconds, CPU seconds of that run, and the result."""
    best, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = fn()
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - start_cpu
    return best, cpu, result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    texts = synthetic_corpus(args.rows)
    distinct = len(set(texts))
    print(f"python {platform.python_version()}, {os.cpu_count()} cpus, {len(texts):,} texts")
    print(f"{distinct:,} distinct")

    fit_s, fit_cpu, _ = _best(default_classifier, 1)
    classify_s, classify_cpu, labels = _best(lambda: classify(texts), args.repeat)
    discover_s, discover_cpu, found = _best(lambda: discover(texts), args.repeat)
    assert isinstance(labels, pl.DataFrame)
    total, total_cpu = fit_s + classify_s + discover_s, fit_cpu + classify_cpu + discover_cpu
    print("step      wall s   cpu s")
    print(f"fit       {fit_s:6.2f}  {fit_cpu:6.2f}  (training set, once per process)")
    rate = f"{len(texts) / classify_s:,.0f} texts/s"
    print(f"classify  {classify_s:6.2f}  {classify_cpu:6.2f}  ({rate})")
    clusters = f"k={found.k}, stability {found.stability:.3f}"
    print(f"discover  {discover_s:6.2f}  {discover_cpu:6.2f}  ({clusters})")
    print(f"total     {total:6.2f}  {total_cpu:6.2f}  (fit + classify + discover)")
    print(f"undecided {labels.filter(pl.col('core_element').is_null()).height} texts")
    print(f"criterion {found.criterion}")


if __name__ == "__main__":
    main()
