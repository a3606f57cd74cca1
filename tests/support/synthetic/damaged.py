"""SYNTHETIC damaged files: truncated, corrupted, password-protected, scanned, legacy, table-less.

Each function writes one file and returns its path. The password-protected Office file is a
real OLE compound file holding ``EncryptionInfo`` and ``EncryptedPackage`` streams, laid out as
Office writes them (the encrypted bytes themselves are random: no reader may get past the
container); the password-protected PDF is encrypted by fpdf2 with a user password; the scanned
PDF holds one page that is only an image.
"""

from __future__ import annotations

import random
import struct
from pathlib import Path

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
_SECTOR = 512


def truncated(source: Path, folder: Path, fraction: float = 0.5) -> Path:
    """The first ``fraction`` of ``source``'s bytes, same suffix."""
    data = source.read_bytes()
    path = folder / f"truncated-{source.name}"
    path.write_bytes(data[: max(1, int(len(data) * fraction))])
    return path


def corrupted(source: Path, folder: Path, seed: int = 0) -> Path:
    """``source`` with a run of bytes in its middle overwritten by random ones."""
    data = bytearray(source.read_bytes())
    rng = random.Random(seed)
    start = len(data) // 3
    for i in range(start, min(len(data), start + max(64, len(data) // 4))):
        data[i] = rng.randrange(256)
    path = folder / f"corrupted-{source.name}"
    path.write_bytes(bytes(data))
    return path


def _directory_entry(name: str, kind: int, right: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1)
        + struct.pack("<III", _FREE, right, child)
        + b"\0" * 16  # CLSID
        + b"\0" * 4  # state bits
        + b"\0" * 16  # creation and modification times
        + struct.pack("<IQ", start, size)
    )


def ole_file(path: Path, streams: dict[str, bytes]) -> Path:
    """A minimal version-3 compound file holding ``streams`` (each >= 4096 bytes, so no mini
    stream is needed): header, one FAT sector, one directory sector, then the stream sectors."""
    sectors = [(len(data) + _SECTOR - 1) // _SECTOR for data in streams.values()]
    fat = [_FAT, _END]
    starts = []
    for count in sectors:
        starts.append(len(fat))
        fat += [len(fat) + i + 1 for i in range(count - 1)] + [_END]
    fat += [_FREE] * (_SECTOR // 4 - len(fat))
    names = list(streams)
    entries = [_directory_entry("Root Entry", 5, _FREE, 1, _END, 0)]
    for i, name in enumerate(names):
        right = i + 2 if i + 1 < len(names) else _FREE
        entries.append(_directory_entry(name, 2, right, _FREE, starts[i], len(streams[name])))
    while len(entries) % 4:
        entries.append(_directory_entry("", 0, _FREE, _FREE, 0, 0))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 0x1000, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + struct.pack("<I", _FREE) * 108
    )
    body = struct.pack(f"<{len(fat)}I", *fat) + b"".join(entries)
    for data in streams.values():
        body += data.ljust(((len(data) + _SECTOR - 1) // _SECTOR) * _SECTOR, b"\0")
    path.write_bytes(header + body)
    return path


def password_protected_office(folder: Path, suffix: str) -> Path:
    """An encrypted ``.xlsx``/``.docx`` as Office writes it: an OLE file, not a zip."""
    rng = random.Random(7)
    info = struct.pack("<HHI", 4, 4, 0x40) + bytes(rng.randrange(256) for _ in range(4088))
    package = bytes(rng.randrange(256) for _ in range(8192))
    streams = {"EncryptionInfo": info, "EncryptedPackage": package}
    return ole_file(folder / f"protected{suffix}", streams)


def legacy_office(folder: Path, suffix: str) -> Path:
    """An old binary Word/Excel file (OLE, no encryption) saved under a new-style suffix."""
    rng = random.Random(8)
    document = bytes(rng.randrange(256) for _ in range(4096))
    return ole_file(folder / f"legacy{suffix}", {"WordDocument": document})


def password_protected_pdf(folder: Path) -> Path:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Recommendation 1: synthetic")
    pdf.set_encryption(owner_password="owner", user_password="secret")
    path = folder / "protected.pdf"
    pdf.output(str(path))
    return path


def scanned_pdf(folder: Path) -> Path:
    """One page holding only a picture of a table: no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 300), 255)
    draw = ImageDraw.Draw(image)
    for y in range(20, 300, 50):
        draw.line((20, y, 580, y), fill=0, width=2)
    draw.text((30, 30), "Recommendation   Action   Deadline", fill=0)
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=190)
    path = folder / "scanned.pdf"
    pdf.output(str(path))
    return path


def html_without_table(folder: Path) -> Path:
    path = folder / "no-table.html"
    path.write_text(
        "<!DOCTYPE html><html><body><nav><table><tr><td>Home</td></tr></table></nav>"
        "<main><h1>Peer challenge</h1><p>Our action plan is in the attached PDF.</p></main>"
        "</body></html>",
        encoding="utf-8",
    )
    return path
