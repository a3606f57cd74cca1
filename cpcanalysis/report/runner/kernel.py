"""A Jupyter kernel on this very interpreter, started before the heavy imports so that its own
start-up overlaps them.

The kernel runs ``sys.executable`` whatever kernelspecs the user has installed, so the report
sees exactly the cpcanalysis that called it; the string hash seed is fixed so that nothing in it
depends on set ordering from run to run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType

from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

__all__ = ["Kernel"]


class _ThisInterpreterKernel(AsyncKernelManager):
    @property
    def kernel_spec(self) -> KernelSpec:
        return KernelSpec(
            argv=[
                sys.executable,
                "-m",
                "ipykernel_launcher",
                "--log-level=ERROR",  # not the warning about TCP on localhost
                "-f",
                "{connection_file}",
            ],
            display_name="cpcanalysis",
            language="python",
            env={"PYTHONHASHSEED": "0"},
        )


class Kernel:
    """A context manager: a kernel started in ``cwd`` (``.manager``), shut down on exit."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.manager = _ThisInterpreterKernel()

    def __enter__(self) -> Kernel:
        run_sync(self.manager.start_kernel)(cwd=str(self.cwd))
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        run_sync(self.manager.shutdown_kernel)(now=True)
