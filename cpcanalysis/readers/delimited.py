"""Delimited text (TSV, CSV, semicolon- or pipe-separated): one RawRow per record.

The delimiter is sniffed from the first lines (the character that splits them most consistently)
unless the manifest gives one. Quoted fields may hold line breaks; a record's ``line`` is the
1-based line where it starts. Every record is charged to the cell budget (:mod:`._budget`); a file
that ends mid-row (an unclosed quote, a short last line without its line break) gets a note, as
does every repair made while decoding (:mod:`.decoding`).
"""

from __future__ import annotations

import _csv
import csv
import io
from itertools import islice
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.readers._budget import charge, check_columns
from cpcanalysis.readers.contract import Note, RawDocument, RawRow, ReadHints
from cpcanalysis.readers.decoding import decode_text

CANDIDATE_DELIMITERS = ("\t", ",", ";", "|")
# a cell may be as long as the file (the size limit bounds it), not csv's default 128 KiB
csv.field_size_limit(2**31 - 1)


def _records(text: str, delimiter: str) -> _csv.Reader:
    return csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)


def sniff_delimiter(text: str) -> str | None:
    """The candidate that splits the first non-blank records into the same number (>1) of
    fields. Records, not lines: a quoted cell may hold line breaks."""
    best: tuple[float, str] | None = None
    for delim in CANDIDATE_DELIMITERS:
        try:
            records = [r for r in islice(_records(text, delim), 40) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        counts = [len(r) for r in records[:20]]
        if not counts or max(counts) < 2:
            continue
        header = counts[0]
        agreeing = sum(1 for c in counts if c == header) / len(counts)
        score = agreeing + (0.01 if header > 1 else 0)
        if best is None or score > best[0]:
            best = (score, delim)
    return best[1] if best else None


def read(path: Path, hints: ReadHints) -> RawDocument:
    decoded = decode_text(path, hints.encoding)
    text = decoded.text
    delimiter = hints.delimiter or sniff_delimiter(text)
    if delimiter is None:
        raise ReadError(
            "no delimiter found: the lines do not split into columns on tab, comma, semicolon "
            "or pipe",
            path=path,
            hint="is this a table? set delimiter in the manifest if it uses another",
        )
    rows = _rows(path, text, delimiter)
    fmt = {"\t": "tsv", ",": "csv"}.get(delimiter, "delimited")
    notes = decoded.notes + _truncation(path, text, delimiter, rows)
    return RawDocument(path=path, format=fmt, rows=rows, encoding=decoded.encoding, notes=notes)


def _rows(path: Path, text: str, delimiter: str) -> list[RawRow]:
    reader = _records(text, delimiter)
    rows: list[RawRow] = []
    try:
        for record in reader:
            start_line = reader.line_num - sum(field.count("\n") for field in record)
            if not any(cell.strip() for cell in record):
                continue
            check_columns(len(record), f"line {start_line}")
            charge(len(record), f"the fields up to line {start_line}")
            rows.append(RawRow("row", tuple(record), start_line))
    except csv.Error as exc:
        raise ReadError(
            f"malformed delimited text: {exc}", path=path, row=reader.line_num
        ) from None
    return rows


def _truncation(path: Path, text: str, delimiter: str, rows: list[RawRow]) -> list[Note]:
    """A note when the file ends mid-row: inside a quoted field that never closes (the rest of
    the file then sits in one cell), or on a last line, without its line break, that has fewer
    fields than the header. Either way the file may have been cut short."""
    if not rows:
        return []
    last = rows[-1]
    tail = "\n".join(text.split("\n")[last.line - 1 :])
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return [_ends_mid_row(path, last.line, "inside a quoted field that is never closed")]
    if not text.endswith("\n") and len(rows) > 1 and len(last.cells) < len(rows[0].cells):
        return [
            _ends_mid_row(
                path,
                last.line,
                f"without a line break, on a line of {len(last.cells)} of the header's "
                f"{len(rows[0].cells)} fields",
            )
        ]
    return []


def _ends_mid_row(path: Path, line: int, how: str) -> Note:
    return Note(
        "truncated_text",
        f"{path.name}: the file ends {how} (line {line}); it may have been cut short",
    )
