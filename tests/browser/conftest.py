"""A real dashboard server on the sample warehouse, driven by Debian's Chromium through Playwright.

On CI (CI=true) a missing browser fails the run; on a laptop without Chromium these tests skip."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from warehouse.paths import CHECKOUT

# The stage-filled warehouse builder lives beside the AppTest tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "dashboard"))
from stagedata import stage_db_fixture  # noqa: E402, F401  (session fixture)
from support.streamlit_client import server_command  # noqa: E402

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


def _chromium() -> str | None:
    return next((p for p in CHROMIUM_CANDIDATES if p and Path(p).exists()), None) or shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = _chromium()
    if path is None:
        message = "Chromium 未安装（Debian：apt-get install chromium fonts-noto-cjk），浏览器测试无法运行"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def stage_con(stage_db):
    con = duckdb.connect(str(stage_db), read_only=True)
    yield con
    con.close()


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


@pytest.fixture(scope="session")
def app_url(stage_db, chromium_path):
    with running_server(stage_db) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1500, "height": 1100}, accept_downloads=True, locale="zh-CN"
    )
    page = context.new_page()
    yield page
    context.close()


def wait_until_rendered(page, timeout: float = 60_000) -> None:
    """Streamlit has finished the run and the browser has drawn it: the app view is there, the running
    indicator is gone and no element is still a grey placeholder (its code, e.g. the chart library, still
    loading)."""
    page.wait_for_selector('[data-testid="stAppViewContainer"]', timeout=timeout)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
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
