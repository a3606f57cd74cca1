"""Word 97-2003 (``.doc``) and Rich Text (``.rtf``) files, converted to ``.docx`` by LibreOffice.

Neither format has a maintained pure-Python reader, and both hold the same tables Word writes
to ``.docx``. When LibreOffice's ``soffice`` is on the PATH, the file is copied into a new
temporary folder and converted there to ``.docx`` (headless, with a private profile made for
this one conversion, ``-env:UserInstallation``, never the user's own; killed with its child
processes after :data:`TIMEOUT` seconds), and the ``.docx`` is read by :mod:`.word`; the folder is
removed afterwards and a note records the conversion. Without ``soffice`` the file is refused
with a one-line error that gives the exact command to convert it by hand.

A file that is already a ``.docx`` under the old name (a zip) is read directly; a
password-protected Word file is refused as such.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from cpcanalysis.errors import ReadError
from cpcanalysis.readers import word
from cpcanalysis.readers._containers import (
    Container,
    is_encrypted_ooxml,
    refuse_encrypted,
    sniff,
)
from cpcanalysis.readers._failures import CorruptFileError
from cpcanalysis.readers.contract import Note, RawDocument, ReadHints

TIMEOUT = 120  # seconds for one conversion (a real plan takes one or two)
PROGRAMS = ("soffice", "libreoffice")
_RTF_MAGIC = b"{\\rtf"
_NAMES = {"doc": "Word 97-2003 document (.doc)", "rtf": "Rich Text document (.rtf)"}


class ConversionUnavailableError(ReadError):
    """The file needs LibreOffice to be read, and LibreOffice is not installed."""


def conversion_command(path: Path) -> str:
    """The command that converts ``path`` by hand, run in the file's folder."""
    return f"soffice --headless --convert-to docx {shlex.quote(path.name)}"


def read(path: Path, hints: ReadHints) -> RawDocument:
    """Convert a .doc or .rtf file to .docx with LibreOffice and read that."""
    kind = _kind(path)
    if kind == "docx":
        return word.read(path, hints)
    program = next((found for name in PROGRAMS if (found := shutil.which(name))), None)
    if program is None:
        raise ConversionUnavailableError(
            f"is a {_NAMES[kind]}, which is read through LibreOffice, and soffice is not on "
            "the PATH",
            path=path,
            hint=f"install LibreOffice, or convert it in its folder with "
            f"`{conversion_command(path)}` and read the .docx",
        )
    with tempfile.TemporaryDirectory(prefix="cpcanalysis-convert-") as folder:
        converted = _convert(program, path, Path(folder), kind)
        doc = word.read(converted, hints)
    doc.path, doc.format = path, kind
    doc.notes.append(
        Note("converted", f"{path.name}: converted to .docx by LibreOffice before reading")
    )
    return doc


def _kind(path: Path) -> str:
    """``doc``, ``rtf`` or ``docx`` from the file's first bytes (not its name)."""
    container = sniff(path)
    if container is Container.ZIP:
        return "docx"
    if container is Container.OLE:
        if is_encrypted_ooxml(path):
            refuse_encrypted(path, "Word document")
        return "doc"
    with path.open("rb") as handle:
        head = handle.read(16).lstrip()
    if head.startswith(_RTF_MAGIC):
        return "rtf"
    raise CorruptFileError(
        "is neither a Word 97-2003 document nor a Rich Text file (its first bytes are "
        "neither an OLE header nor {\\rtf)",
        path=path,
        hint="check the file is complete and has the right extension",
    )


def _convert(program: str, path: Path, folder: Path, kind: str) -> Path:
    """Run LibreOffice on a copy of ``path`` inside ``folder``; the .docx it wrote."""
    source = folder / f"document.{kind}"  # a plain name: no quoting or option-like names
    shutil.copyfile(path, source)
    out = folder / "out"
    command = [
        program,
        f"-env:UserInstallation={(folder / 'profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nolockcheck",
        "--nodefault",
        "--convert-to",
        "docx:MS Word 2007 XML",
        "--outdir",
        str(out),
        str(source),
    ]
    env = {**os.environ, "HOME": str(folder)}  # nothing written to the user's home either
    process = subprocess.Popen(
        command,
        cwd=folder,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so a timeout kills its children too
    )
    try:
        _stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ReadError(
            f"LibreOffice did not convert it to .docx within {TIMEOUT} s",
            path=path,
            hint=f"convert it by hand: `{conversion_command(path)}`",
        ) from None
    result = out / "document.docx"
    if process.returncode != 0 or not result.is_file():
        said = stderr.decode("utf-8", "replace").strip().splitlines()
        detail = f" ({said[-1][:200]})" if said else ""
        raise CorruptFileError(
            f"LibreOffice could not convert it to .docx{detail}",
            path=path,
            hint="open it in a word processor and save it as .docx",
        )
    return result
