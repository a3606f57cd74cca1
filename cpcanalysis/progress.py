"""Progress of folder loads: a bar in a terminal or a notebook, nothing otherwise."""

from __future__ import annotations

import sys
from typing import Protocol


class Progress(Protocol):
    def update(self, n: int = 1) -> object: ...
    def close(self) -> object: ...


class _Silent:
    def update(self, n: int = 1) -> None:
        return None

    def close(self) -> None:
        return None


def interactive() -> bool:
    """True in a terminal (stderr is a tty) or in a Jupyter kernel."""
    return _in_kernel() or bool(getattr(sys.stderr, "isatty", lambda: False)())


def _in_kernel() -> bool:
    # ipykernel being imported is not enough: running a notebook with nbclient imports it in
    # the calling process too, which is no place for a progress bar
    if "ipykernel" not in sys.modules or "IPython" not in sys.modules:
        return False
    shell = sys.modules["IPython"].get_ipython()
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


# below this many documents a load takes a few seconds at most: no bar unless asked for, so a
# notebook's saved outputs do not keep a finished bar
AUTO_FROM = 8


def progress_bar(total: int, *, show: bool | None = None, desc: str = "loading") -> Progress:
    """A progress bar over ``total`` documents; ``show=None`` shows it when interactive and
    there are at least :data:`AUTO_FROM` documents."""
    if show is None:
        show = interactive() and total >= AUTO_FROM
    if not show or total < 1:
        return _Silent()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="doc", leave=False)
