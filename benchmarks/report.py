"""Benchmark the comparison report: size and build time on data/ and on a SYNTHETIC corpus.

    .venv/bin/python -m benchmarks.report                 # data/, then 300 synthetic councils
    .venv/bin/python -m benchmarks.report --councils 50   # a smaller synthetic corpus
    .venv/bin/python -m benchmarks.report --skip-data
    .venv/bin/python -m benchmarks.report --skip-pdf      # the HTML report only

Each corpus is built as HTML, then as the paged PDF (``--format pdf``, printed by Chromium).

The synthetic corpus is INVENTED: council names like "Synthetic Council 001", plans assembled
from stock phrases, deadlines and statuses drawn from the vocabularies real plans use, council
types and regions in turn, and every tenth council with a later tracker of its plan. It exists
only to measure how the report scales; no figure from it describes any real council. It is
written to a temporary folder and deleted afterwards.

Each build runs in a fresh subprocess (``python -m benchmarks.report --build ...``), as
``make report`` does, so the kernel start, imports and the Vega bundle are all counted; the
first build of a session also warms the operating system's file cache, so we time the second of
two builds (the "warm environment" of the targets). Method and figures: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_TOPICS = [
    ("develop a clear narrative for growth and an economic strategy", "Local priorities"),
    ("strengthen the medium term financial plan and reserves policy", "Finance"),
    ("improve the frequency of budget and performance reporting to Cabinet", "Governance"),
    ("invest in the learning and development of the senior leadership team", "Capacity"),
    ("work with partners on a shared vision for the place", "Place leadership"),
    ("review the asset management strategy to make better use of assets", "Finance"),
    ("build capacity for transformation and digital services", "Capacity"),
    ("strengthen member and officer relationships and the constitution", "Governance"),
    ("engage residents in setting the council's priorities", "Local priorities"),
    ("accelerate the delivery of housing and regeneration projects", "Place leadership"),
    ("develop a workforce strategy to recruit and retain staff", "Capacity"),
    ("embed performance management across the organisation", "Governance"),
]
_ACTIONS = [
    "Prepare a draft strategy and consult stakeholders",
    "Report progress quarterly to Cabinet",
    "Commission an external review",
    "Hold workshops with members and officers",
    "Adopt the revised policy at Full Council",
    "Appoint a lead officer and agree a project plan",
    "Publish the annual report",
]
_DEADLINES = [
    "March 2025",
    "December 2024",
    "31/03/2025",
    "Q3 2024/25",
    "2025/26",
    "Summer 2025",
    "September 2024 onwards",
    "Ongoing",
    "July 2024-February 2025",
    "End November 2024",
    "April 2026",
    "",
]
_STATUSES = ["Green", "Amber", "Red", "Complete", "In progress", "Not started", "On track", ""]
_LEADS = ["Chief Executive", "Director of Resources", "Head of Finance", "Head of Policy"]
_TYPES = ["non-metropolitan district", "unitary", "metropolitan district", "London borough"]
_REGIONS = [
    "North West",
    "North East",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
LATER_VERSION_EVERY = 10  # every tenth council also has a later tracker (a chain of two)


def _rows(rng: random.Random) -> list[list[str]]:
    """One tracker's rows: recommendation, action, timescale, lead, status."""
    rows = []
    for number, (topic, _) in enumerate(rng.sample(_TOPICS, rng.randint(6, 12)), 1):
        for i in range(rng.randint(1, 4)):
            rec = f"{number}. {topic.capitalize()}." if i == 0 else ""
            action = f"{rng.choice(_ACTIONS)} ({topic.split()[1]})."
            rows.append(
                [rec, action, rng.choice(_DEADLINES), rng.choice(_LEADS), rng.choice(_STATUSES)]
            )
    return rows


def _later(rows: list[list[str]], rng: random.Random) -> list[list[str]]:
    """The same tracker a year on: some deadlines moved, statuses updated."""
    return [
        [
            rec,
            action,
            rng.choice(_DEADLINES) if rng.random() < 0.3 else deadline,
            lead,
            rng.choice(_STATUSES),
        ]
        for rec, action, deadline, lead, _ in rows
    ]


