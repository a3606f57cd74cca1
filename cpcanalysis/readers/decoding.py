"""Decoding text files, saying what had to be repaired.

- A byte-order mark picks the encoding (UTF-8, or UTF-16 as Excel's "Unicode text" saves it).
- Otherwise the text is read as UTF-8, and any byte that is not valid UTF-8 is read as the
  Windows-1252 character it would be (``0x92`` is ``’``): a file saved in Windows-1252 reads
  whole, and a UTF-8 file with one stray byte keeps every other character right (decoding the
  whole file as Windows-1252 would turn "council’s" into "councilâ€™s"). A note says how many
  bytes were read so, and where the first was (code ``encoding_fallback``).
- The manifest's ``encoding`` is used as given, strictly.
- Control characters (NUL and the other C0 and C1 controls, except tab and line breaks) are
  removed, wherever they are, with a note counting them (code ``control_characters``); a file
  whose first 64 KB are more than 5% NUL and control bytes is binary and refused.
- Line endings become ``\\n``.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.readers.contract import Note

# a text file may hold a stray NUL or control byte; in a binary file (or UTF-16 without its
# mark) they abound: more than this share of the first 64 KB makes a file binary
BINARY_SHARE = 0.05
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ESCAPED = re.compile("[\udc80-\udcff]")  # bytes kept by surrogateescape


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[Note] = field(default_factory=list)


def _as_cp1252(match: re.Match[str]) -> str:
    """An undecodable byte (kept by ``surrogateescape``) as its Windows-1252 character (the
    five bytes Windows-1252 leaves undefined as Latin-1)."""
    byte = bytes([ord(match.group()) - 0xDC00])
    try:
        return byte.decode("cp1252")
    except UnicodeDecodeError:
        return byte.decode("latin-1")


def decode_text(path: Path, encoding: str | None = None) -> Decoded:
    """The file's text (line endings ``\\n``), the encoding read, and notes on repairs."""
    return decode_bytes(path, path.read_bytes(), encoding)


def decode_bytes(path: Path, data: bytes, encoding: str | None = None) -> Decoded:
    """``data`` (the bytes of ``path``) decoded as :func:`decode_text` decodes a file."""
    chosen = encoding or next((name for mark, name in _BOMS if data.startswith(mark)), None)
    if chosen:
        decoded = Decoded(_strict(path, data, chosen), chosen)
    else:
        _refuse_binary(path, data)
        decoded = _utf8_or_cp1252(path, data)
    decoded.text, removed = _without_controls(decoded.text)
    if removed:
        decoded.notes.append(Note("control_characters", f"{path.name}: {removed}"))
    decoded.text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    return decoded


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(
            f"cannot decode the file as {encoding} ({type(exc).__name__})",
            path=path,
            hint="give the right encoding in the manifest (encoding = ...)",
        ) from None


def _refuse_binary(path: Path, data: bytes) -> None:
    head = data[:65536]
    if head and len(head.translate(None, _TEXT_BYTES)) / len(head) > BINARY_SHARE:
        raise ReadError(
            "file looks binary (NUL and control bytes throughout), not a text table",
            path=path,
            hint='check the file, or give its real format (or encoding = "utf-16") in the manifest',
        )


def _utf8_or_cp1252(path: Path, data: bytes) -> Decoded:
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as first:
        start = first.start
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(_ESCAPED.findall(escaped))
    text = _ESCAPED.sub(_as_cp1252, escaped)
    high = sum(1 for byte in data if byte > 0x7F)
    encoding = "cp1252" if bad == high else "utf-8"  # every non-ASCII byte invalid: cp1252
    line = data.count(b"\n", 0, start) + 1
    said = (
        f"{path.name}: {bad:,} byte(s) that are not UTF-8 (the first, 0x{data[start]:02X}, on "
        f"line {line}) read as Windows-1252"
    )
    return Decoded(text, encoding, [Note("encoding_fallback", said)])


def _without_controls(text: str) -> tuple[str, str]:
    """The text without control characters, and what was removed ("" when nothing was)."""
    found = _CONTROL.findall(text)
    if not found:
        return text, ""
    nul = found.count("\x00")
    other = len(found) - nul
    parts = [f"{nul:,} NUL byte(s)"] if nul else []
    parts += [f"{other:,} other control character(s)"] if other else []
    return _CONTROL.sub("", text), f"{' and '.join(parts)} removed"
