import subprocess
import sys

from support.paths import DATA, ROOT

from cpcanalysis.cli import build_parser, main


def test_export_writes_four_tables(tmp_path, capsys):
    assert main(["export", str(DATA), "--out", str(tmp_path), "--format", "csv"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["actions.csv", "issues.csv", "plans.csv", "recommendations.csv"]
    assert "actions.csv" in capsys.readouterr().out


def test_inspect_shows_roles_structure_and_notes(capsys):
    assert main(["inspect", str(DATA / "raw" / "lancaster-cpc-2024-action-plan-tracker.tsv")]) == 0
    out = capsys.readouterr().out
    assert "'By When': column read as deadline" in out
    assert "'Chief Officer': column read as sponsor" in out
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


def test_export_with_slippage_adds_the_three_slippage_tables(tmp_path, capsys):
    import polars as pl

    from cpcanalysis import load
    from cpcanalysis.schema import TABLES
    from cpcanalysis.slippage import measure

    args = ["export", str(DATA), "--out", str(tmp_path), "--slippage", "--as-of", "2025-10-01"]
    assert main([*args, "--quiet"]) == 0
    names = sorted(p.stem for p in tmp_path.iterdir())
    assert names == [
        "actions",
        "issues",
        "plans",
        "recommendations",
        "slippage",
        "slippage_summary",
        "version_matches",
    ]
    written = pl.read_parquet(tmp_path / "slippage.parquet")
    plans = load(DATA, progress=False)
    measured = measure(plans.actions, plans.plans, as_of="2025-10-01")
    assert written.columns == [f.name for f in TABLES["slippage"]]  # declared, nothing more
    assert written.equals(measured.select(written.columns))
    summary = pl.read_parquet(tmp_path / "slippage_summary.parquet")
    lancaster = summary.filter(
        (pl.col("scope") == "council") & (pl.col("council") == "Lancaster City Council")
    ).row(0, named=True)
    assert (
        lancaster["n_overdue"]
        == measured.filter(pl.col("council") == "Lancaster City Council")["is_overdue"].sum()
    )


def test_export_as_of_needs_slippage_and_a_date(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["export", str(DATA), "--out", str(out), "--as-of", "2025-10-01"]) == 1
    assert "add --slippage" in capsys.readouterr().err
    assert main(["export", str(DATA), "--out", str(out), "--slippage", "--as-of", "soon"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'soon' is not a date" in err
    assert not out.exists()
