import hashlib
import os

import polars as pl
import pytest

from cpcanalysis.export import export_tables, render_table, write_atomic
from cpcanalysis.schema import TABLES


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.mark.parametrize("fmt", ["parquet", "csv", "xlsx"])
def test_exporting_twice_gives_identical_bytes(seed_plans, tmp_path, fmt):
    first = export_tables(seed_plans.tables(), tmp_path / "a", fmt)
    second = export_tables(seed_plans.tables(), tmp_path / "b", fmt)
    assert [p.name for p in first] == [f"{t}.{fmt}" for t in TABLES if t in seed_plans.tables()]
    assert list(_digest(first).values()) == list(_digest(second).values())


def test_parquet_round_trip_keeps_types_and_values(seed_plans, tmp_path):
    export_tables(seed_plans.tables(), tmp_path, "parquet")
    back = pl.read_parquet(tmp_path / "actions.parquet")
    assert back.schema == seed_plans.actions.schema
    assert back.equals(seed_plans.actions)


def test_csv_joins_list_columns(seed_plans):
    text = render_table(seed_plans.actions, "csv").decode()
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
