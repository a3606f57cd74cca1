import subprocess
import sys

from conftest import DATA, ROOT

from cpcanalysis.cli import build_parser, main


def test_export_writes_four_tables(tmp_path, capsys):
    assert main(["export", str(DATA), "--out", str(tmp_path), "--format", "csv"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["actions.csv", "issues.csv", "plans.csv", "recommendations.csv"]
    assert "actions.csv" in capsys.readouterr().out


def test_inspect_shows_roles_structure_and_notes(capsys):
    assert main(["inspect", str(DATA / "raw" / "lancaster-cpc-2024-action-plan-tracker.tsv")]) == 0
    out = capsys.readouterr().out
    assert "'By When' -> deadline" in out
    assert "'Chief Officer' -> sponsor" in out
    assert "10 recommendations" in out
    assert "5c" in out and "[by position]" in out
    assert "Notes (" in out


def test_python_dash_m_runs_the_cli():
    result = subprocess.run(
        [sys.executable, "-m", "cpcanalysis", "--version"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("cpcanalysis ")


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name in commands:
        assert f"cpcanalysis {name}" in readme, name
