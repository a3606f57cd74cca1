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
    pages: tuple[int, int] | None = None  # first and last page to read, 1-based (PDF)
    header_row: int | None = None  # 1-based row of the header, when it cannot be found
    max_bytes: int = DEFAULT_MAX_BYTES
    extra: dict = field(default_factory=dict)


class UnderHeading:
    """Which prose a document reader emits: the first paragraph under a heading or bold line
    when a table follows it before the next heading (the recommendation's text under
    "Recommendation 2 – Financial resilience", above that recommendation's actions), as a
    ``heading`` row flagged ``paragraph``, placed just before the table; no other prose (the
    paragraphs of a committee report's sections stay out, "Portfolio holder: ..." included).

    A reader calls :meth:`row` for each non-blank paragraph in order, with the heading row it
    makes of it (None for prose), and emits what it returns; and :meth:`table` before each
    table, emitting what that returns before the table's rows.
    """

    def __init__(self) -> None:
        self._open = False  # a heading was read, and no table since
        self._held: RawRow | None = None  # the first paragraph under it

    def row(
        self, heading: RawRow | None, text: str, line: int, flags: tuple[str, ...] = ()
    ) -> list[RawRow]:
        """The rows to emit now for this paragraph."""
        if heading is not None:
            self._open, self._held = True, None
            return [heading]
        if self._open and self._held is None:
            words = " ".join(text.split())
            self._held = RawRow("heading", (words,), line, None, ("paragraph", *flags))
        return []

    def table(self) -> list[RawRow]:
        """The rows to emit before the table that comes next."""
        held = [self._held] if self._held is not None else []
        self._open, self._held = False, None
        return held
