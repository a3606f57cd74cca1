"""Loading benchmark: 1,000 SYNTHETIC plans of mixed formats read from one folder.

Run from the repository root::

    .venv/bin/python -m benchmarks.loading            # 1,000 documents, all cores
    .venv/bin/python -m benchmarks.loading --count 200 --workers 1

It copies the office-suite corpus (``tests/fixtures/office/raw``: plans saved by LibreOffice as
.pdf, .docx, .odt, .doc, .rtf, .xlsx, .xls, .ods and Writer's HTML, and council web pages) and
writes synthetic documents for the rest (every format of ``tests/support/synthetic`` in turn,
cycling through the layouts, numbering styles and plan sizes of 3 to 12 recommendations) into a
temporary folder, then times:

1. ``read_document`` over the folder in one process;
2. the same spread over ``--workers`` processes (``concurrent.futures.ProcessPoolExecutor``,
   files handed out in chunks), which is how a folder loader should use the machine's cores;
3. PDF pages per second: our reader against plain pdfplumber (``open`` + ``extract_tables`` on
   every page) over the same PDFs, all ruled ones and the office-suite ones alone;
4. the whole of ``cpcanalysis.load`` on the folder, as a user runs it (each document read
   and structured in a pool of ``--workers`` processes, then theme labels), in a fresh process
   so that its peak memory is its own.

Figures are documents per second, pages per second and peak resident memory (the parent's and
the largest worker's, from ``getrusage``). Nothing is asserted: see ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the synthetic generator lives with the tests (support)

from support.synthetic import FORMATS, LAYOUTS, NUMBERING, layout, sample_plan, write  # noqa: E402

from cpcanalysis.errors import CpcError  # noqa: E402
from cpcanalysis.readers import read_document  # noqa: E402

OFFICE = ROOT / "tests" / "fixtures" / "office" / "raw"


def office_documents(folder: Path, count: int) -> list[Path]:
    """The office-suite corpus (plans written by LibreOffice and council web pages), copied
    whole when ``count`` allows (.doc and .rtf only when LibreOffice is installed to read
    them); the rest of a 1,000-document run is synthetic."""
    available = shutil.which("soffice") is not None
    files = [p for p in sorted(OFFICE.iterdir()) if available or p.suffix not in (".doc", ".rtf")]
    paths = []
    for source in files[: max(0, count)]:
        target = folder / f"office-{source.name}"
        shutil.copyfile(source, target)
        paths.append(target)
    return paths


def generate(folder: Path, count: int) -> list[Path]:
    """``count`` documents: the office-suite corpus (35 files, or as many as ``count`` / 10),
    then synthetic documents, formats in turn; deterministic names and content."""
    paths = office_documents(folder, min(count // 10, 1000))
    formats = sorted(FORMATS)
    layouts = sorted(LAYOUTS)
    numbering = sorted(NUMBERING)
    for i in range(count - len(paths)):
        fmt = formats[i % len(formats)]
        plan = sample_plan(numbering[i % len(numbering)], size=3 + i % 10)
        doc = layout(plan, layouts[(i // len(formats)) % len(layouts)])
        paths.append(write(doc, fmt, folder, stem=f"{i:04d}"))
    return paths


def _read_all(paths: list[Path]) -> tuple[int, int]:
    """Read each file; returns (documents read, documents refused)."""
    read = failed = 0
    for path in paths:
        try:
            read_document(path)
            read += 1
        except CpcError:
            failed += 1
    return read, failed


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _kind(path: Path) -> str:
    suffix = path.suffix.lstrip(".")
    if path.name.startswith("office-"):
        return f"{suffix} (office suite)"
    return "pdf (unruled)" if path.name.endswith("-pdf-text.pdf") else suffix


def sequential(paths: list[Path]) -> dict:
    """One process; also the time spent on each format."""
    per_format: Counter[str] = Counter()
    read = failed = 0
    cpu = time.process_time()
    start = time.perf_counter()
    for path in paths:
        began = time.process_time()
        done, refused = _read_all([path])
        per_format[_kind(path)] += time.process_time() - began
        read, failed = read + done, failed + refused
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "read": read,
        "failed": failed,
        "per_format": per_format,
    }


def parallel(paths: list[Path], workers: int) -> dict:
    chunks = [paths[i :: workers * 4] for i in range(workers * 4)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(_read_all, chunks))
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": seconds,
        "cpu": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "read": sum(r for r, _ in results),
        "failed": sum(f for _, f in results),
    }


_LOAD = """
import json, resource, sys, time
from cpcanalysis import load
start = time.perf_counter()
plans = load(sys.argv[1], errors="report", progress=False, workers=int(sys.argv[2]))
seconds = time.perf_counter() - start
print(json.dumps({
    "seconds": seconds,
    "documents": plans.plans.height,
    "failed": plans.failed().height,
    "recommendations": plans.recommendations.height,
    "actions": plans.actions.height,
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


def full_load(folder: Path, workers: int) -> dict:
    """``cpcanalysis.load`` on the data folder in a fresh Python process."""
    done = subprocess.run(
        [sys.executable, "-c", _LOAD, str(folder), str(workers)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(done.stdout)


def pdf_pages(paths: list[Path]) -> dict:
    """Pages per CPU second: plain pdfplumber ``extract_tables`` against the reader, on the
    ruled PDFs (synthetic and office-suite alike; the office corpus's one unruled PDF left out,
    as pdfplumber finds no ruled table in it to extract)."""
    import pdfplumber

    pdfs = [
        p
        for p in paths
        if p.suffix == ".pdf" and "-pdf-text" not in p.name and "bramley-heath" not in p.name
    ]
    pages = 0
    start = time.process_time()  # CPU time: fair even when other work shares the machine
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                pages += 1
    plain = time.process_time() - start
    start = time.process_time()
    for path in pdfs:
        read_document(path)
    ours = time.process_time() - start
    return {"files": len(pdfs), "pages": pages, "plain": plain, "ours": ours}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--keep", type=Path, help="write the documents here and keep them")
    parser.add_argument("--reuse", action="store_true", help="read the --keep folder as it is")
    args = parser.parse_args(argv)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="cpc-bench-"))
    raw = folder / "raw"  # a data folder without a manifest: every file's entry is inferred
    raw.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        if args.reuse and args.keep:
            paths = sorted(p for p in raw.iterdir() if p.is_file())[: args.count]
        else:
            paths = generate(raw, args.count)
        made = time.perf_counter() - start
        mix = Counter(p.suffix for p in paths)
        print(f"generated {len(paths)} documents in {made:.1f} s: {dict(sorted(mix.items()))}")
        one = sequential(paths)
        print(
            f"1 process: {one['seconds']:.1f} s wall, {one['cpu']:.1f} s CPU, "
            f"{len(paths) / one['seconds']:.0f} documents/s "
            f"({one['read']} read, {one['failed']} failed), "
            f"peak {_peak_mb(resource.RUSAGE_SELF):.0f} MB"
        )
        counts = Counter(_kind(p) for p in paths)
        for kind, spent in sorted(one["per_format"].items()):
            print(f"  {kind}: {counts[kind]} files, {1000 * spent / counts[kind]:.0f} ms CPU each")
        many = parallel(paths, args.workers)
        print(
            f"{args.workers} processes: {many['seconds']:.1f} s wall, {many['cpu']:.1f} s CPU, "
            f"{len(paths) / many['seconds']:.0f} documents/s "
            f"({many['read']} read, {many['failed']} failed), "
            f"largest worker peak {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB"
        )
        for label, chosen in (
            ("all ruled", paths),
            ("office-suite", [p for p in paths if p.name.startswith("office-")]),
        ):
            pdf = pdf_pages(chosen)
            if pdf["pages"]:
                print(
                    f"PDF, {label} ({pdf['files']} files, {pdf['pages']} pages): plain "
                    f"pdfplumber extract_tables {pdf['pages'] / pdf['plain']:.1f} pages per CPU "
                    f"second, cpcanalysis reader {pdf['pages'] / pdf['ours']:.1f}"
                )
        whole = full_load(folder, args.workers)
        print(
            f"cpcanalysis.load, {args.workers} processes: {whole['seconds']:.1f} s wall, "
            f"{whole['documents'] / whole['seconds']:.0f} documents/s ({whole['documents']} "
            f"documents, {whole['failed']} failed, {whole['recommendations']:,} "
            f"recommendations, {whole['actions']:,} actions), peak {whole['peak_mb']:.0f} MB, "
            f"largest worker {whole['worker_peak_mb']:.0f} MB"
        )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
