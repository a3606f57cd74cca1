"""Hostile and faulty input (issue 16): tiny files that describe huge tables are refused with a
one-line error naming the file and the limit before memory is spent, within 1 GB of address
space measured in a subprocess; and nothing is lost without a word (deep HTML, decoding
fallbacks, control characters, files cut short, 5,006 headers)."""

import json
import subprocess
import sys

import pytest
from support import hostile
from support.paths import ROOT

from cpcanalysis import load
from cpcanalysis.errors import CpcError, ReadError
from cpcanalysis.readers import read_document
from cpcanalysis.readers._budget import MAX_CELLS, MAX_COLUMNS, CellLimitError

BOUND = 1024**3  # bytes of address space a read may add to the process (docs/benchmarks.md)

# loads every reader's libraries, then limits the address space to what they took + BOUND
_CHILD = """
import json, resource, sys
from pathlib import Path
import docx, fastexcel, lxml.html, openpyxl, pdfminer.pdfinterp, pdfplumber.table, polars
from cpcanalysis.errors import CpcError
from cpcanalysis.readers import read_document
polars.DataFrame({"a": [1, 2]}).sum()  # start polars' threads before the limit
taken = int(open("/proc/self/statm").read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (taken + int(sys.argv[2]),) * 2)
try:
    read_document(Path(sys.argv[1]))
    outcome = "read"
except CpcError as error:
    outcome = str(error)
except MemoryError:
    outcome = "MemoryError"
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({"outcome": outcome, "peak": peak}))
"""


