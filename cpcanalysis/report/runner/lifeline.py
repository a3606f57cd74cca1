"""Child processes that end with their parent, even when the parent is killed.

A report starts a kernel, the kernel's folder load may start a pool of worker processes, and
the report starts a child that builds the Vega bundle; ``cpcanalysis export`` may start a pool
too. When the parent is killed (SIGKILL gives it no chance to clean up), each of them must end
as well, not linger blocked on a pipe. On Linux every such child asks the kernel to kill it
when its parent dies (``prctl(PR_SET_PDEATHSIG)``):

- :func:`bind_children` makes every process forked from this one from now on (a
  ``ProcessPoolExecutor``'s workers) die with it;
- :data:`BIND_SOURCE` is Python source that a started interpreter (the kernel, the bundle
  child) runs first: it dies with its parent (the process that started it), and if that parent
  is already gone it exits at once.

Elsewhere these are no-ops (the children then end when their pipes close, as before).
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

__all__ = ["BIND_SOURCE", "PARENT_ENV", "bind_children", "die_with_parent"]

PARENT_ENV = "CPCANALYSIS_PARENT_PID"
_PR_SET_PDEATHSIG = 1
_bound = False


def die_with_parent(sig: int = signal.SIGKILL) -> None:
    """Ask Linux to send ``sig`` to this process when its parent ends."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0)


def bind_children() -> None:
    """Every process forked from this one from now on dies with it (once per process)."""
    global _bound
    if not _bound and sys.platform.startswith("linux"):
        os.register_at_fork(after_in_child=die_with_parent)
        _bound = True


# run first in a started interpreter; PARENT_ENV names the pid of the process that started it
BIND_SOURCE = f"""\
import ctypes as _c, os as _o, signal as _s, sys as _y
if _y.platform.startswith("linux"):
    _c.CDLL(None).prctl({_PR_SET_PDEATHSIG}, int(_s.SIGKILL), 0, 0, 0)
    if str(_o.getppid()) != _o.environ.get("{PARENT_ENV}", str(_o.getppid())):
        _o._exit(1)
del _c, _o, _s, _y
"""
