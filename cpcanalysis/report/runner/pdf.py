"""The report as a paged PDF: the HTML page printed by Debian's Chromium, headless.

Chromium (``/usr/bin/chromium``, Debian's package ``chromium``; any ``chromium`` or
``chromium-browser`` on the PATH, or the browser named by ``CPCANALYSIS_CHROMIUM``) opens a
copy of the exported page from a private temporary folder, lets its scripts draw the charts
(``--virtual-time-budget``), and prints it (``--print-to-pdf``) with its own header and footer
off (they would carry the file's path and the clock time). Page numbers ("Page 3 of 12") come
from the report's own print styles (CSS page-margin boxes, A4 landscape), so a report printed
from a browser has them too; the copy adds that every section (``h2``) starts a new page,
after a first page with the title. The browser runs with a throwaway profile, no network
(the page's Content-Security-Policy forbids any load anyway) and is killed with its process
group if it hangs. The printed file is then compacted with pikepdf (qpdf): object streams,
no clock times, a content-derived /ID.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pikepdf

from cpcanalysis.errors import ReportError

__all__ = ["PRINT_STYLE", "find_chromium", "html_to_pdf"]

CHROMIUM_ENV = "CPCANALYSIS_CHROMIUM"
_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
TIMEOUT_SECONDS = 300
VIRTUAL_TIME_MS = 30_000  # time the page's scripts get to draw the charts before printing

PRINT_STYLE = """<style media="print">
main h2, .cpc-profile { break-before: page; }  /* a section, or a council's profile */
</style>"""


def find_chromium() -> str:
    """The Chromium to print with, or a one-line error naming the package to install."""
    named = os.environ.get(CHROMIUM_ENV)
    for candidate in ([named] if named else []) + list(_CANDIDATES):
        found = shutil.which(candidate)
        if found:
            return found
    raise ReportError(
        "a PDF report needs Chromium, which was not found",
        hint="install Debian's package: apt-get install chromium (or set "
        f"{CHROMIUM_ENV} to a Chromium program), or write --format html",
    )


def _printable(html: str) -> str:
    head_end = html.find("</head>")
    if head_end < 0:
        raise ReportError("the exported report has no </head>: cannot print it")
    return html[:head_end] + PRINT_STYLE + html[head_end:]


def _command(chromium: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    command = [
        chromium,
        "--headless",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-extensions",
        "--disable-background-networking",
        "--proxy-server=127.0.0.1:9",  # nothing leaves the machine, whatever the page asks
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        f"--virtual-time-budget={VIRTUAL_TIME_MS}",
        f"--print-to-pdf={pdf}",
        page.as_uri(),
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
    return command


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run the browser in its own process group, killed whole when it overruns; through a
    small Python step that makes it die with this process (:mod:`.lifeline`) and then becomes
    the browser (exec)."""
    from cpcanalysis.report.runner.lifeline import BIND_SOURCE, PARENT_ENV

    become = BIND_SOURCE + "import os, sys\nos.execv(sys.argv[1], sys.argv[1:])\n"
    child = subprocess.Popen(
        [sys.executable, "-P", "-c", become, *command],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, PARENT_ENV: str(os.getpid())},
    )
    try:
        _, err = child.communicate(timeout=TIMEOUT_SECONDS)
    except BaseException:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
        raise
    return subprocess.CompletedProcess(command, child.returncode, b"", err)


def html_to_pdf(html: str) -> bytes:
    """The report page ``html`` as the bytes of a paged PDF with page numbers."""
    chromium = find_chromium()
    with tempfile.TemporaryDirectory(prefix="cpcanalysis-pdf-") as tmp:
        folder = Path(tmp)
        page, pdf = folder / "report.html", folder / "report.pdf"
        page.write_text(_printable(html), encoding="utf-8")
        try:
            done = _run(_command(chromium, page, pdf, folder / "profile"), folder)
        except subprocess.TimeoutExpired:
            raise ReportError(f"Chromium did not print the report in {TIMEOUT_SECONDS} s") from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            said = " ".join(done.stderr.decode(errors="replace").split())[-300:]
            raise ReportError(f"Chromium could not print the report: {said or 'no PDF written'}")
        return _compact(pdf)


def _structure_elements(root: Any) -> list[Any]:
    """The structure elements under a StructTreeRoot, depth first in reading order."""
    found, seen, stack = [], set(), [root.get("/K")]
    while stack:
        kid = stack.pop()
        if isinstance(kid, pikepdf.Array):
            stack.extend(reversed(list(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            key = kid.objgen if kid.is_indirect else id(kid)
            if key not in seen:
                seen.add(key)
                found.append(kid)
                stack.append(kid.get("/K"))
    return found


def _renumber_structure_ids(document: Any) -> None:
    """Structure elements' IDs (and the table headers' references to them) numbered in
    reading order: Chromium names them after its DOM nodes, whose count varies by a node or
    two from one run to the next."""
    root = document.Root.get("/StructTreeRoot")
    if root is None:
        return
    elements = _structure_elements(root)
    identified = [e for e in elements if "/ID" in e]
    renamed = {str(e.ID): f"cpc{n:08d}" for n, e in enumerate(identified, 1)}
    tree = pikepdf.NameTree.new(document)
    for element in identified:
        element.ID = pikepdf.String(renamed[str(element.ID)])
        tree[str(element.ID)] = element
    for element in elements:
        attributes = element.get("/A")
        for entry in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
            if isinstance(entry, pikepdf.Dictionary) and "/Headers" in entry:
                entry.Headers = pikepdf.Array(
                    [pikepdf.String(renamed.get(str(h), str(h))) for h in entry.Headers]
                )
    root.IDTree = tree.obj


def _compact(pdf: Path) -> bytes:
    """The printed PDF made small and reproducible: its objects packed into compressed object
    streams (Chromium writes a tagged PDF, so screen readers can follow it, with every
    structure element an uncompressed object: three quarters of a many-council report's
    bytes), the clock times dropped from its document information and its /ID derived from
    its content, so the same report prints to the same bytes."""
    with pikepdf.open(pdf) as document:
        for key in ("/CreationDate", "/ModDate"):
            if key in document.docinfo:
                del document.docinfo[key]
        _renumber_structure_ids(document)
        compact = pdf.with_name("compact.pdf")
        document.save(
            compact,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            deterministic_id=True,
        )
    return compact.read_bytes()