def _read_in_a_bounded_process(path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(BOUND)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    ("build", "limit_words"),
    [
        (hostile.far_cell_xlsx, f"over the limit of {MAX_COLUMNS:,}"),
        (hostile.many_cells_xlsx, f"over the limit of {MAX_CELLS:,} cells"),
        (hostile.grid_before_docx, f"over the limit of {MAX_COLUMNS:,}"),
        (hostile.span_html, f"over the limit of {MAX_CELLS:,} cells"),
        (hostile.repeated_ods, f"over the limit of {MAX_CELLS:,} cells"),
        (hostile.repeated_odt, f"over the limit of {MAX_CELLS:,} cells"),
        (hostile.inflating_pdf, "inflate to over 134,217,728 bytes, over the limit"),
        (hostile.encrypted_inflating_pdf, "inflate to over 134,217,728 bytes, over the limit"),
        (hostile.busy_pdf, "more than 200,000 characters and lines, over the limit"),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_a_tiny_file_describing_a_huge_table_is_refused_within_the_memory_bound(
    tmp_path, build, limit_words
):
    path = build(tmp_path)
    assert path.stat().st_size < 2 * 1024 * 1024  # kilobytes, not gigabytes
    result = _read_in_a_bounded_process(path)
    outcome = result["outcome"]
    assert outcome.startswith(f"{path}: "), outcome
    assert limit_words in outcome and "\n" not in outcome
    assert result["peak"] < BOUND


def test_the_budget_error_is_one_line_naming_the_file_and_the_limit(tmp_path):
    path = hostile.far_cell_xlsx(tmp_path)
    with pytest.raises(CellLimitError) as caught:
        read_document(path)
    assert str(caught.value) == (
        f"{path}: the used area of 'Sheet' has 16,384 columns, over the limit of 1,000 "
        "(a real plan is far smaller; the file may be damaged or built to exhaust memory)"
    )


def test_a_folder_load_reports_the_hostile_file_and_loads_the_others(tmp_path):
    raw = tmp_path / "data" / "raw"
    raw.mkdir(parents=True)
    hostile.repeated_ods(raw)
    (raw / "plan.csv").write_text(
        "Recommendation,Action,Timescale\n1. Agree a budget,Set savings,March 2025\n",
        encoding="utf-8",
    )
    plans = load(tmp_path / "data", errors="report", progress=False, themes=False)
    (message,) = plans.failed()["message"].to_list()
    assert message.startswith("raw/repeated.ods: the repeated rows of sheet 'Plan' would take")
    assert plans.actions.height == 1


# -- nothing lost without a word ----------------------------------------------------------------


def test_html_nested_past_the_default_parser_limit_is_read_whole(tmp_path):
    rows = read_document(hostile.deep_html(tmp_path, 300)).rows
    assert [r.cells for r in rows] == [
        ("Recommendation", "Action"),
        ("1. Nest", "deep text"),
        ("2. After the nesting", "Still read"),
    ]


def test_html_nested_past_any_limit_is_refused_not_cut_short(tmp_path):
    path = hostile.deep_html(tmp_path, 3000)
    with pytest.raises(ReadError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: the page is nested too deeply to read whole")
    assert "the rest of the page would be lost" in message and "\n" not in message


def test_a_stray_windows_1252_byte_is_read_as_such_and_noted(tmp_path):
    document = read_document(hostile.one_bad_byte_csv(tmp_path))
    assert document.rows[1].cells[0] == "1. Improve the council’s finances"  # still UTF-8
    assert document.rows[2].cells[0] == "2. Plan the council’s estate"  # 0x92 as Windows-1252
    assert [(n.code, n.message) for n in document.notes] == [
        (
            "encoding_fallback",
            "bad-byte.csv: 1 byte(s) that are not UTF-8 (the first, 0x92, on line 3) read as "
            "Windows-1252",
        )
    ]
    plans = load(hostile.one_bad_byte_csv(tmp_path), themes=False)
    assert "encoding_fallback" in plans.issues["code"].to_list()


def test_nul_bytes_after_the_first_64_kb_are_removed_with_a_note(tmp_path):
    path = hostile.nul_csv(tmp_path)
    assert path.read_bytes().index(b"\x00") > 65536
    document = read_document(path)
    assert document.rows[-1].cells[:2] == ("1501. Late recommendation", "Action")
    assert not any("\x00" in cell or "\x07" in cell for r in document.rows for cell in r.cells)
    assert [(n.code, n.message) for n in document.notes] == [
        ("control_characters", "nul.csv: 2 NUL byte(s) and 1 other control character(s) removed")
    ]


def test_a_binary_file_is_still_refused(tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(ReadError, match="looks binary"):
        read_document(path)


def test_utf16_with_its_byte_order_mark_is_text(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes("Recommendation\tAction\n1. Plan\tAct\n".encode("utf-16"))
    document = read_document(path, hints=None)
    assert [r.cells for r in document.rows] == [("Recommendation", "Action"), ("1. Plan", "Act")]


def test_files_cut_short_mid_row_are_flagged(tmp_path):
    quoted, short = hostile.truncated_csvs(tmp_path)
    notes = {path.name: read_document(path).notes for path in (quoted, short)}
    assert [(n.code, n.message) for n in notes["cut-in-quote.csv"]] == [
        (
            "truncated_text",
            "cut-in-quote.csv: the file ends inside a quoted field that is never closed "
            "(line 6); it may have been cut short",
        )
    ]
    assert [(n.code, n.message) for n in notes["cut-mid-line.csv"]] == [
        (
            "truncated_text",
            "cut-mid-line.csv: the file ends without a line break, on a line of 2 of the "
            "header's 5 fields (line 6); it may have been cut short",
        )
    ]
    whole = tmp_path / "whole.csv"
    whole.write_text("Recommendation,Action\n1. Plan,Act\n", encoding="utf-8")
    assert read_document(whole).notes == []


def test_a_markdown_table_cut_short_is_flagged(tmp_path):
    path = tmp_path / "cut.md"
    path.write_text("| Recommendation | Action |\n|---|---|\n| 1. Plan | Act |\n| 2. Pla", "utf-8")
    assert [n.code for n in read_document(path).notes] == ["truncated_text"]


def test_five_thousand_headers_give_a_short_one_line_error(tmp_path):
    path = hostile.wide_csv(tmp_path)
    with pytest.raises(CpcError) as caught:
        load(path, themes=False)
    message = str(caught.value)
    assert len(message) < 300 and "\n" not in message
    # load names the file as the issues table does (here, by its name)
    assert message.startswith(f"{path.name}: line 1 has 5,006 columns, over the limit of 1,000")
