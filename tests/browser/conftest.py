"""A real dashboard server on the sample warehouse, driven by Debian's Chromium through Playwright
(helpers in tests/support/browser_session.py).

On CI (CI=true) a missing browser fails the run; on a laptop without Chromium these tests skip."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb
import pytest
from support.browser_session import CHROMIUM_ARGS, find_chromium, running_server

# The stage-filled warehouse builder lives beside the AppTest tests.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "dashboard"))
from stagedata import stage_db_fixture  # noqa: E402, F401  (session fixture)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        message = "Chromium 未安装（Debian：apt-get install chromium fonts-noto-cjk），浏览器测试无法运行"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def stage_con(stage_db):
    con = duckdb.connect(str(stage_db), read_only=True)
    yield con
    con.close()


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
