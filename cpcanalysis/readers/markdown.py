"""Markdown and plain-text plans: headings, bold lines, paragraphs and tables in reading order.

- ``# ...`` to ``###### ...`` headings and lines that are wholly bold (``**...**``) become
  ``heading`` rows flagged ``h1``..``h6`` or ``bold``; other prose lines become ``heading`` rows
  flagged ``paragraph`` (structure decides what they mean).
- A line holding a tab is a row of a tab-separated table; ``| a | b |`` lines are a pipe table
  (the ``|---|`` rule is skipped, ``<br>`` inside a cell becomes a line break).
- A line outside tables that reads as a colour legend ("Green = complete, Amber = on track")
  fills ``RawDocument.legend`` (:mod:`._legend`); the line is still emitted.
"""

from __future__ import annotations

import re
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.readers._budget import charge, check_columns
from cpcanalysis.readers._legend import legend_in_lines
from cpcanalysis.readers.contract import Note, RawDocument, RawRow, ReadHints
from cpcanalysis.readers.decoding import decode_text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*(\*\*|__)(.+?)\1\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)


def _pipe_cells(line: str) -> tuple[str, ...]:
    body = line.strip()
    body = body.removeprefix("|").removesuffix("|")
    return tuple(_BR.sub("\n", cell).strip() for cell in re.split(r"(?<!\\)\|", body))


def parse_line(line: str, number: int) -> RawRow | None:
    """One source line as a RawRow, or None for a blank line or a table rule."""
    if not line.strip():
        return None
    if "\t" in line:
        return RawRow("row", tuple(line.split("\t")), number)
    if line.lstrip().startswith("|"):
        if _PIPE_RULE.match(line):
            return None
        return RawRow("row", _pipe_cells(line), number)
    if m := _HEADING.match(line):
        return RawRow("heading", (m.group(2),), number, flags=(f"h{len(m.group(1))}",))
    if m := _BOLD_LINE.match(line):
        return RawRow("heading", (m.group(2).strip(),), number, flags=("bold",))
    return RawRow("heading", (line.strip(),), number, flags=("paragraph",))


def read(path: Path, hints: ReadHints) -> RawDocument:
    decoded = decode_text(path, hints.encoding)
    rows = []
    for number, line in enumerate(decoded.text.split("\n"), start=1):
        row = parse_line(line, number)
        if row is not None:
            check_columns(len(row.cells), f"line {number}")
            charge(len(row.cells), f"the cells up to line {number}")
            rows.append(row)
    if not rows:
        raise ReadError("file holds only blank lines", path=path)
    legend = legend_in_lines(row.cells[0] for row in rows if row.kind == "heading")
    notes = decoded.notes + _truncation(path, decoded.text, rows)
    return RawDocument(
        path=path,
        format="markdown",
        rows=rows,
        encoding=decoded.encoding,
        legend=legend,
        notes=notes,
    )


def _truncation(path: Path, text: str, rows: list[RawRow]) -> list[Note]:
    """A note when the file ends, without its line break, on a table row shorter than the
    row above it (a pipe row cut before its closing ``|``): it may have been cut short."""
    if text.endswith("\n") or len(rows) < 2 or rows[-1].kind != "row" or rows[-2].kind != "row":
        return []
    last_line = text.rsplit("\n", 1)[-1].rstrip()
    cut = last_line.lstrip().startswith("|") and not last_line.endswith("|")
    if not cut and len(rows[-1].cells) >= len(rows[-2].cells):
        return []
    return [
        Note(
            "truncated_text",
            f"{path.name}: the file ends mid-row, without a line break (line {rows[-1].line}); "
            "it may have been cut short",
        )
    ]