def _write_tsv(path: Path, rows: list[list[str]]) -> None:
    lines = ["Recommendation\tAction\tTimescale\tLead\tStatus", *("\t".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _entry(n: int, name: str, version: int, cpc: date, as_of: date, path: Path) -> str:
    return (
        "\n[[documents]]\n"
        f'plan_id = "synthetic-{n:03d}-v{version}"\n'
        f'council = "{name}"\n'
        f'council_type = "{_TYPES[n % len(_TYPES)]}"\n'
        f'region = "{_REGIONS[n % len(_REGIONS)]}"\n'
        f'cpc_date = "{cpc.isoformat()}"\n'
        'document_kind = "tracker"\n'
        f'as_of = "{as_of.isoformat()}"\n'
        f'chain = "synthetic-{n:03d}"\n'
        f'path = "raw/{path.name}"\n'
    )


def write_synthetic_corpus(folder: Path, councils: int, *, seed: int = 7) -> Path:
    """Write an INVENTED data folder (plans.toml + raw/*.tsv) with ``councils`` councils, each
    with a council type and a region, every tenth with a later tracker of the same plan."""
    rng = random.Random(seed)
    raw = folder / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    manifest = ["# SYNTHETIC corpus for benchmarks/report.py: invented councils and plans\n"]
    for n in range(1, councils + 1):
        name = f"Synthetic Council {n:03d}"
        rows = _rows(rng)
        cpc = date(2023 + n % 2, 1 + n % 12, 1)
        path = raw / f"synthetic-{n:03d}-tracker.tsv"
        _write_tsv(path, rows)
        manifest.append(_entry(n, name, 1, cpc, date(cpc.year + 1, cpc.month, 1), path))
        if n % LATER_VERSION_EVERY == 0:
            later = raw / f"synthetic-{n:03d}-tracker-v2.tsv"
            _write_tsv(later, _later(rows, rng))
            manifest.append(_entry(n, name, 2, cpc, date(cpc.year + 2, cpc.month, 1), later))
    (folder / "plans.toml").write_text("".join(manifest), encoding="utf-8")
    return folder


def _build_in_subprocess(data: Path, out: Path, focus: str | None) -> float:
    """A full build in a fresh process; the format follows ``out``'s suffix (.html, .pdf)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "benchmarks.report", "--build", str(data), str(out), focus or ""],
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


def measure(label: str, data: Path, out: Path, focus: str | None = None) -> None:
    _build_in_subprocess(data, out, focus)  # warm-up: file cache, bytecode
    seconds = _build_in_subprocess(data, out, focus)
    size = out.stat().st_size
    print(f"{label}: {seconds:.1f} s, {size / 1e6:.2f} MB ({size:,} bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--councils", type=int, default=300)
    parser.add_argument("--skip-data", action="store_true")
    parser.add_argument("--skip-pdf", action="store_true", help="time the HTML report only")
    parser.add_argument(
        "--build", nargs=3, metavar=("DATA", "OUT", "FOCUS"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.build:
        from cpcanalysis.report import build_report

        build_report(args.build[0], args.build[1], focus=args.build[2] or None)
        return 0
    with tempfile.TemporaryDirectory(prefix="cpc-bench-") as tmp:
        tmp = Path(tmp)
        suffixes = ["html"] if args.skip_pdf else ["html", "pdf"]
        corpora = [] if args.skip_data else [("data/", ROOT / "data", None)]
        if not args.skip_data:
            corpora.append(("data/, --focus Wyre Council", ROOT / "data", "Wyre Council"))
        if args.councils:
            corpus = write_synthetic_corpus(tmp / "synthetic", args.councils)
            label = f"synthetic, {args.councils} councils, --focus Synthetic Council 001"
            corpora.append((label, corpus, "Synthetic Council 001"))
        for number, (label, data, focus) in enumerate(corpora):
            for suffix in suffixes:
                out = tmp / f"corpus-{number}.{suffix}"
                measure(f"{label} {suffix.upper()}", data, out, focus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
