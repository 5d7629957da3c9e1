"""Driving the real dashboard in headless Chromium: find the browser, serve a warehouse on a free port,
wait until a page has been drawn, photograph it and ask which fonts drew its text."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from support.streamlit_client import server_command
from warehouse.paths import CHECKOUT

SCREENSHOTS = CHECKOUT / "artifacts" / "screenshots"
CHROMIUM_CANDIDATES = [
    os.environ.get("JIXIAO_CHROMIUM", ""),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    return next((p for p in CHROMIUM_CANDIDATES if p and Path(p).exists()), None) or shutil.which("chromium")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(db: Path):
    """A dashboard server on warehouse `db`, on a free port, until the block ends; yields its URL."""
    port = _free_port()
    server = subprocess.Popen(
        server_command(CHECKOUT, port),
        cwd=CHECKOUT,
        env={**os.environ, "JIXIAO_DB": str(db)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        pytest.fail(f"看板服务未能启动：{server.stderr.read().decode()[-2000:]}")
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def wait_until_rendered(page, timeout: float = 60_000) -> None:
    """Streamlit has finished the run and the browser has drawn it: the app view is there, the script run
    is over (the app's `data-test-script-state`), the running indicator is gone and no element is still a
    grey placeholder (its code, e.g. the chart library, still loading)."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'"
        " && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        ' && !document.querySelector(\'[data-testid="stMain"] [data-testid="stSkeleton"]\')',
        timeout=timeout,
    )
    page.wait_for_timeout(500)


def screenshot(page, name: str) -> Path:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to the content first."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stMainBlockContainer], [data-testid=stSidebarContent]')]"
        ".map(e => e.scrollHeight))"
    )
    page.set_viewport_size(
        {"width": size["width"], "height": min(max(int(height) + 60, size["height"]), 8000)}
    )
    page.wait_for_timeout(800)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def platform_fonts(page, selector: str) -> list[str]:
    """The fonts Chromium actually used to draw the text of an element (not just the CSS request)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [f["familyName"] for f in fonts]
