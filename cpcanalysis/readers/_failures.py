"""What the binary-format readers say when a file cannot be read, and how parser crashes become it.

Third-party parsers (openpyxl, python-docx, lxml, pdfminer) fail on damaged files with whatever
exception their internals hit first (``KeyError``, ``struct.error``, ``zlib.error``...). A reader
wraps its parsing in :func:`converting_failures`, so the caller only ever sees a
:class:`~cpcanalysis.errors.ReadError` that names the file, the format and the original failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cpcanalysis.errors import (
    CorruptFileError,
    CpcError,
    EncryptedFileError,
    NoTableError,
    ScannedPdfError,
)

__all__ = [
    "CorruptFileError",
    "EncryptedFileError",
    "NoTableError",
    "ScannedPdfError",
    "converting_failures",
]


@contextmanager
def converting_failures(path: Path, what: str, hint: str | None = None) -> Iterator[None]:
    """Turn any exception other than our own raised inside the block into a CorruptFileError.

    ``what`` names the format as a user knows it ("Excel workbook", "Word document").
    """
    try:
        yield
    except CpcError:
        raise
    except Exception as exc:  # third-party parsers raise anything on damaged input
        detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        reason = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
        raise CorruptFileError(
            f"cannot be read as a {what}; it may be damaged or truncated ({reason})",
            path=path,
            hint=hint or f"open it in the program that made it and save a fresh copy as a {what}",
        ) from exc
