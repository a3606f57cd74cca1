"""Run every benchmark with its default size, one after another (``make bench``).

Each prints its own figures; docs/benchmarks.md says what each measures and how. Run one alone
with ``python -m benchmarks.<name> --help`` for its options. Expect about 10 minutes in all on
two cores, most of it the deadline benchmark's dateparser baseline and the 300-council report.
"""

from __future__ import annotations

import importlib
import sys

BENCHMARKS = ("deadlines", "loading", "themes", "report")


def main(argv: list[str] | None = None) -> int:
    chosen = list(argv if argv is not None else sys.argv[1:]) or list(BENCHMARKS)
    unknown = sorted(set(chosen) - set(BENCHMARKS))
    if unknown:
        print(f"unknown benchmark(s) {unknown}; choose from {list(BENCHMARKS)}", file=sys.stderr)
        return 2
    for name in chosen:
        print(f"\n# benchmarks.{name}\n", flush=True)
        status = importlib.import_module(f"benchmarks.{name}").main([])
        if status:
            return status
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
