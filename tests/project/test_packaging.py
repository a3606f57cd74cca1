"""The built wheel works on its own: package data and the report notebook are inside it, so
`cpcanalysis report` runs after a plain `pip install` (not only from a checkout)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest
from support.paths import DATA, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from this checkout, unpacked into its own folder (dependencies come from
    the environment running the tests)."""
    wheels = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = wheels.glob("cpcanalysis-*.whl")
    target = tmp_path_factory.mktemp("site")
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(target)
    return wheel, target


def test_wheel_carries_the_package_data_and_the_report_notebook(installed):
    wheel, _ = installed
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "cpcanalysis/notebooks/comparison.ipynb",
        "cpcanalysis/data/header_synonyms.csv",
        "cpcanalysis/data/status/vocabulary.csv",
        "cpcanalysis/data/themes/taxonomy.csv",
        "cpcanalysis/data/themes/labelled.csv",
    ):
        assert needed in names, needed
    assert not any(name.startswith(("tests/", "data/raw/", "notebooks/")) for name in names)


def test_report_runs_from_the_installed_wheel_outside_the_checkout(installed, tmp_path):
    _, site = installed
    out = tmp_path / "comparison.html"
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import sys, cpcanalysis; from pathlib import Path;"
        f"assert Path(cpcanalysis.__file__).is_relative_to({str(site)!r}), cpcanalysis.__file__;"
        "from cpcanalysis.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "report", str(DATA), "--out", str(out)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Lancaster City Council" in out.read_text(encoding="utf-8")
