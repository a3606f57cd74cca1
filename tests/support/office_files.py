"""Office files with stable bytes, for the fixture generators (tests/fixtures/*/build.py).

python-docx and openpyxl stamp the time of saving into a document's properties and into each
zip member; a fixture rebuilt from unchanged code must give the same bytes, so both are fixed.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path


def word_document(author: str, when: dt.datetime):
    """A new Word document whose properties (author, times, revision) are fixed."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.author = author
    props.created = props.modified = props.last_printed = when
    props.revision = 1
    return document


def fix_zip(path: Path, when: dt.datetime) -> None:
    """Rewrite the zip package at ``path`` with every member time and property stamp set to
    ``when``, members in the same order."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if name == "docProps/core.xml":  # openpyxl stamps the save time as modified
                stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                data = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", stamp, data)
            target.writestr(info, data)
    path.write_bytes(buffer.getvalue())
