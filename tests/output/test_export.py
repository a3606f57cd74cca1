"""Exports: every format byte-identical for identical inputs, text never a formula or a link,
long cells split with a note, CSV for Excel with a byte-order mark."""

import csv
import hashlib

import polars as pl
import pytest

from cpcanalysis.output import WORKBOOK_NAME, export_tables, render_table
from cpcanalysis.schema import TABLES


def _digest(paths):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.mark.parametrize(
    ("fmt", "split", "suffix"),
    [
        ("parquet", False, "parquet"),
        ("csv", False, "csv"),
        ("csv-excel", False, "csv"),
        ("xlsx", True, "xlsx"),
    ],
)
def test_exporting_twice_gives_identical_bytes(seed_plans, tmp_path, fmt, split, suffix):
    first = export_tables(seed_plans.tables(), tmp_path / "a", fmt, split=split).paths
    second = export_tables(seed_plans.tables(), tmp_path / "b", fmt, split=split).paths
    assert [p.name for p in first] == [f"{t}.{suffix}" for t in TABLES if t in seed_plans.tables()]
    assert list(_digest(first).values()) == list(_digest(second).values())


def test_the_shared_workbook_is_one_file_and_byte_identical(seed_plans, tmp_path):
    from cpcanalysis.slippage import slippage_tables

    tables = seed_plans.tables() | slippage_tables(seed_plans.actions, seed_plans.plans)
    first = export_tables(tables, tmp_path / "a", "xlsx").paths
    second = export_tables(tables, tmp_path / "b", "xlsx").paths
    assert [p.name for p in first] == [WORKBOOK_NAME] == [p.name for p in second]
    assert first[0].read_bytes() == second[0].read_bytes()
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == [WORKBOOK_NAME]


def test_csv_for_excel_has_a_bom_and_round_trips_non_ascii_text(tmp_path):
    texts = ["council’s – plan", "Ménage à trois", "Zoë Ørsted", "日本語", "=1+1 ünïcode"]
    frame = pl.DataFrame(
        {
            "plan_id": ["p"] * len(texts),
            "source_path": ["raw/é.csv"] * len(texts),
            "severity": ["info"] * len(texts),
            "code": ["not_in_manifest"] * len(texts),
            "message": texts,
        }
    )
    (path,) = export_tables({"issues": frame}, tmp_path, "csv-excel").paths
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0].keys() >= {"plan_id", "message"}  # the BOM is not part of the first header
    assert [r["message"] for r in rows] == [*texts[:-1], "'=1+1 ünïcode"]  # OWASP rule kept
    plain = export_tables({"issues": frame}, tmp_path / "plain", "csv").paths[0].read_bytes()
    assert data == b"\xef\xbb\xbf" + plain  # otherwise the very same bytes as plain CSV
    raw = export_tables({"issues": frame}, tmp_path / "raw", "csv-excel", raw=True).paths[0]
    with raw.open(encoding="utf-8-sig", newline="") as handle:
        assert [r["message"] for r in csv.DictReader(handle)] == texts


def test_parquet_round_trip_keeps_types_and_values(seed_plans, tmp_path):
    export_tables(seed_plans.tables(), tmp_path, "parquet")
    back = pl.read_parquet(tmp_path / "actions.parquet")
    assert back.schema == seed_plans.actions.schema
    assert back.equals(seed_plans.actions)


def test_csv_joins_list_columns(seed_plans):
    text = render_table(seed_plans.actions, "csv").data.decode()
    assert "Debbie Chambers; Stephen Metcalfe" in text


def test_xlsx_reads_back(seed_plans, tmp_path):
    export_tables({"plans": seed_plans.plans}, tmp_path, "xlsx", split=True)
    back = pl.read_excel(tmp_path / "plans.xlsx")
    assert back["plan_id"].to_list() == seed_plans.plans["plan_id"].to_list()


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


def _sheets(folder, tables, split):
    """Each table's worksheet: from its own file (split), or from the shared workbook."""
    import openpyxl

    from cpcanalysis.output.workbook import sheet_name

    if split:
        return {n: openpyxl.load_workbook(folder / f"{n}.xlsx")["data"] for n in tables}
    book = openpyxl.load_workbook(folder / WORKBOOK_NAME)
    return {n: book[sheet_name(n)] for n in tables}


@pytest.mark.parametrize("split", [True, False], ids=["split", "workbook"])
def test_xlsx_writes_formula_and_link_text_as_plain_strings(formula_plans, tmp_path, split):
    tables = formula_plans.tables()
    export_tables(tables, tmp_path, "xlsx", split=split)
    risky = 0
    for name, frame in tables.items():
        sheet = _sheets(tmp_path, {name: frame}, split)[name]
        cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value is not None]
        assert all(c.data_type != "f" for c in cells), name  # no live formula
        assert all(c.hyperlink is None for c in cells), name  # no automatic link
        written = {c.value for c in cells if isinstance(c.value, str)}
        for text in _text_cells(frame):
            if 0 < len(text) <= 32_767:
                assert text in written, (name, text)  # the text itself, prefix kept
                risky += text[:1] in "=+-@" or text.startswith(("http", "mailto", "external"))
    assert risky >= 10


@pytest.mark.parametrize("split", [True, False], ids=["split", "workbook"])
def test_xlsx_splits_a_cell_over_excels_limit_and_says_so(formula_plans, tmp_path, split):
    from support.hostile import LONG_CELL

    result = export_tables({"actions": formula_plans.actions}, tmp_path, "xlsx", split=split)
    where = "actions.xlsx: " if split else f"{WORKBOOK_NAME}: sheet 'actions': "
    assert result.notes == [
        f"{where}1 cell(s) of column 'update_text' hold more than Excel's 32,767 "
        "characters: each continues in 'update_text (2)'"
    ]
    sheet = _sheets(tmp_path, {"actions": None}, split)["actions"]
    header = [c.value for c in sheet[1]]
    names = ("update_text", "update_text (2)") if split else ("Update", "Update (2)")
    first, second = header.index(names[0]), header.index(names[1])
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
    args = ["export", str(plan), "--out", str(tmp_path / "x"), "--format", "xlsx"]
    assert main([*args, "--split"]) == 0
    assert "warning: actions.xlsx: 1 cell(s) of column 'update_text'" in capsys.readouterr().err
    assert main(args) == 0
    err = capsys.readouterr().err
    assert f"warning: {WORKBOOK_NAME}: sheet 'actions': 1 cell(s) of column 'update_text'" in err
    assert main(["export", str(plan), "--out", str(tmp_path / "c"), "--format", "csv"]) == 0
    assert (
        main(["export", str(plan), "--out", str(tmp_path / "r"), "--format", "csv", "--raw"]) == 0
    )
    safe = (tmp_path / "c" / "actions.csv").read_text(encoding="utf-8")
    raw = (tmp_path / "r" / "actions.csv").read_text(encoding="utf-8")
    assert "'=cmd|' /C calc'!A0" in safe
    assert "'=cmd" not in raw and "=cmd|' /C calc'!A0" in raw
