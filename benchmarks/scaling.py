"""Benchmark: loading time over the number of rows of one tracker (issue: linear, not square).

    .venv/bin/python -m benchmarks.scaling                     # 5,000 / 20,000 / 80,000 rows
    .venv/bin/python -m benchmarks.scaling --rows 1000 4000

Method: one SYNTHETIC tab-separated tracker per size (recommendations of five actions each,
every cell different, deadlines and statuses from the vocabularies), written to a temporary
folder; each size is loaded by ``cpcanalysis.load(path, themes=False)`` in a fresh subprocess
three times and the fastest run is kept (imports excluded: the clock starts after them). The
figure of merit is seconds per 1,000 rows: linear loading keeps it flat, so the ratio of the
largest size's to the smallest's is the "factor of linear" (1.0 = exactly linear).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

_DEADLINES = ("March 2025", "Q3 2024/25", "Summer 2025", "31/12/2025", "Ongoing", "2025/26")
_STATUSES = ("Green", "Amber", "Red", "Complete", "Not started")
_CHILD = """
import sys, time
import cpcanalysis
start = time.perf_counter()
plans = cpcanalysis.load(sys.argv[1], themes=False, progress=False, workers=1)
print(time.perf_counter() - start, plans.actions.height)
"""


def write_tracker(path: Path, rows: int) -> Path:
    lines = ["Recommendation\tAction\tBy when\tLead\tRAG\tUpdate"]
    for i in range(rows):
        rec = i // 5 + 1
        lines.append(
            f"{rec}. Improve service area {rec} so that residents see results\t"
            f"Deliver improvement step {i} for area {rec}\t{_DEADLINES[i % len(_DEADLINES)]}\t"
            f"Officer {i % 37}\t{_STATUSES[i % len(_STATUSES)]}\tProgress note {i}."
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed(path: Path, repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(path)], capture_output=True, text=True, check=True
        )
        best = min(best, float(out.stdout.split()[0]))
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[5_000, 20_000, 80_000])
    args = parser.parse_args()
    per_k = []
    with tempfile.TemporaryDirectory() as folder:
        for rows in args.rows:
            seconds = timed(write_tracker(Path(folder) / f"tracker-{rows}.tsv", rows))
            per_k.append(seconds / rows * 1000)
            print(f"{rows:>7} rows: {seconds:7.2f} s  ({per_k[-1]:.3f} s per 1,000 rows)")
    print(f"factor of linear, largest over smallest size: {per_k[-1] / per_k[0]:.2f}")


if __name__ == "__main__":
    main()
