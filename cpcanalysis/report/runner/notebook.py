"""Run a notebook headless with parameters, the way papermill does, without papermill.

The notebook marks its default parameters with a code cell tagged ``parameters``. We insert a new
code cell right after it, tagged ``injected-parameters``, assigning the caller's values as Python
literals, then execute every cell with nbclient in a fresh :class:`~.kernel.Kernel`.
A :class:`~cpcanalysis.errors.CpcError` raised inside the notebook comes back out as the same
class with the same one-line message; any other failure becomes a :class:`ReportError`.
"""

from __future__ import annotations

import atexit
from collections.abc import Mapping
from typing import Any

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

from cpcanalysis import errors
from cpcanalysis.errors import CpcError, ReportError
from cpcanalysis.report.runner.kernel import Kernel

__all__ = [
    "INJECTED_TAG",
    "PARAMETERS_TAG",
    "execute",
    "inject_parameters",
]

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
CELL_TIMEOUT_SECONDS = 1800

_LITERAL_TYPES = (str, int, float, bool, type(None))


def _literal(name: str, value: Any) -> str:
    """``value`` as Python source, refusing anything that is not a plain literal."""
    if isinstance(value, list | tuple):
        if not all(isinstance(item, _LITERAL_TYPES) for item in value):
            raise ReportError(f"parameter {name!r} must be a list of plain values, got {value!r}")
        return repr(list(value))
    if not isinstance(value, _LITERAL_TYPES):
        raise ReportError(f"parameter {name!r} must be a plain value, got {type(value).__name__}")
    return repr(value)


def inject_parameters(
    nb: nbformat.NotebookNode, parameters: Mapping[str, Any]
) -> nbformat.NotebookNode:
    """A copy of ``nb`` with an ``injected-parameters`` cell after its ``parameters`` cell.

    A previously injected cell is replaced. Values must be plain literals (str, numbers, bool,
    None, or lists of those), written with ``repr`` so no value can become code.
    """
    nb = nbformat.from_dict(nb)
    cells = [c for c in nb.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    positions = [
        i for i, c in enumerate(cells) if PARAMETERS_TAG in c.get("metadata", {}).get("tags", [])
    ]
    if len(positions) != 1:
        raise ReportError(
            f"the notebook has {len(positions)} cells tagged {PARAMETERS_TAG!r}, expected one",
            hint="tag the cell holding the default parameters, and only that one",
        )
    source = "# Parameters injected by cpcanalysis.report\n" + "\n".join(
        f"{name} = {_literal(name, value)}" for name, value in parameters.items()
    )
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": [INJECTED_TAG]})
    cell.id = INJECTED_TAG  # a fixed id: cell ids end up in the HTML
    cells.insert(positions[0] + 1, cell)
    nb.cells = cells
    return nb


def execute(nb: nbformat.NotebookNode, kernel: Kernel) -> nbformat.NotebookNode:
    """Execute every cell of ``nb`` in the started ``kernel``; return ``nb``, run."""
    client = NotebookClient(
        nb, km=kernel.manager, timeout=CELL_TIMEOUT_SECONDS, record_timing=False
    )
    try:
        client.execute()
    except CellExecutionError as exc:
        raise _from_cell_error(exc) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        message = " ".join(str(exc).split())[:300]
        raise ReportError(f"the report notebook did not finish: {message}") from None
    finally:
        # the kernel is ours: nbclient leaves its client running and a cleanup at exit
        if client.kc is not None:
            client.kc.stop_channels()
        atexit.unregister(client._cleanup_kernel)
    return nb


def _from_cell_error(exc: CellExecutionError) -> CpcError:
    """The error to raise for a failed cell: CpcError subclasses keep their class and message."""
    cls = getattr(errors, exc.ename, None)
    if isinstance(cls, type) and issubclass(cls, CpcError):
        return cls(exc.evalue)
    evalue = " ".join(str(exc.evalue).split())
    return ReportError(
        f"the report notebook failed with {exc.ename}: {evalue}",
        hint="run the notebook in JupyterLab (make lab) to see the traceback",
    )
