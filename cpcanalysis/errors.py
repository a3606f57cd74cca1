"""One exception hierarchy for everything cpcanalysis refuses to do.

Every error says what went wrong, where (file, and sheet/table, row, column where they apply),
and, where we know it, how to fix it. The CLI prints ``str(error)`` on one line and exits 1.
"""

from __future__ import annotations

from pathlib import Path


class CpcError(Exception):
    """Base class: every error the package raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        row: int | None = None,
        column: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.row = row
        self.column = column
        self.hint = hint
        super().__init__(self._render())

    def renamed(self, path: str | Path) -> CpcError:
        """The same error (same class, place and hint) naming its file as ``path``."""
        copy = type(self).__new__(type(self))
        CpcError.__init__(
            copy, self.message, path=path, row=self.row, column=self.column, hint=self.hint
        )
        return copy

    def naming(self, path: str | Path) -> str:
        """The message with ``path`` in place of the file's own path (e.g. relative to the data
        folder, so that a table or report does not carry the path of the machine it ran on)."""
        return self._render(path=str(path))

    def _render(self, path: str | None = None) -> str:
        where: list[str] = []
        shown = path if path is not None else self.path
        if shown is not None:
            where.append(shown)
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        text = f"{': '.join([', '.join(where)]) + ': ' if where else ''}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return " ".join(text.split())  # always one line


class ManifestError(CpcError):
    """The manifest (data/plans.toml) is malformed or disagrees with the files."""


class ChecksumError(ManifestError):
    """A raw file's sha256 differs from the one recorded in the manifest."""


class ReadError(CpcError):
    """A file could not be read as a plan (missing, empty, binary, corrupt, too large...)."""


class CorruptFileError(ReadError):
    """The file is damaged, truncated, or not the format its name says."""


class EncryptedFileError(ReadError):
    """The file is protected by a password, so its content cannot be read."""


class ScannedPdfError(ReadError):
    """A PDF whose pages are images: there is no text layer to read."""


class NoTableError(ReadError):
    """The file was read but holds no table (an HTML page with no ``<table>``...)."""


class StructureError(CpcError):
    """A file was read but no plan table could be recognised in it."""


class ParameterError(CpcError):
    """A value given by the user (a date, a council name, an option) is not acceptable."""


class ReportError(CpcError):
    """The report could not be built: the notebook failed or its output cannot be exported."""


class OutputError(CpcError):
    """A file could not be written: a read-only or full disk, a folder that is a file..."""
