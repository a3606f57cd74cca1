"""A JupyterLab server on loopback and Debian's Chromium driving it, with the network cut off.

Used by tests/notebooks/test_notebooks_in_lab.py: the notebooks are run the way a reader runs
them (open in JupyterLab, Run > Run All Cells), not by nbclient. The server runs this Python
(the tests' ``PYTHONPATH`` included, so its kernels import this checkout) with its settings,
workspaces and runtime files in a temporary folder; the browser may reach the server on
127.0.0.1 and nothing else: every other request is recorded and aborted.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from support.browser import CHROMIUM_ARGS, require_chromium

# settings a reader's JupyterLab could have; here they keep the test to the notebooks: every
# cell stays in the page (no windowing), and no news or update check is offered
_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}
LOOPBACK = ("127.0.0.1", "localhost")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Lab:
    """A running server: where it is, and what the browser tried to reach outside it."""

    url: str
    token: str
    root: Path
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def tree(self, relative: str) -> str:
        """The notebook's page, in a workspace of its own (so no other notebook reopens)."""
        workspace = "w" + secrets.token_hex(4)
        return f"{self.url}/lab/workspaces/{workspace}/tree/{relative}?token={self.token}"

    def shut_down_kernels(self) -> None:
        """Stop every kernel the server runs (each holds the whole analysis stack in memory)."""
        headers = {"Authorization": f"token {self.token}"}
        with urllib.request.urlopen(
            urllib.request.Request(f"{self.url}/api/kernels", headers=headers), timeout=10
        ) as response:
            kernels = json.load(response)
        for kernel in kernels:
            request = urllib.request.Request(
                f"{self.url}/api/kernels/{kernel['id']}", headers=headers, method="DELETE"
            )
            urllib.request.urlopen(request, timeout=30).close()


def _write_settings(folder: Path) -> None:
    for name, values in _SETTINGS.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def _wait_until_up(url: str, token: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"JupyterLab did not start: {log.read_text(errors='replace')[-2000:]}")


@contextmanager
def jupyterlab(root: Path, scratch: Path) -> Iterator[Lab]:
    """A JupyterLab server serving ``root`` on a free loopback port, stopped on exit."""
    port, token = _free_port(), secrets.token_hex(16)
    settings, runtime = scratch / "settings", scratch / "runtime"
    _write_settings(settings)
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(runtime),
        "JUPYTER_CONFIG_DIR": str(scratch / "config"),
        "JUPYTERLAB_WORKSPACES_DIR": str(scratch / "workspaces"),
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={settings}",
        f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
        "--LabApp.news_url=",
        "--LabServerApp.allowed_extensions_uris=",
    ]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = scratch / "jupyterlab.log"
    with log.open("wb") as sink:
        server = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, token, server, log)
        yield Lab(url, token, root)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@contextmanager
def lab_browser(lab: Lab) -> Iterator[object]:
    """A Chromium page that may reach ``lab`` and nothing else."""
    from playwright.sync_api import sync_playwright

    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})

            def route(route_obj) -> None:
                host = urlparse(route_obj.request.url).hostname
                if route_obj.request.url.startswith(("data:", "blob:")) or host in LOOPBACK:
                    route_obj.continue_()
                else:
                    lab.blocked.append(route_obj.request.url)
                    route_obj.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on(
                "console",
                lambda m: m.type in ("error", "assert") and lab.console_errors.append(m.text),
            )
            page.on("pageerror", lambda e: lab.console_errors.append(f"page error: {e}"))
            yield page
        finally:
            browser.close()


# every chart output in a notebook, and whether it holds a drawn chart: an interactive chart
# drawn by vega-embed (SVG or canvas, with marks in it), or a still SVG or PNG image decoded
CHART_OUTPUTS = """() => {
    const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
    const drawn = (out) => {
        const live = out.querySelector('.cpcanalysis-chart');
        if (live) {
            const svg = live.querySelector('svg');
            return !!(live.querySelector('canvas') || (svg && svg.querySelector('.mark-group')));
        }
        const img = out.querySelector('img');
        if (img) { return img.complete && img.naturalWidth > 0; }
        return !!out.querySelector('svg .mark-group, canvas');
    };
    return outputs
        .filter(out => out.querySelector(
                           '.cpcanalysis-chart, img, .cpc-notebook-figure, .vega-embed, ' +
                           '[id^="altair-viz"]') ||
                       out.getAttribute('data-mime-type') === 'image/svg+xml' ||
                       out.getAttribute('data-mime-type') === 'image/png')
        .map(out => ({
            mime: out.getAttribute('data-mime-type'),
            kind: out.querySelector('.cpcanalysis-chart') ? 'interactive' :
                  (out.querySelector('img') || {src: ''}).src.slice(0, 15),
            drawn: drawn(out),
            text: out.textContent.slice(0, 200),
        }));
}"""

CELL_STATE = """() => {
    const cells = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell')];
    const prompts = cells.map(c => (c.querySelector('.jp-InputPrompt') || {}).textContent || '');
    return {
        cells: cells.length,
        running: prompts.filter(p => p.includes('*')).length,
        done: prompts.filter(p => /\\[\\d+\\]/.test(p)).length,
        errors: [...document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map(e => e.textContent.slice(0, 300)),
    };
}"""


KERNEL_IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"


def run_all_cells(page, lab: Lab, relative: str, *, timeout_s: float = 600) -> dict:
    """Open the notebook at ``relative`` (under the server's root), wait for its kernel, run
    every cell from the Run menu and wait until each has run; returns the cells' state."""
    page.goto(lab.tree(relative), wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=120_000)
    # a new workspace asks which kernel to start: the notebook's own, as a reader would pick
    choose = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        choose.wait_for(timeout=15_000)
        choose.click()
    except PlaywrightTimeout:
        pass
    page.wait_for_selector(KERNEL_IDLE, timeout=120_000)
    page.locator(".lm-MenuBar-item", has_text="Run").first.click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    deadline = time.monotonic() + timeout_s
    state = page.evaluate(CELL_STATE)
    while time.monotonic() < deadline and not (
        state["running"] == 0 and state["done"] == state["cells"]
    ):
        page.wait_for_timeout(500)
        state = page.evaluate(CELL_STATE)
    page.wait_for_timeout(1500)  # charts draw after their cell has run
    return state


try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # pragma: no cover - playwright is a dev dependency; require_chromium skips
    PlaywrightTimeout = TimeoutError  # type: ignore[misc,assignment]
