"""Decoding text files: UTF-8 (with or without BOM), then cp1252, then latin-1, refusing binary."""

from __future__ import annotations

from pathlib import Path

from cpcanalysis.errors import ReadError

# bytes that never appear in a text plan; a NUL is the surest sign of a binary file
_BINARY_MARKERS = (b"\x00",)
_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")


def read_text(path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Return the file's text and the encoding used, with line endings normalised to ``\\n``."""
    data = path.read_bytes()
    if any(marker in data[:65536] for marker in _BINARY_MARKERS):
        raise ReadError(
            "file looks binary (it contains NUL bytes), not a text table",
            path=path,
            hint="check the file, or give its real format in the manifest",
        )
    candidates = (encoding,) if encoding else _ENCODINGS
    for name in candidates:
        try:
            text = data.decode(name)
        except (UnicodeDecodeError, LookupError):
            continue
        if name == "utf-8-sig":
            name = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return text.replace("\r\n", "\n").replace("\r", "\n"), name
    raise ReadError(
        f"cannot decode the file as {', '.join(candidates)}",
        path=path,
        hint="give the right encoding in the manifest (encoding = ...)",
    )
