"""The README's quick start runs as written (on data/), so it cannot drift from the library."""

from __future__ import annotations

import re
import subprocess
import sys

from support.paths import ROOT


def test_quick_start_runs(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme, re.S).group(1)
    assert 'build_report("data", "reports/comparison.html"' in code
    out = tmp_path / "comparison.html"
    code = code.replace('"reports/comparison.html"', repr(str(out)))
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Focus: Wyre Council" in out.read_text(encoding="utf-8")


def test_citation_and_package_give_the_same_version():
    import cpcanalysis

    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{cpcanalysis.__version__}"' in citation
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
