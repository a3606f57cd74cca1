"""Deadline grammar benchmark: the test corpus through cpcanalysis and through dateparser.

Run from the repository root::

    .venv/bin/python -m benchmarks.deadlines                 # 100,000-row column
    .venv/bin/python -m benchmarks.deadlines --rows 20000    # quicker
    .venv/bin/python -m benchmarks.deadlines --holdout tests/fixtures/corpus/holdout2.csv

``--holdout FILE`` scores only FILE (deadline phrases, or status cells when FILE has the status
corpus's columns) and lists every miss, with no dateparser run and no timing: the way a set of
phrases written before the grammar saw them is scored once.

Accuracy, over ``tests/fixtures/corpus/deadlines.csv`` (each phrase with its expected reading):

- *reading right* (cpcanalysis only): kind, start, end and precision all as expected;
- *due date right* (both): the due date returned equals the expected one, where "no due date"
  (ongoing, complete, open-ended, unreadable, relative without a reference) is right only when
  the parser returns none. dateparser is given its most favourable settings for UK plans:
  ``DATE_ORDER="DMY"``, ``PREFER_DAY_OF_MONTH="last"`` (so "March 2025" gives 31 March),
  ``languages=["en"]`` and ``RELATIVE_BASE`` = the row's reference date (1 June 2024 when none).

Speed: seconds per phrase over the corpus (best of several passes), and a polars column of
``--rows`` cells drawn with repeats from the corpus phrases (seeded). cpcanalysis reads the
column with ``parse_deadline_column``; dateparser with ``map_elements`` (one call per row, as a
user would), and again parsing each distinct phrase once, to separate the grammar's speed from
the saving of reading repeats once. Nothing is asserted: see ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import csv
import random
import time
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import dateparser
import polars as pl

from cpcanalysis.deadlines import parse_deadline, parse_deadline_column

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "fixtures" / "corpus" / "deadlines.csv"
DEFAULT_BASE = datetime(2024, 6, 1)
_SETTINGS = {"DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "last"}


def load_corpus(path: Path = CORPUS) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def _reference(row: dict[str, str]) -> date | None:
    return date.fromisoformat(row["reference"]) if row["reference"] else None


def dateparser_due(text: str, reference: date | None) -> date | None:
    base = datetime.combine(reference, datetime.min.time()) if reference else DEFAULT_BASE
    found = dateparser.parse(text, languages=["en"], settings={**_SETTINGS, "RELATIVE_BASE": base})
    return found.date() if found else None


def accuracy(rows: list[dict[str, str]]) -> dict[str, dict[str, list[int]]]:
    """form -> measure -> [right, total], with an "all" form."""
    score: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for row in rows:
        reference = _reference(row)
        ours = parse_deadline(row["text"], reference=reference)
        expected_end = row["end"] or None
        reading = (
            ours.kind,
            ours.start.isoformat() if ours.start else "",
            ours.end.isoformat() if ours.end else "",
            ours.precision or "",
        )
        theirs = dateparser_due(row["text"], reference)
        checks = {
            "cpc_reading": reading == (row["kind"], row["start"], row["end"], row["precision"]),
            "cpc_due": (ours.end.isoformat() if ours.end else None) == expected_end,
            "dateparser_due": (theirs.isoformat() if theirs else None) == expected_end,
        }
        for form in (row["form"], "all"):
            for measure, right in checks.items():
                score[form][measure][0] += int(right)
                score[form][measure][1] += 1
    return score


def per_phrase(rows: list[dict[str, str]], passes: int) -> tuple[float, float]:
    """Best-of-``passes`` mean seconds per phrase: (cpcanalysis, dateparser)."""
    pairs = [(row["text"], _reference(row)) for row in rows]

    def best(read) -> float:
        times = []
        for _ in range(passes):
            start = time.perf_counter()
            for text, reference in pairs:
                read(text, reference)
            times.append((time.perf_counter() - start) / len(pairs))
        return min(times)

    ours = best(lambda text, reference: parse_deadline(text, reference=reference))
    theirs = best(dateparser_due)
    return ours, theirs


def column(rows: list[dict[str, str]], size: int, seed: int = 0) -> pl.Series:
    texts = sorted({row["text"] for row in rows if not row["reference"]})
    return pl.Series("deadline", random.Random(seed).choices(texts, k=size), dtype=pl.String)


def time_column(series: pl.Series, passes: int) -> dict[str, float]:
    """Best-of-``passes`` seconds for cpcanalysis; one pass for dateparser's minutes-long run."""

    def timed(work, passes: int = passes) -> float:
        best = float("inf")
        for _ in range(passes):
            start = time.perf_counter()
            work()
            best = min(best, time.perf_counter() - start)
        return best

    def dateparser_rows() -> pl.Series:
        return series.map_elements(lambda t: dateparser_due(t, None), return_dtype=pl.Date)

    def dateparser_distinct() -> pl.DataFrame:
        distinct = series.unique(maintain_order=True)
        ends = pl.Series("end", [dateparser_due(t, None) for t in distinct], dtype=pl.Date)
        lookup = pl.DataFrame({"deadline": distinct, "end": ends})
        return series.to_frame().join(lookup, on="deadline", how="left", maintain_order="left")

    return {
        "cpcanalysis parse_deadline_column": timed(lambda: parse_deadline_column(series)),
        "dateparser, each row (map_elements)": timed(dateparser_rows, 1),
        "dateparser, each distinct phrase once": timed(dateparser_distinct),
    }


