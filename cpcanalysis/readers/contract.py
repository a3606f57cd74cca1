"""The contract between readers and structure detection.

What a reader is given: the file and the :class:`ReadHints` of its manifest entry. What it
gives back: a :class:`RawDocument`, an ordered stream of :class:`RawRow` items,
every cell an untouched string, each row knowing where it came from. Readers never interpret
roles, numbering or dates; that is the job of :mod:`cpcanalysis.structure`.

Row kinds:
- ``"row"``: a table row (header rows included; structure finds the header);
- ``"heading"``: text outside a table that may give context (a markdown heading, a bold line, a
  Word heading, a full-width HTML row; flagged ``paragraph``, the prose paragraph under a
  heading, see :class:`UnderHeading`). ``cells`` then holds one string.

Readers also report what they observed or repaired as :class:`Note` items (a code of
``ISSUE_CODES`` and words for people), which become ``info`` rows of the issues table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

RowKind = Literal["row", "heading"]


@dataclass(frozen=True)
class RawRow:
    kind: RowKind
    cells: tuple[str, ...]
    line: int  # 1-based line (text formats) or row number (sheets, tables) in the source
    table: str | None = None  # sheet name, "table 2", "page 3 table 1"...; None for one-table files
    flags: tuple[str, ...] = ()  # e.g. ("hidden",) for hidden spreadsheet rows, ("bold",)


@dataclass(frozen=True)
class Note:
    """What a reader observed about the file, for the issues table: a code of
    :data:`cpcanalysis.schema.ISSUE_CODES` and words for people."""

    code: str
    message: str


@dataclass
class RawDocument:
    path: Path
    format: str  # "tsv", "csv", "markdown", "xlsx", "docx", "pdf", "html", ...
    rows: list[RawRow]
    encoding: str | None = None
    notes: list[Note] = field(default_factory=list)  # reader-level observations (info issues)
    # a colour/status legend found in the file (a legend sheet): label -> its meaning as written
    legend: dict[str, str] = field(default_factory=dict)
    sha256: str | None = None  # of the file's bytes, set by read_document


DEFAULT_MAX_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class ReadHints:
    """What the manifest may tell a reader that it cannot infer."""

    format: str | None = None  # force a reader: a key of READERS without the dot
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    table: int | None = None  # 1-based table index (HTML, Word, PDF)
    header_row: int | None = None  # 1-based row of the header, when it cannot be found
    max_bytes: int = DEFAULT_MAX_BYTES
    extra: dict = field(default_factory=dict)


class UnderHeading:
    """Which prose a document reader emits: the first paragraph under a heading or bold line
    (it may be what the heading titles: "Recommendation 2 – Financial resilience" then the
    recommendation's sentence), as a ``heading`` row flagged ``paragraph``; no other prose.

    A reader calls :meth:`row` for each non-blank paragraph in order, with the heading row it
    makes of it (None for prose), and :meth:`table` after each table.
    """

    def __init__(self) -> None:
        self._open = False  # a heading was the last thing read

    def row(self, heading: RawRow | None, text: str, line: int, flags: tuple[str, ...] = ()):
        """The row to emit for this paragraph, or None."""
        if heading is not None:
            self._open = True
            return heading
        if not self._open:
            return None
        self._open = False
        return RawRow("heading", (" ".join(text.split()),), line, None, ("paragraph", *flags))

    def table(self) -> None:
        self._open = False
