"""The one writer of tables: parquet, CSV or Excel, byte-identical for identical inputs.

All four tables are rendered in memory first and then moved into the output folder, so an error
leaves no partial output behind. CSV has no list type: list columns are joined with "; ".
Excel files get fixed document properties so that two exports are the same bytes.
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

import polars as pl

from cpcanalysis.errors import ParameterError

FORMATS = ("parquet", "csv", "xlsx")
_FIXED_TIME = datetime(2000, 1, 1)


def _flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join("; ")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )


def render_table(frame: pl.DataFrame, fmt: str) -> bytes:
    """One table as the bytes of a file in ``fmt``."""
    buffer = io.BytesIO()
    if fmt == "parquet":
        frame.write_parquet(buffer, statistics=False)
    elif fmt == "csv":
        _flatten_lists(frame).write_csv(buffer)
    elif fmt == "xlsx":
        from xlsxwriter import Workbook

        with Workbook(buffer, {"in_memory": True}) as workbook:
            workbook.set_properties({"created": _FIXED_TIME})
            _flatten_lists(frame).write_excel(workbook, worksheet="data", autofit=False)
    else:
        msg = f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}"
        raise ParameterError(msg)
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename, so
    ``path`` is either the previous file or the complete new one, never half written. The file
    gets the permissions of any new file (the user's umask), not a temporary file's 0600."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        with temp.open("xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return path


def export_tables(tables: dict[str, pl.DataFrame], out: str | Path, fmt: str) -> list[Path]:
    """Write each table to ``out/<name>.<fmt>``; returns the paths written."""
    rendered = {name: render_table(frame, fmt) for name, frame in tables.items()}
    out = Path(out)
    written = []
    for name, data in rendered.items():
        target = out / f"{name}.{fmt}"
        write_atomic(target, data)
        written.append(target)
    return written