def _share(pair: list[int]) -> str:
    return f"{pair[0]}/{pair[1]} ({100 * pair[0] / pair[1]:.1f}%)"


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def score_holdout(path: Path) -> None:
    """Score a held-out file once and print every miss (deadlines or statuses, by its columns)."""
    rows = load_corpus(path)
    if rows and "status" in rows[0]:
        from cpcanalysis.status import read_status

        right = 0
        for row in rows:
            legend = (
                dict(p.split("=", 1) for p in row["legend"].split(";")) if row["legend"] else None
            )
            got = read_status(row["text"], legend=legend)
            expected = (row["status"], row["label"] or None, row["rest"])
            if (got.status, got.label, got.rest) == expected:
                right += 1
                continue
            print(
                f"MISS {row['text']!r}: expected {expected}, "
                f"got {(got.status, got.label, got.rest)} (note: {got.note})"
            )
        status_right = sum(
            read_status(r["text"]).status == r["status"] for r in rows if not r["legend"]
        )
        print(
            f"\nstatus cells: {len(rows)}; status, label and rest right: "
            f"{_share([right, len(rows)])}; status right: {_share([status_right, len(rows)])}"
        )
        return
    reading_right = due_right = note_right = 0
    for row in rows:
        reference = _reference(row)
        got = parse_deadline(row["text"], reference=reference)
        reading = (got.kind, _iso(got.start), _iso(got.end), got.precision or "")
        expected = (row["kind"], row["start"], row["end"], row["precision"])
        due = _iso(got.end) == row["end"]
        note = row["note_has"].lower() in (got.note or "").lower()
        reading_right += reading == expected
        due_right += due
        note_right += note
        if reading != expected or not note:
            ref = f" [reference {row['reference']}]" if row["reference"] else ""
            print(
                f"MISS {row['text']!r}{ref}: expected {expected} note~{row['note_has']!r}, "
                f"got {reading} ({'due right' if due else 'DUE WRONG'}; note: {got.note})"
            )
    n = len(rows)
    print(
        f"\nphrases: {n}; reading right: {_share([reading_right, n])}; due date right: "
        f"{_share([due_right, n])}; note word present: {_share([note_right, n])}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="cells in the timed column")
    parser.add_argument("--passes", type=int, default=3, help="timing passes (best is kept)")
    parser.add_argument("--holdout", type=Path, help="score only this file and list every miss")
    args = parser.parse_args(argv)
    if args.holdout:
        score_holdout(args.holdout)
        return

    rows = load_corpus()
    dateparser_due("March 2025", None)  # load dateparser's language data before timing
    parse_deadline("March 2025")

    score = accuracy(rows)
    print(f"## Accuracy over {len(rows)} corpus phrases\n")
    print("| form | phrases | cpcanalysis reading | cpcanalysis due date | dateparser due date |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for form in sorted(score, key=lambda f: (f == "all", f)):
        s = score[form]
        print(
            f"| {form} | {s['cpc_due'][1]} | {_share(s['cpc_reading'])} | {_share(s['cpc_due'])} "
            f"| {_share(s['dateparser_due'])} |"
        )

    ours, theirs = per_phrase(rows, args.passes)
    print("\n## Single phrases (mean per phrase, best of passes)\n")
    print(f"- cpcanalysis parse_deadline: {ours * 1e6:.0f} µs")
    print(f"- dateparser.parse: {theirs * 1e6:.0f} µs ({theirs / ours:.1f}x slower)")

    series = column(rows, args.rows)
    print(f"\n## A {args.rows:,}-row column ({series.n_unique()} distinct phrases)\n")
    timings = time_column(series, args.passes)
    fastest = timings["cpcanalysis parse_deadline_column"]
    for name, seconds in timings.items():
        print(f"- {name}: {seconds:.3f} s ({seconds / fastest:.1f}x cpcanalysis)")


if __name__ == "__main__":
    main()
