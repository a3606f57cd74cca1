"""What a legacy ``.xls`` workbook says about its cells beyond their values, read from its records.

calamine (through fastexcel) gives an ``.xls`` sheet's values, starting at its first used cell,
but not its merged cells, hidden rows or number formats. Those live in the BIFF8 records of the
file's ``Workbook`` stream, inside an OLE compound file. This module reads just enough of both
formats to recover them (no values, no shared strings):

- the compound file's sector tables and directory, to find the ``Workbook`` stream;
- the workbook globals: sheet names and offsets (``BOUNDSHEET``), number formats (``FORMAT``),
  cell styles (``XF``, each naming its number format) and the 1904 date system (``DATEMODE``);
- each sheet: merged regions (``MERGEDCELLS``), hidden rows (``ROW``) and columns
  (``COLINFO``), and every cell record's
  position and style, so that the used area (and so calamine's origin) and the number format of
  each date cell are known.

Damaged structures raise :class:`BiffError` (the reader reports the file as corrupt); nothing
here allocates more than the file's own size.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

_OLE_FREE, _OLE_END = 0xFFFFFFFF, 0xFFFFFFFE
# record types
_BOF, _EOF, _BOUNDSHEET, _FORMAT, _XF, _DATEMODE = 0x0809, 0x000A, 0x0085, 0x041E, 0x00E0, 0x0022
_MERGEDCELLS, _ROW, _COLINFO = 0x00E5, 0x0208, 0x007D
_MULRK = 0x00BD
# cell records that hold a value (BLANK and MULBLANK hold only a style, and are not read)
_VALUE_CELLS = frozenset({0x0203, 0x027E, 0x00FD, 0x0204, 0x0006, 0x0205, 0x00D6})
_HIDDEN_ROW = 0x0020  # ROW grbit: fDyZero, the row is hidden

# built-in number formats that show a date (the others are numbers, text or times)
BUILTIN_DATE_FORMATS = {
    14: "mm-dd-yy",  # the short date, shown in the machine's order: day first in the UK
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    22: "m/d/yy h:mm",
}


class BiffError(ValueError):
    """The compound file or its workbook records are damaged."""


@dataclass
class SheetFacts:
    name: str
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # 0-based, inclusive
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    styles: dict[tuple[int, int], int] = field(default_factory=dict)  # value cell -> XF index
    first_row: int | None = None  # of a cell holding a value
    first_column: int | None = None
    last_row: int = -1
    last_column: int = -1

    def see(self, row: int, column: int, xf: int) -> None:
        self.styles[(row, column)] = xf
        self.first_row = row if self.first_row is None else min(self.first_row, row)
        self.first_column = column if self.first_column is None else min(self.first_column, column)
        self.last_row, self.last_column = max(self.last_row, row), max(self.last_column, column)


@dataclass
class WorkbookFacts:
    sheets: list[SheetFacts]
    formats: dict[int, str]  # format index -> format string (built-in dates included)
    xf_formats: list[int]  # XF index -> format index
    date1904: bool = False

    def number_format(self, xf: int) -> str | None:
        if 0 <= xf < len(self.xf_formats):
            return self.formats.get(self.xf_formats[xf])
        return None


def read_facts(data: bytes) -> WorkbookFacts:
    """The workbook facts of an ``.xls`` file's bytes."""
    try:
        stream = _workbook_stream(data)
        return _workbook(stream)
    except (struct.error, IndexError, KeyError) as exc:
        raise BiffError(f"damaged workbook records ({type(exc).__name__})") from None


# -- the compound file ---------------------------------------------------------------------


def _workbook_stream(data: bytes) -> bytes:
    if len(data) < 512:
        raise BiffError("shorter than a compound file header")
    sector = 1 << struct.unpack_from("<H", data, 0x1E)[0]
    mini_sector = 1 << struct.unpack_from("<H", data, 0x20)[0]
    first_dir, cutoff = (
        struct.unpack_from("<I", data, 0x30)[0],
        struct.unpack_from("<I", data, 0x38)[0],
    )
    first_mini_fat, first_difat, n_difat = struct.unpack_from("<I4xII", data, 0x3C)
    if sector not in (512, 4096) or mini_sector != 64:
        raise BiffError("unexpected sector sizes")
    fat = _fat(data, sector, first_difat, n_difat)
    directory = _chain_bytes(data, sector, fat, first_dir)
    entries = [directory[i : i + 128] for i in range(0, len(directory) - 127, 128)]
    root = entries[0]
    for entry in entries:
        name_length = struct.unpack_from("<H", entry, 0x40)[0]
        name = entry[: max(0, name_length - 2)].decode("utf-16-le", "replace")
        if entry[0x42] == 2 and name in ("Workbook", "Book"):
            start, size = struct.unpack_from("<II", entry, 0x74)
            if size < cutoff:
                mini_fat = _as_ints(_chain_bytes(data, sector, fat, first_mini_fat))
                mini_stream = _chain_bytes(
                    data, sector, fat, struct.unpack_from("<I", root, 0x74)[0]
                )
                return _chain_bytes(mini_stream, mini_sector, mini_fat, start, header=0)[:size]
            return _chain_bytes(data, sector, fat, start)[:size]
    raise BiffError("no Workbook stream")


