"""A Jupyter kernel on this very interpreter, started before the heavy imports so that its own
start-up overlaps them.

The kernel runs ``sys.executable`` whatever kernelspecs the user has installed, so the report
sees exactly the cpcanalysis that called it; the string hash seed is fixed so that nothing in it
depends on set ordering from run to run.

It is started isolated from the working directory, which may hold anything (a file named
``ipykernel_launcher.py`` or ``vl_convert.py`` must not be run): Python runs with ``-P`` (the
working directory is not put on ``sys.path``) and IPython with ``--ignore-cwd`` (nor added
later); the working directory stays the kernel's current directory, so relative paths given by
the user still resolve. It ends with the process that started it (:mod:`.lifeline`): killed
with its worker processes when that process dies, even by SIGKILL. Its connection file (ports
and key) lives in a private temporary folder, removed with the folder as soon as the kernel
has read it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import TracebackType

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from cpcanalysis.report.runner.lifeline import PARENT_ENV

__all__ = ["KERNEL_SOURCE", "Kernel"]

# The kernel's program (python -P -c KERNEL_SOURCE ...): die with the parent, cleaning up the
# connection file and the kernel's own process group (its pool workers) on the way; make every
# process it forks die with it; start IPython's kernel and drop the connection file once read.
KERNEL_SOURCE = f"""\
import ctypes, os, signal, sys
connection_file = sys.argv[sys.argv.index("-f") + 1]
def _forget():
    os.unlink(connection_file)
    os.rmdir(os.path.dirname(connection_file))
def _end(*_):
    try:
        _forget()
    finally:
        if os.getpgrp() == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
        os._exit(1)
if sys.platform.startswith("linux"):
    libc = ctypes.CDLL(None)
    signal.signal(signal.SIGTERM, _end)
    libc.prctl(1, int(signal.SIGTERM), 0, 0, 0)
    if str(os.getppid()) != os.environ.get("{PARENT_ENV}"):
        _end()
    os.register_at_fork(after_in_child=lambda: libc.prctl(1, int(signal.SIGKILL), 0, 0, 0))
from ipykernel.kernelapp import IPKernelApp
app = IPKernelApp.instance()
app.initialize()
_forget()
app.start()
"""


class _ThisInterpreterKernel(AsyncKernelManager):
    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            argv=[
                sys.executable,
                "-P",  # not the working directory on sys.path
                "-c",
                KERNEL_SOURCE,
                "--ignore-cwd",  # nor added by IPython
                "--log-level=ERROR",  # not the warning about TCP on localhost
                "-f",
                "{connection_file}",
            ],
            display_name="cpcanalysis",
            language="python",
            env={"PYTHONHASHSEED": "0", PARENT_ENV: str(os.getpid())},
        )


class Kernel:
    """A context manager: a kernel started in ``cwd`` (``.manager``), shut down on exit."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self._folder = Path(tempfile.mkdtemp(prefix="cpcanalysis-kernel-"))
        self.manager = _ThisInterpreterKernel(connection_file=str(self._folder / "kernel.json"))

    def __enter__(self) -> Kernel:
        try:
            run_sync(self.manager.start_kernel)(cwd=str(self.cwd))
        except BaseException:
            shutil.rmtree(self._folder, ignore_errors=True)
            raise
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        try:
            run_sync(self.manager.shutdown_kernel)(now=True)
        finally:
            shutil.rmtree(self._folder, ignore_errors=True)
