import argparse
import subprocess
import sys

import pytest
from support.paths import DATA, ROOT

from cpcanalysis.cli import build_parser, main


def test_export_writes_four_tables_and_the_tally(tmp_path, capsys):
    assert main(["export", str(DATA), "--out", str(tmp_path), "--format", "csv"]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["actions.csv", "issues.csv", "plans.csv", "recommendations.csv"]
    captured = capsys.readouterr()
    assert "actions.csv" in captured.out
    # parts 5a-5d of Lancaster's recommendation 5 count once, and are said as parts
    assert "19 recommendations (22 with parts), 57 actions" in captured.err


def test_the_tally_is_the_librarys_one_wording(seed_plans):
    assert seed_plans.tally().endswith(": 19 recommendations (22 with parts), 57 actions")
    recs = seed_plans.recommendations
    wyre = recs.filter(council="Wyre Council")
    assert seed_plans.count_recommendations(wyre) == f"{wyre.height} recommendations"
    assert seed_plans.count_recommendations(recs.head(1)) == "1 recommendation"


# --- mistakes on the command line: one line, exit 1, the nearest valid choice ----------------


def _mistake(argv, capsys) -> str:
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err  # no usage dump
    assert lines[0].startswith("cpcanalysis: error: ")
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["export", "--format", "xls"], "unknown format 'xls' (did you mean 'xlsx'?"),
        (["export", "--format", "CSV-excel"], "did you mean 'csv-excel'?"),
        (["export", "--format", "parquett"], "did you mean 'parquet'?"),
        (["report", "--format", "pfd"], "unknown format 'pfd' (did you mean 'pdf'?"),
        (["report", "--format", "htm"], "did you mean 'html'?"),
        (["exprt", "data"], "unknown command 'exprt' (did you mean 'export'?"),
        (["dictionnary"], "did you mean 'dictionary'?"),
    ],
)
def test_a_wrong_choice_is_one_line_with_the_nearest_valid_one(argv, said, capsys, tmp_path):
    line = _mistake(argv, capsys)
    assert said in line
    assert "choose one of" in line
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["export", "--bogus"], "unrecognized arguments: --bogus"),
        (["report", "--out"], "argument --out: expected one argument"),
        ([], "the following arguments are required: COMMAND"),
        (["inspect"], "the following arguments are required: FILE"),
        (["export", "--max-bytes", "lots"], "argument --max-bytes: invalid int value: 'lots'"),
    ],
)
def test_other_command_line_mistakes_are_one_line_and_exit_1(argv, said, capsys):
    assert said in _mistake(argv, capsys)


def test_the_library_refuses_a_wrong_format_the_same_way(seed_plans, tmp_path):
    from cpcanalysis import export
    from cpcanalysis.errors import ParameterError

    with pytest.raises(ParameterError) as caught:
        export(seed_plans, tmp_path, format="xls")
    assert str(caught.value) == (
        "unknown format 'xls' (did you mean 'xlsx'? choose one of parquet, csv, csv-excel, xlsx)"
    )
    with pytest.raises(ParameterError, match="split applies to xlsx"):
        export(seed_plans, tmp_path, format="csv", split=True)
    assert list(tmp_path.iterdir()) == []


def test_a_report_out_whose_suffix_says_another_format_is_refused(capsys, tmp_path):
    line = _mistake(
        ["report", str(DATA), "--out", str(tmp_path / "r.pdf"), "--format", "html"], capsys
    )
    assert "ends in .pdf, but the report format is html" in line
    line = _mistake(["report", str(DATA), "--out", str(tmp_path / "r.txt")], capsys)
    assert "ends in .txt" in line and "name the file *.html" in line
    assert list(tmp_path.iterdir()) == []


# --- help that teaches: every option's default, examples at the end --------------------------


def _commands():
    parser = build_parser()
    return parser, parser._subparsers._group_actions[0].choices


def test_every_option_says_its_default_and_every_command_ends_with_examples():
    parser, commands = _commands()
    for name, command in [("cpcanalysis", parser), *commands.items()]:
        for action in command._actions:
            if isinstance(action, argparse._HelpAction | argparse._VersionAction):
                continue
            if isinstance(action, argparse._SubParsersAction):
                continue
            said = action.help or ""
            assert "(default: " in said or "(required)" in said, (name, action.dest)
        text = command.format_help()
        epilog = text.split("examples:")[-1]
        assert "examples:" in text and "cpcanalysis " in epilog, name


def test_help_shows_the_defaults_that_matter(capsys):
    assert main(["report", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "(default: data)" in text and "(default: reports/comparison.html" in text
    assert main(["export", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "csv-excel" in text and "(default: parquet)" in text
    assert "(default: reports/tables)" in text


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
