"""Command-line interface (filled in by the loader work)."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("cpcanalysis: nothing here yet", file=sys.stderr)
    return 1
