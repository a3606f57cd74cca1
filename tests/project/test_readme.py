"""The README runs as written, so it cannot drift from the library: the Python quick start (on
data/, the export calls included) and the install without make (pip from the checkout and from
a wheel, then `cpcanalysis report data --out report.html`)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from support.paths import DATA, ROOT

README = ROOT / "README.md"
# the installed copy must run, not a checkout put on the path by the test run's own PYTHONPATH;
# the dependencies' data files (nbconvert's templates) are this environment's, as their code is
CLEAN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {
    "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")
}


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def test_readme_opens_with_the_two_commands_then_what_the_tool_does():
    text = README.read_text(encoding="utf-8")
    first = _blocks(text, "")[0].splitlines()
    assert [line.split("#")[0].strip() for line in first] == ["make report", "make test"]
    opening = text.split("\n## ", 1)[0]
    assert "reads English councils' LGA Corporate Peer Challenge" in opening
    assert "](docs/images/report-first-screen.png)" in opening
    assert (ROOT / "docs" / "images" / "report-first-screen.png").is_file()
    sections = re.findall(r"^## (.+)$", text, re.M)
    assert sections[:3] == ["Without make", "The first five minutes", "Quick start"]
    assert "[docs/formats.md](docs/formats.md)" in _section("Formats and layouts")


def test_quick_start_runs(tmp_path):
    (code,) = _blocks(_section("Quick start"), "python")
    assert 'build_report("data", "reports/comparison.html"' in code
    assert 'cpcanalysis.export(plans, "reports/tables", format="xlsx"' in code
    out = tmp_path / "comparison.html"
    tables = tmp_path / "tables"
    code = code.replace('"reports/comparison.html"', repr(str(out)))
    code = code.replace('"reports/tables"', repr(str(tables)))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "19 recommendations (22 with parts), 57 actions" in result.stdout
    assert "no real structure" in result.stdout  # discover's verdict, printed
    assert "Focus: Wyre Council" in out.read_text(encoding="utf-8")
    written = sorted(p.name for p in tables.iterdir())
    assert "cpcanalysis-tables.xlsx" in written and "actions.csv" in written
    assert (tables / "actions.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def _venv(folder: Path) -> Path:
    """A fresh virtual environment that sees this environment's packages (so that pip finds
    the dependencies installed and downloads nothing but the build tools)."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True, capture_output=True)
    python = folder / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    here = sysconfig.get_paths()["purelib"]
    (Path(site) / "_outer_environment.pth").write_text(here + "\n", encoding="utf-8")
    return python


def _run_block(block: str, python: Path, cwd: Path, dist: Path) -> None:
    """Run each command of a README shell block with the venv's python and scripts."""
    for line in block.splitlines():
        command = line.split("#")[0].split()
        if not command:
            continue
        if command[0] == "python":
            command[0] = str(python)
        elif command[0] == "cpcanalysis":
            command[0] = str(python.parent / "cpcanalysis")  # the script pip installed
        command = [str(ROOT) if part == "." else part for part in command]
        command = [str(dist / Path(p).name) if p.startswith("dist/") else p for p in command]
        done = subprocess.run(
            command, cwd=cwd, env=CLEAN_ENV, capture_output=True, text=True, check=False
        )
        assert done.returncode == 0, (line, done.stderr[-3000:])


@pytest.mark.parametrize("route", ["checkout", "wheel"])
def test_install_without_make_then_report(route, tmp_path):
    """`python -m pip install .` (or the wheel) and `cpcanalysis report data --out
    report.html`, exactly as the README says, in a fresh environment and a folder that holds
    only a copy of data/."""
    blocks = _blocks(_section("Without make"), "sh")
    assert len(blocks) == 2
    block = blocks[0] if route == "checkout" else blocks[1]
    assert "cpcanalysis report data --out report.html" in block
    python = _venv(tmp_path / "venv")
    dist = tmp_path / "dist"
    if route == "wheel":
        build = "python -m pip wheel --no-deps -w dist ."
        assert f"`{build}`" in _section("Without make")
        _run_block(build, python, tmp_path, dist)
        assert [p.name for p in dist.iterdir()] == [block.split("dist/")[1].split()[0]]
    work = tmp_path / "work"
    shutil.copytree(DATA, work / "data")
    _run_block(block, python, work, dist)
    page = (work / "report.html").read_text(encoding="utf-8")
    assert "Lancaster City Council" in page and "Wyre Council" in page
    site = subprocess.run(
        [str(python), "-c", "import cpcanalysis; print(cpcanalysis.__file__)"],
        cwd=work,
        env=CLEAN_ENV,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(tmp_path / "venv") in site  # the installed copy ran, not the checkout


def test_citation_and_package_give_the_same_version():
    import cpcanalysis

    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{cpcanalysis.__version__}"' in citation
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
