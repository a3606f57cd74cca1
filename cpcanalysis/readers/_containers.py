"""Recognising office file containers before a parser sees them.

``.xlsx``, ``.docx`` and ``.ods`` files are zip packages; ``.xls`` and ``.doc`` files, and any
password-protected Office Open XML file, are OLE compound files (the encrypted package sits in a
stream named ``EncryptedPackage``). Looking at the first bytes tells these apart, so a reader can
say "password-protected" or "an old .doc saved as .docx" instead of a parser's stack trace, and
a zip whose members would expand past a limit (or whose XML parts would, past
:data:`MAX_XML_BYTES`) is refused before anything is decompressed.
"""

from __future__ import annotations

import re
import zipfile
from enum import Enum
from pathlib import Path

from cpcanalysis.readers._failures import CorruptFileError, EncryptedFileError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# members of a zip package may not expand to more than this many times the file's size (and at
# least this many bytes): real workbooks compress ~5-20x, a zip bomb thousands of times
MAX_EXPANSION = 200
MIN_EXPANDED_LIMIT = 256 * 1024 * 1024
# the XML members a reader parses become trees several times their size: a plan's are a few MB
MAX_XML_BYTES = 128 * 1024 * 1024
_XML = (".xml", ".rels")
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class Container(Enum):
    ZIP = "zip"
    OLE = "ole"
    OTHER = "other"


def sniff(path: Path) -> Container:
    """Which container the file's first bytes announce."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(ZIP_MAGIC):
        return Container.ZIP
    if head == OLE_MAGIC:
        return Container.OLE
    return Container.OTHER


def is_encrypted_ooxml(path: Path) -> bool:
    """An OLE file carrying an ``EncryptedPackage`` stream: a password-protected xlsx/docx."""
    return _ENCRYPTED_STREAM in path.read_bytes()


def refuse_encrypted(path: Path, what: str) -> None:
    """Raise the error for a password-protected file."""
    raise EncryptedFileError(
        f"is a password-protected {what}, so its content cannot be read",
        path=path,
        hint="open it with the password and save an unprotected copy",
    )


def open_package(path: Path, what: str, required: tuple[str, ...]) -> zipfile.ZipFile:
    """Open a zip package, checking it holds one of the ``required`` members and is no zip bomb.

    Raises :class:`EncryptedFileError` for a password-protected Office file and
    :class:`CorruptFileError` for anything that is not an intact package of the expected kind.
    """
    container = sniff(path)
    if container is Container.OLE:
        if is_encrypted_ooxml(path):
            refuse_encrypted(path, what)
        raise CorruptFileError(
            f"is an old binary Office file (.doc/.xls/.ppt), not a {what}",
            path=path,
            hint=f"open it and save it as a {what}, or fix the file name",
        )
    if container is Container.OTHER:
        raise CorruptFileError(
            f"is not a {what}: it does not start like a zip package",
            path=path,
            hint="check the file is complete and has the right extension",
        )
    try:
        package = zipfile.ZipFile(path)
        names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise CorruptFileError(
            f"is a damaged or truncated {what} ({exc})",
            path=path,
            hint="download or save the file again",
        ) from None
    if not names.intersection(required):
        package.close()
        raise CorruptFileError(
            f"is a zip file but not a {what} (it has no {' or '.join(required)})",
            path=path,
            hint="check the file's extension matches its content",
        )
    expanded = sum(info.file_size for info in package.infolist())
    limit = max(MIN_EXPANDED_LIMIT, MAX_EXPANSION * path.stat().st_size)
    xml = sum(info.file_size for info in package.infolist() if info.filename.endswith(_XML))
    if expanded > limit or xml > MAX_XML_BYTES:
        package.close()
        what, size, cap = (
            ("would expand to", expanded, limit)
            if expanded > limit
            else ("holds", xml, MAX_XML_BYTES)
        )
        kind = "" if expanded > limit else " of XML"
        raise CorruptFileError(
            f"{what} {size:,} bytes{kind}, over the limit of {cap:,} bytes "
            "(a zip bomb or a damaged size field)",
            path=path,
            hint="re-save the file; a real plan is far smaller",
        )
    return package


def count_elements(package: zipfile.ZipFile, member: str, tag: re.Pattern[bytes]) -> int:
    """How many times ``tag`` (a pattern for an element's opening) occurs in ``member``, read in
    pieces: the count a parser's tree would hold, known before it is built."""
    count, tail = 0, b""
    with package.open(member) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            data = tail + block
            count += len(tag.findall(data))
            tail = data[-64:]
            count -= len(tag.findall(tail))  # seen again at the start of the next piece
    return count + len(tag.findall(tail))
