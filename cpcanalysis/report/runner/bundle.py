"""The Vega, Vega-Lite and vega-embed JavaScript, from vl-convert-python, inlined once per report.

vl-convert builds the bundle on demand, which takes seconds and holds the GIL, so
:class:`BundleJob` builds it in a child process while the report notebook runs. The child is
started isolated from the working directory (``python -P``: a ``vl_convert.py`` there is not
imported) and dies with its parent (:mod:`.lifeline`).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import vl_convert

from cpcanalysis.errors import ReportError
from cpcanalysis.report.runner.lifeline import BIND_SOURCE, PARENT_ENV

__all__ = ["BundleJob", "default_vegalite_version", "javascript_bundle"]

_CHILD = BIND_SOURCE + (
    "import sys, vl_convert\n"
    "sys.stdout.buffer.write(vl_convert.javascript_bundle(vl_version=sys.argv[1]).encode())\n"
)
_lock = threading.Lock()
_bundles: dict[str, str] = {}


def _minor(version: str) -> str:
    """'v6.4.1' or '6.4.1' -> '6.4' (vl-convert names Vega-Lite versions by major.minor)."""
    return ".".join(version.lstrip("v").split(".")[:2])


def default_vegalite_version() -> str:
    """The newest Vega-Lite vl-convert carries (what a current altair writes)."""
    return vl_convert.get_vegalite_versions()[-1]


def _checked(version: str, bundle: str) -> str:
    if "</script" in bundle.lower():
        raise ReportError(f"the Vega-Lite {version} bundle contains '</script'; cannot inline it")
    return bundle


def _available(version: str) -> str:
    wanted = _minor(version)
    if wanted not in vl_convert.get_vegalite_versions():
        raise ReportError(
            f"vl-convert-python carries no Vega-Lite {wanted}, which the report's charts use",
            hint="install versions of altair and vl-convert-python that agree",
        )
    return wanted


def javascript_bundle(version: str) -> str:
    """The bundle for Vega-Lite ``version`` ('6.4' or 'v6.4.1'), built once per process."""
    wanted = _available(version)
    with _lock:
        if wanted not in _bundles:
            # vl-convert's stubs make ``snippet`` required; without it the call gives the bundle
            built = vl_convert.javascript_bundle(vl_version=wanted)  # type: ignore[call-arg]
            _bundles[wanted] = _checked(wanted, built)
        return _bundles[wanted]


class BundleJob:
    """The bundle for ``version``, built in a child process started now; :meth:`result` waits
    for it (and remembers it for this process)."""

    def __init__(self, version: str | None = None) -> None:
        self.version = _available(version or default_vegalite_version())
        self._child: subprocess.Popen[bytes] | None = None
        if self.version not in _bundles:
            self._child = subprocess.Popen(
                [sys.executable, "-P", "-c", _CHILD, self.version],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env={**os.environ, PARENT_ENV: str(os.getpid())},
            )

    def result(self, version: str | None = None) -> str:
        """The bundle for ``version`` (default: the one started); another version is built
        here and now."""
        wanted = _available(version or self.version)
        if self._child is not None:
            out, err = self._child.communicate()
            child, self._child = self._child, None
            if child.returncode != 0:
                message = " ".join(err.decode(errors="replace").split())[-300:]
                raise ReportError(f"building the Vega bundle failed: {message}")
            with _lock:
                _bundles.setdefault(self.version, _checked(self.version, out.decode()))
        return javascript_bundle(wanted)

    def cancel(self) -> None:
        if self._child is not None:
            self._child.kill()
            self._child.wait()
            self._child = None
