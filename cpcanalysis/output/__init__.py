"""Output: what cpcanalysis writes, and the one place it is written.

- :mod:`.tables` renders tables as parquet, CSV or Excel bytes (text never becomes a formula)
  and writes them (:func:`export`, :func:`export_tables`);
- :mod:`.workbook` lays the tables out as one workbook to share;
- :mod:`.files` writes bytes to a path, or a set of files to a folder, all or nothing;
- :mod:`.choices` refuses a wrong choice (a format, a command) with the nearest valid one.
"""

from cpcanalysis.output.choices import refuse_choice
from cpcanalysis.output.files import OutputError, check_target, write_atomic, write_set
from cpcanalysis.output.tables import (
    FORMATS,
    Exported,
    Rendered,
    export,
    export_tables,
    render_files,
    render_table,
)
from cpcanalysis.output.workbook import WORKBOOK_NAME

__all__ = [
    "FORMATS",
    "WORKBOOK_NAME",
    "Exported",
    "OutputError",
    "Rendered",
    "check_target",
    "export",
    "export_tables",
    "refuse_choice",
    "render_files",
    "render_table",
    "write_atomic",
    "write_set",
]
