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
    if "ipykernel" in sys.modules:
        return True
    return bool(getattr(sys.stderr, "isatty", lambda: False)())


def progress_bar(total: int, *, show: bool | None = None, desc: str = "loading") -> Progress:
    """A progress bar over ``total`` documents; ``show=None`` shows it when interactive."""
    if not (interactive() if show is None else show) or total < 1:
        return _Silent()
    from tqdm.auto import tqdm

    return tqdm(total=total, desc=desc, unit="doc", leave=False)
