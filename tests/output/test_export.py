import hashlib
import os

import polars as pl
import pytest

from cpcanalysis.output import export_tables, render_table, write_atomic
from cpcanalysis.schema import TABLES


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_exporting_twice_gives_identical_bytes(seed_plans, tmp_path, fmt):
    first = export_tables(seed_plans.tables(), tmp_path / "a", fmt).paths
    second = export_tables(seed_plans.tables(), tmp_path / "b", fmt).paths
    assert [p.name for p in first] == [f"{t}.{fmt}" for t in TABLES if t in seed_plans.tables()]
    assert list(_digest(first).values()) == list(_digest(second).values())


def test_parquet_round_trip_keeps_types_and_values(seed_plans, tmp_path):
    export_tables(seed_plans.tables(), tmp_path, "parquet")
    back = pl.read_parquet(tmp_path / "actions.parquet")
    assert back.schema == seed_plans.actions.schema
    assert back.equals(seed_plans.actions)


def test_csv_joins_list_columns(seed_plans):
    text = render_table(seed_plans.actions, "csv").data.decode()
    assert "Debbie Chambers; Stephen Metcalfe" in text


def test_xlsx_reads_back(seed_plans, tmp_path):
    export_tables({"plans": seed_plans.plans}, tmp_path, "xlsx")
    back = pl.read_excel(tmp_path / "plans.xlsx")
    assert back["plan_id"].to_list() == seed_plans.plans["plan_id"].to_list()


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    out = tmp_path / "report.html"
    out.write_text("old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(out, b"new")
    assert out.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]
    monkeypatch.undo()
    write_atomic(tmp_path / "sub" / "r.html", b"new")
    assert (tmp_path / "sub" / "r.html").read_text() == "new"


def test_written_files_get_the_permissions_of_any_new_file(tmp_path):
    # a temporary file is private (0600); a table or report written for others must not be
    old = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "t.csv", b"a\n")
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644


# --- plan text is data, never code, in a spreadsheet program (hostile input) ---------------


@pytest.fixture(scope="module")
def formula_plans(tmp_path_factory):
    from support.hostile import formula_plan

    from cpcanalysis import load

    return load(formula_plan(tmp_path_factory.mktemp("hostile")))


def _text_cells(frame: pl.DataFrame) -> list[str]:
    flat = frame.with_columns(
        pl.col(n).list.join("; ") for n, t in frame.schema.items() if t == pl.List(pl.String)
    )
    return [v for n, t in flat.schema.items() if t == pl.String for v in flat[n].drop_nulls()]


def test_xlsx_writes_formula_and_link_text_as_plain_strings(formula_plans, tmp_path):
    import openpyxl

    tables = formula_plans.tables()
    export_tables(tables, tmp_path, "xlsx")
    risky = 0
    for name, frame in tables.items():
        sheet = openpyxl.load_workbook(tmp_path / f"{name}.xlsx")["data"]
        cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
        assert all(c.data_type != "f" for c in cells), name  # no live formula
        assert all(c.hyperlink is None for c in cells), name  # no automatic link
        written = {c.value for c in cells if isinstance(c.value, str)}
        for text in _text_cells(frame):
            if 0 < len(text) <= 32_767:
                assert text in written, (name, text)  # the text itself, prefix kept
                risky += text[:1] in "=+-@" or text.startswith(("http", "mailto", "external"))
    assert risky >= 10


def test_xlsx_splits_a_cell_over_excels_limit_and_says_so(formula_plans, tmp_path):
    import openpyxl
    from support.hostile import LONG_CELL

    result = export_tables({"actions": formula_plans.actions}, tmp_path, "xlsx")
    assert result.notes == [
        "actions.xlsx: 1 cell(s) of column 'update_text' hold more than Excel's 32,767 "
        "characters: each continues in 'update_text (2)'"
    ]
    sheet = openpyxl.load_workbook(tmp_path / "actions.xlsx")["data"]
    header = [c.value for c in sheet[1]]
    first, second = header.index("update_text"), header.index("update_text (2)")
    assert second == first + 1
    joined = [
        "".join(row[i] or "" for i in (first, second))
        for row in sheet.iter_rows(min_row=2, values_only=True)
    ]
    assert LONG_CELL.strip() in joined


def test_csv_neutralises_cells_a_spreadsheet_would_run(formula_plans):
    import csv
    import io

    from cpcanalysis.output.tables import FORMULA_PREFIXES

    frame = formula_plans.actions
    safe = list(csv.reader(io.StringIO(render_table(frame, "csv").data.decode())))
    raw = list(csv.reader(io.StringIO(render_table(frame, "csv", raw=True).data.decode())))
    changed = 0
    for safe_row, raw_row in zip(safe[1:], raw[1:], strict=True):
        for s, r in zip(safe_row, raw_row, strict=True):
            assert not s.startswith(FORMULA_PREFIXES)
            if r.startswith(FORMULA_PREFIXES):
                assert s == "'" + r
                changed += 1
            else:
                assert s == r
    assert changed >= 6
    assert "=cmd|' /C calc'!A0" in {c for row in raw for c in row}


def test_cli_export_raw_writes_text_as_read_and_reports_split_cells(tmp_path, capsys):
    from support.hostile import formula_plan

    from cpcanalysis.cli import main

    plan = formula_plan(tmp_path)
    assert main(["export", str(plan), "--out", str(tmp_path / "x"), "--format", "xlsx"]) == 0
    assert "warning: actions.xlsx: 1 cell(s) of column 'update_text'" in capsys.readouterr().err
    assert main(["export", str(plan), "--out", str(tmp_path / "c"), "--format", "csv"]) == 0
    assert (
        main(["export", str(plan), "--out", str(tmp_path / "r"), "--format", "csv", "--raw"]) == 0
    )
    safe = (tmp_path / "c" / "actions.csv").read_text(encoding="utf-8")
    raw = (tmp_path / "r" / "actions.csv").read_text(encoding="utf-8")
    assert "'=cmd|' /C calc'!A0" in safe
    assert "'=cmd" not in raw and "=cmd|' /C calc'!A0" in raw
