"""Output: what cpcanalysis writes, and the one place it is written.

- :mod:`.tables` renders tables as parquet, CSV or Excel bytes (text never becomes a formula);
- :mod:`.files` writes bytes to a path, all or nothing.
"""

from cpcanalysis.output.files import write_atomic
from cpcanalysis.output.tables import (
    FORMATS,
    Exported,
    Rendered,
    export,
    export_tables,
    render_table,
)

__all__ = [
    "FORMATS",
    "Exported",
    "Rendered",
    "export",
    "export_tables",
    "render_table",
    "write_atomic",
]
