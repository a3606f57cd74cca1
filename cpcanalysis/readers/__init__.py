"""Readers: one module per format, each turning a file into a :class:`RawDocument`.

Each format module exposes ``read(path: Path, hints: ReadHints) -> RawDocument`` and raises only
:class:`cpcanalysis.errors.ReadError` (or its subclasses). This module picks the reader from the
file's suffix (or the manifest's ``format`` hint) and applies the checks every format shares:
the file exists, is not empty, and is not larger than the size limit.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.readers._budget import document_budget
from cpcanalysis.readers.contract import DEFAULT_MAX_BYTES, RawDocument, RawRow, ReadHints

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READERS",
    "RawDocument",
    "RawRow",
    "ReadHints",
    "file_sha256",
    "read_document",
]

# suffix -> module in this package; the module is imported only when a file needs it
READERS: dict[str, str] = {
    ".tsv": "delimited",
    ".csv": "delimited",
    ".tab": "delimited",
    ".txt": "markdown",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xlsx": "excel",
    ".xlsm": "excel",
    ".xls": "excel",
    ".ods": "excel",
    ".docx": "word",
    ".odt": "odt",
    ".doc": "converted",
    ".rtf": "converted",
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
}


def read_document(path: str | Path, hints: ReadHints | None = None) -> RawDocument:
    """Read one plan file into raw rows, choosing the reader from the suffix or the hints."""
    hints = hints or ReadHints()
    path = Path(path)
    _check_file(path, hints)
    module = _reader(path, hints)
    try:
        with document_budget():
            doc = module.read(path, hints)
    except ReadError as exc:
        if exc.path is not None:
            raise
        # raised below the reader (a budget, a shared helper): name the file here
        raise type(exc)(
            exc.message, path=path, row=exc.row, column=exc.column, hint=exc.hint
        ) from None
    doc.sha256 = file_sha256(path)
    return doc


def _check_file(path: Path, hints: ReadHints) -> None:
    """A file that exists, is not empty and is within the size limit."""
    if not path.exists():
        raise ReadError("file not found", path=path, hint="check the path or the manifest entry")
    if not path.is_file():
        raise ReadError("not a file", path=path)
    size = path.stat().st_size
    if size == 0:
        raise ReadError("file is empty", path=path)
    if size > hints.max_bytes:
        raise ReadError(
            f"file is {size:,} bytes, over the limit of {hints.max_bytes:,} bytes",
            path=path,
            hint="raise max_bytes in the manifest entry or with --max-bytes",
        )


def _reader(path: Path, hints: ReadHints):
    """The reader module for the file's suffix (or the format hint), checked against hints."""
    suffix = f".{hints.format}" if hints.format else path.suffix.lower()
    module_name = READERS.get(suffix)
    if module_name is None:
        known = ", ".join(sorted(READERS))
        raise ReadError(
            f"no reader for files ending {suffix or '(no suffix)'!r}",
            path=path,
            hint=f"known suffixes: {known}; or set format in the manifest",
        )
    if hints.pages is not None and module_name != "pdf":
        raise ReadError(
            f"hints.pages chooses pages of a PDF, but this is a {suffix} file, which stores no "
            "pages",
            path=path,
            hint="remove hints.pages, or choose the plan's table with hints.table = N",
        )
    try:
        module = importlib.import_module(f"cpcanalysis.readers.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"cpcanalysis.readers.{module_name}":
            raise
        raise ReadError(f"the {module_name} reader is not available yet", path=path) from None
    return module


def file_sha256(path: Path) -> str:
    """SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
