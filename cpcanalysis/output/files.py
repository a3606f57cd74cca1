"""Writing files: the only code that touches output paths.

Every file cpcanalysis writes (tables, the data dictionary, the report) goes through here, so
that a write is all-or-nothing and gets ordinary permissions.
"""

from __future__ import annotations

import os
from pathlib import Path


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
