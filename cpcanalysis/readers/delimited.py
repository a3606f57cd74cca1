"""Delimited text (TSV, CSV, semicolon- or pipe-separated): one RawRow per record.

The delimiter is sniffed from the first lines (the character that splits them most consistently)
unless the manifest gives one. Quoted fields may hold line breaks; a record's ``line`` is the
1-based line where it starts.
"""

from __future__ import annotations

import _csv
import csv
import io
from itertools import islice
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.readers.contract import RawDocument, RawRow, ReadHints
from cpcanalysis.readers.decoding import read_text

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
    text, encoding = read_text(path, hints.encoding)
    delimiter = hints.delimiter or sniff_delimiter(text)
    if delimiter is None:
        raise ReadError(
            "no delimiter found: the lines do not split into columns on tab, comma, semicolon "
            "or pipe",
            path=path,
            hint="is this a table? set delimiter in the manifest if it uses another",
        )
    reader = _records(text, delimiter)
    rows: list[RawRow] = []
    try:
        for record in reader:
            start_line = reader.line_num - sum(field.count("\n") for field in record)
            if not any(cell.strip() for cell in record):
                continue
            rows.append(RawRow("row", tuple(record), start_line))
    except csv.Error as exc:
        raise ReadError(
            f"malformed delimited text: {exc}", path=path, row=reader.line_num
        ) from None
    fmt = {"\t": "tsv", ",": "csv"}.get(delimiter, "delimited")
    return RawDocument(path=path, format=fmt, rows=rows, encoding=encoding)
