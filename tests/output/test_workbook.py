"""The workbook to share, opened as a spreadsheet program would: openpyxl reads its sheets,
frozen headers, labels, number formats, widths and dictionary; LibreOffice (headless) converts
every sheet to CSV without error."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess

import openpyxl
import pytest

from cpcanalysis.output import WORKBOOK_NAME, export
from cpcanalysis.output.workbook import DICTIONARY_SHEET, README_SHEET, sheet_name
from cpcanalysis.schema import TABLES

EXPECTED_SHEETS = [
    "Read me",
    "Plans",
    "Recommendations",
    "Actions",
    "Issues",
    "Slippage",
    "Version matches",
    "Slippage summary",
    "Dictionary",
]


@pytest.fixture(scope="module")
def workbook(seed_plans, tmp_path_factory):
    out = tmp_path_factory.mktemp("workbook")
    exported = export(seed_plans, out, format="xlsx", slippage=True, as_of="2025-10-01")
    (path,) = exported.paths
    assert path.name == WORKBOOK_NAME
    return path


@pytest.fixture(scope="module")
def book(workbook):
    return openpyxl.load_workbook(workbook)


def _header(sheet) -> list[str]:
    return [c.value for c in sheet[1]]


def _column(sheet, label: str) -> list:
    index = _header(sheet).index(label)
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def test_sheets_in_order_with_frozen_headers_and_styled_tables(book):
    assert book.sheetnames == EXPECTED_SHEETS
    for name in EXPECTED_SHEETS[1:]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        (table,) = sheet.tables.values()
        assert table.tableStyleInfo.name == "TableStyleMedium2"
        assert table.ref.startswith("A1:"), name


def test_headers_are_the_field_labels(book, seed_plans):
    for table, fields in TABLES.items():
        if table == "measured":
            continue
        assert _header(book[sheet_name(table)]) == [f.label for f in fields], table
    actions = _header(book["Actions"])
    assert "Due date" in actions and "deadline_end" not in actions


def test_dates_are_dates_and_shares_are_percentages(book, seed_plans):
    actions = book["Actions"]
    due = [c for c in _column(actions, "Due date") if c.value is not None]
    assert due and all(isinstance(c.value, dt.datetime) for c in due)
    assert {c.number_format for c in due} == {"yyyy-mm-dd"}
    expected = seed_plans.actions["deadline_end"].drop_nulls().to_list()
    assert [c.value.date() for c in due] == expected

    summary = book["Slippage summary"]
    share = [c for c in _column(summary, "Share of actions complete") if c.value is not None]
    assert share and {c.number_format for c in share} == {"0.0%"}
    assert all(0 <= c.value <= 1 for c in share)
    judged = _column(summary, "Judged at")
    assert {c.value.date() for c in judged} == {dt.date(2025, 10, 1)}
    confidence = _column(book["Recommendations"], "Confidence")
    assert {c.number_format for c in confidence} == {"0.00"}
    counts = _column(book["Plans"], "Actions")
    assert [c.value for c in counts] == seed_plans.plans["n_actions"].to_list()


def test_lists_are_joined_and_long_text_wraps_in_fitted_columns(book, seed_plans):
    actions = book["Actions"]
    leads = {c.value for c in _column(actions, "Lead")}
    assert "Debbie Chambers; Stephen Metcalfe" in leads
    rows = {c.value for c in _column(actions, "Rows") if c.value}
    assert any(", " in value for value in rows)
    header = _header(actions)
    widths = {}
    for index, label in enumerate(header):
        letter = openpyxl.utils.get_column_letter(index + 1)
        widths[label] = actions.column_dimensions[letter].width
    assert all(w and w >= 6 for w in widths.values()), widths  # every width set
    assert widths["Update"] == pytest.approx(60, abs=1)  # long text: wrapped at 60
    assert widths["Due date"] < 15 < widths["Deadline as published"]
    update = [c for c in _column(actions, "Update") if c.value]
    assert all(c.alignment.wrap_text for c in update)


def test_dictionary_lists_every_exported_column(book):
    dictionary = book[DICTIONARY_SHEET]
    assert _header(dictionary) == [
        "Sheet",
        "Column",
        "Name",
        "Type",
        "Format",
        "Meaning",
        "Allowed values",
    ]
    listed = {(r[0], r[1], r[2]) for r in dictionary.iter_rows(min_row=2, values_only=True)}
    for name in EXPECTED_SHEETS[1:-1]:
        for label in _header(book[name]):
            assert any(s == name and c == label for s, c, _ in listed), (name, label)
    assert ("Actions", "Due date", "deadline_end") in listed
    assert len(listed) == sum(len(_header(book[n])) for n in EXPECTED_SHEETS[1:-1])
    status = next(r for r in dictionary.iter_rows(min_row=2, values_only=True) if r[2] == "status")
    assert "on_track (On track)" in status[6]


def test_read_me_names_tables_inputs_dates_and_version(book, seed_plans):
    import cpcanalysis

    text = [v for row in book[README_SHEET].iter_rows(values_only=True) for v in row if v]
    assert any(f"cpcanalysis {cpcanalysis.__version__}" in str(v) for v in text)
    for plan in seed_plans.plans.iter_rows(named=True):
        assert plan["sha256"] in text and plan["source_path"] in text
        assert dt.datetime.combine(plan["as_of"], dt.time()) in text
    assert "Slippage judged at 2025-10-01 for every action." in text
    for name in EXPECTED_SHEETS[1:]:
        assert name in text


def test_libreoffice_opens_the_workbook_and_converts_every_sheet(workbook, tmp_path, seed_plans):
    if shutil.which("soffice") is None:
        if os.environ.get("CPC_REQUIRE_SOFFICE"):
            pytest.fail("LibreOffice is required (CPC_REQUIRE_SOFFICE) but soffice is missing")
        pytest.skip("LibreOffice is not installed")
    profile = tmp_path / "profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    stem = workbook.stem
    written = {p.name for p in tmp_path.glob(f"{stem}-*.csv")}
    assert written == {f"{stem}-{name}.csv" for name in EXPECTED_SHEETS}, written
    with (tmp_path / f"{stem}-Actions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:3] == ["Document", "Council", "No."]
    assert len(rows) == seed_plans.actions.height + 1
    due = rows[0].index("Due date")
    assert {r[due] for r in rows[1:] if r[due]} == {
        d.isoformat() for d in seed_plans.actions["deadline_end"].drop_nulls()
    }
