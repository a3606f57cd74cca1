"""SIGKILL at random moments: `cpcanalysis export` and `cpcanalysis report` leave the complete
old files or the complete new ones, never a mix, and no process of theirs lives on (pool
workers, the kernel and its workers, the bundle child); the kernel's connection file is gone.

Each run carries a token in its environment, which every process it starts inherits; after the
kill, no process on the machine may still carry it. Kill moments are drawn from a seeded
generator (printed on failure): over the whole export, and over the report's start (bundle
child, kernel, the kernel's pool of workers) plus a few near its end (the write)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from support.paths import FIXTURES, ROOT

KILLS = 20
TOKEN_VARIABLE = "CPCANALYSIS_KILL_TEST"


def _env(token: str, tmp: Path) -> dict[str, str]:
    path = os.pathsep.join(p for p in [str(ROOT), os.environ.get("PYTHONPATH", "")] if p)
    return {**os.environ, TOKEN_VARIABLE: token, "TMPDIR": str(tmp), "PYTHONPATH": path}


def _carriers(token: str) -> list[int]:
    """Processes whose environment holds ``token``."""
    needle = f"{TOKEN_VARIABLE}={token}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def _left_alive(token: str, wait: float = 10.0) -> list[int]:
    deadline = time.monotonic() + wait
    while (alive := _carriers(token)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def _wait_for(child: subprocess.Popen, after: float | Path) -> None:
    """Wait ``after`` seconds, or (a path) until a temporary of that file appears: the moment
    it is being written."""
    if isinstance(after, float | int):
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=after)
        return
    pattern = f".{after.name}.*.cpcanalysis-part"
    while child.poll() is None and not any(after.parent.glob(pattern)):
        time.sleep(0.002)


def _run_and_kill(
    argv: list[str], cwd: Path, after: float | Path, tmp: Path
) -> tuple[int, list[int]]:
    """Start the CLI, SIGKILL it ``after`` seconds in, or as it writes the file ``after`` (if
    still running); its exit status and the pids of its processes still alive once things
    settle."""
    token = uuid.uuid4().hex
    tmp.mkdir(parents=True, exist_ok=True)
    child = subprocess.Popen(
        [sys.executable, "-m", "cpcanalysis", *argv],
        cwd=cwd,
        env=_env(token, tmp),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait_for(child, after)
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
    status = child.wait()
    alive = _left_alive(token)
    for pid in alive:  # do not leave them to the next test
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return status, alive


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def eight_councils(tmp_path_factory) -> Path:
    """A data folder of eight documents: the load uses a pool of worker processes."""
    from benchmarks.report import write_synthetic_corpus

    return write_synthetic_corpus(tmp_path_factory.mktemp("eight"), 8)


def _reset(out: Path, saved: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(saved, out)


def test_export_killed_at_random_leaves_the_old_set_or_the_new_one(eight_councils, tmp_path):
    rng = random.Random(1516)
    saved, tmp = tmp_path / "saved", tmp_path / "tmp"
    export = ["export", "--format", "csv", "--quiet", "--out"]
    assert _run_and_kill([*export, str(saved), str(FIXTURES / "chain")], ROOT, 120, tmp)[0] == 0
    old = _digests(saved)
    first = tmp_path / "first"
    started = time.monotonic()
    assert _run_and_kill([*export, str(first), str(eight_councils)], ROOT, 120, tmp)[0] == 0
    took = time.monotonic() - started
    new = _digests(first)
    assert old.keys() == new.keys() and old != new
    moments = [rng.uniform(0.2, took * 1.05) for _ in range(KILLS)]

    def attempt(index: int) -> tuple[float, str, list[int]]:
        out = tmp_path / f"tables-{index % 2}"  # two folders, one per worker
        _reset(out, saved)
        argv = [*export, str(out), str(eight_councils)]
        _, alive = _run_and_kill(argv, ROOT, moments[index], tmp)
        found = _digests(out)
        assert found in (old, new), (index, moments[index], found)
        return moments[index], "new" if found == new else "old", alive

    with ThreadPoolExecutor(max_workers=2) as pool:  # two at a time, on two cores
        results = list(pool.map(attempt, range(KILLS)))
    for after, _, alive in results:
        assert alive == [], (after, "processes left alive")
    assert "old" in [outcome for _, outcome, _ in results]  # kills landed before the end
    # what a killed run left beside the folder is swept by the next complete run
    out = tmp_path / "tables-0"
    assert _run_and_kill([*export, str(out), str(eight_councils)], ROOT, 120, tmp)[0] == 0
    names = ["first", "saved", "tables-0", "tables-1", "tmp"]
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in names]
    assert [n for n in leftovers if n.startswith(".tables-0.")] == []
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def _report_outcome(out: Path, old: bytes) -> str:
    data = out.read_bytes()
    if data == old:
        return "old"
    text = data.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>"), text[-200:]
    return "new"


def _connection_files(tmp: Path) -> list[Path]:
    return list(tmp.glob("cpcanalysis-kernel-*/*.json"))


def test_report_killed_at_random_leaves_the_old_file_or_the_new_one(eight_councils, tmp_path):
    rng = random.Random(1416)
    work, tmp = tmp_path / "work", tmp_path / "tmp"
    work.mkdir()
    report = ["report", str(eight_councils)]
    old = b"<!DOCTYPE html><title>the report before</title>\n"
    # most moments over the start (bundle child, kernel, the kernel's workers); four as the
    # report is being written (when its temporary file appears)
    moments: list[float | None] = [rng.uniform(0.3, 7.0) for _ in range(KILLS - 4)]
    moments += [None] * 4

    def attempt(index: int) -> tuple[object, str, list[int], list[Path]]:
        out = work / f"report-{index}.html"
        out.write_bytes(old)
        own_tmp = tmp / str(index)
        after = moments[index] if moments[index] is not None else out
        _, alive = _run_and_kill([*report, "--out", str(out)], ROOT, after, own_tmp)
        return after, _report_outcome(out, old), alive, _connection_files(own_tmp)

    with ThreadPoolExecutor(max_workers=2) as pool:  # two at a time, on two cores
        results = list(pool.map(attempt, range(KILLS)))
    for after, _, alive, connection in results:
        assert alive == [], (after, "processes left alive")
        assert connection == [], (after, "kernel connection file left")
    outcomes = [outcome for _, outcome, _, _ in results]
    assert outcomes.count("old") >= KILLS // 2