def _fat(data: bytes, sector: int, first_difat: int, n_difat: int) -> list[int]:
    difat = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _OLE_END]
    next_sector, seen = first_difat, 0
    while next_sector < _OLE_END and seen < n_difat:
        block = _as_ints(_sector(data, sector, next_sector))
        difat += [s for s in block[:-1] if s < _OLE_END]
        next_sector, seen = block[-1], seen + 1
    return [entry for s in difat for entry in _as_ints(_sector(data, sector, s))]


def _sector(data: bytes, size: int, index: int, header: int = 512) -> bytes:
    start = header + index * size
    if start < 0 or start >= len(data):
        raise BiffError(f"sector {index} lies outside the file")
    return data[start : start + size]


def _chain_bytes(data: bytes, size: int, table: list[int], start: int, header: int = 512) -> bytes:
    parts, seen, index = [], set(), start
    while index < _OLE_END:
        if index in seen or index >= len(table):
            raise BiffError("a broken sector chain")
        seen.add(index)
        parts.append(_sector(data, size, index, header))
        index = table[index]
    return b"".join(parts)


def _as_ints(block: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(block) // 4}I", block[: len(block) // 4 * 4]))


# -- the workbook records ----------------------------------------------------------------------


def _records(stream: bytes, offset: int):
    """(type, payload) from ``offset`` to the substream's EOF."""
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        payload = stream[offset + 4 : offset + 4 + length]
        offset += 4 + length
        yield kind, payload
        if kind == _EOF:
            return


def _workbook(stream: bytes) -> WorkbookFacts:
    facts = WorkbookFacts([], dict(BUILTIN_DATE_FORMATS), [])
    positions: list[tuple[int, str]] = []
    for kind, payload in _records(stream, 0):
        if kind == _BOUNDSHEET:
            positions.append((struct.unpack_from("<I", payload)[0], _short_string(payload, 6)))
        elif kind == _FORMAT:
            facts.formats[struct.unpack_from("<H", payload)[0]] = _long_string(payload, 2)
        elif kind == _XF:
            facts.xf_formats.append(struct.unpack_from("<H", payload, 2)[0])
        elif kind == _DATEMODE:
            facts.date1904 = struct.unpack_from("<H", payload)[0] == 1
    facts.sheets = [_sheet(stream, offset, name) for offset, name in positions]
    return facts


def _sheet(stream: bytes, offset: int, name: str) -> SheetFacts:
    sheet = SheetFacts(name)
    for kind, payload in _records(stream, offset):
        if kind in _VALUE_CELLS:
            row, column, xf = struct.unpack_from("<HHH", payload)
            sheet.see(row, column, xf)
        elif kind == _MULRK:
            row, first = struct.unpack_from("<HH", payload)
            for k in range((len(payload) - 6) // 6):
                sheet.see(row, first + k, struct.unpack_from("<H", payload, 4 + 6 * k)[0])
        elif kind == _MERGEDCELLS:
            count = struct.unpack_from("<H", payload)[0]
            for k in range(min(count, (len(payload) - 2) // 8)):
                top, bottom, left, right = struct.unpack_from("<HHHH", payload, 2 + 8 * k)
                sheet.merges.append((top, left, bottom, right))
        elif kind == _ROW and struct.unpack_from("<H", payload, 12)[0] & _HIDDEN_ROW:
            sheet.hidden_rows.add(struct.unpack_from("<H", payload)[0])
        elif kind == _COLINFO and struct.unpack_from("<H", payload, 8)[0] & 1:
            first, last = struct.unpack_from("<HH", payload)
            sheet.hidden_columns.update(range(first, min(last, 255) + 1))
    return sheet


def _short_string(payload: bytes, offset: int) -> str:
    """A ShortXLUnicodeString: 1-byte length, 1-byte flags, then the characters."""
    count, flags = payload[offset], payload[offset + 1]
    return _chars(payload, offset + 2, count, flags)


def _long_string(payload: bytes, offset: int) -> str:
    """An XLUnicodeString: 2-byte length, 1-byte flags, then the characters."""
    count = struct.unpack_from("<H", payload, offset)[0]
    return _chars(payload, offset + 3, count, payload[offset + 2])


def _chars(payload: bytes, start: int, count: int, flags: int) -> str:
    if flags & 1:
        return payload[start : start + 2 * count].decode("utf-16-le", "replace")
    return payload[start : start + count].decode("latin-1")
