"""Sign-in in a real browser, once per role: what each sees, and what is refused."""

from __future__ import annotations

import duckdb
import pytest
from support.browser_session import running_server, screenshot, wait_until_rendered

from dashboard.navigation import PAGE_NOT_FOUND
from warehouse import accounts

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"


@pytest.fixture(scope="module")
def signed_app(stage_db, tmp_path_factory, chromium_path):
    """A server on the staged warehouse with accounts of every role (its own state file)."""
    home = tmp_path_factory.mktemp("access")
    db = home / "jixiao.duckdb"
    db.symlink_to(stage_db.resolve())
    con = duckdb.connect(str(stage_db.resolve()), read_only=True)
    mine, other = (
        d
        for (d,) in con.execute(
            "SELECT department FROM mart.project_self_eval WHERE fiscal_year = 2021 "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 2"
        ).fetchall()
    )
    con.close()
    accounts.add(db, "center", PASSWORD, "绩效中心")
    accounts.add(db, "leader", PASSWORD, "领导")
    accounts.add(db, "office", PASSWORD, "业务科室", fund_types=["社会保险基金预算"], office="社保科")
    accounts.add(db, "dept", PASSWORD, "部门", departments=[mine])
    with running_server(db) as url:
        yield {"url": url, "mine": mine, "other": other}


def open_sign_in(page, url: str, path: str = "/?year=2021") -> None:
    page.goto(url + path)
    page.get_by_role("button", name="登录").wait_for(timeout=60_000)
    wait_until_rendered(page)


def sign_in(page, url: str, username: str, password: str = PASSWORD, path: str = "/?year=2021") -> None:
    """A fresh browser session (a typed URL is one) signs in first, then lands on the page it asked for."""
    open_sign_in(page, url, path)
    page.get_by_label("账号").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    if password == PASSWORD:
        try:
            page.locator('[data-testid="stSidebarNav"]').wait_for(timeout=60_000)
        finally:
            screenshot(page, f"signed_in_{username}")
    wait_until_rendered(page)


def nav_titles(page) -> set[str]:
    """The page names in the sidebar (each link's text ends with its title, after the icon's ligature). Every
    page is listed: no list is folded behind Streamlit's English "View N more" button."""
    assert page.locator('[data-testid="stSidebarNavViewButton"]').count() == 0
    return {
        t.strip().splitlines()[-1] for t in page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()
    }


def test_the_sign_in_page_and_a_refused_password(page, signed_app):
    open_sign_in(page, signed_app["url"])
    assert page.locator('[data-testid="stMetric"]').count() == 0
    screenshot(page, "sign_in")
    sign_in(page, signed_app["url"], "leader", "wrong-password-123")
    page.get_by_text("账号或密码错误").wait_for(timeout=30_000)
    assert page.locator('[data-testid="stMetric"]').count() == 0


@pytest.mark.parametrize(
    ("username", "offered", "refused"),
    [
        ("center", {"总览", "数据管理", "操作日志"}, set()),
        ("leader", {"总览", "问题清单"}, {"数据管理", "操作日志"}),
        ("office", {"总览"}, {"数据管理", "操作日志"}),
        ("dept", {"总览", "项目详情"}, {"数据管理", "操作日志"}),
    ],
)
def test_each_role_is_offered_its_pages_only(page, signed_app, username, offered, refused):
    sign_in(page, signed_app["url"], username)
    titles = nav_titles(page)
    assert offered <= titles and not refused & titles, titles
    assert page.locator('[data-testid="stToast"]').count() == 0  # the address asked for an offered page
    screenshot(page, f"role_{username}")


def test_a_department_user_sees_only_its_department_even_with_a_hand_edited_url(page, signed_app):
    sign_in(page, signed_app["url"], "dept", path=f"/detail?year=2021&dept={signed_app['other']}")
    page.get_by_role("heading", name="明细与导出").wait_for(timeout=60_000)
    wait_until_rendered(page)
    text = page.locator('[data-testid="stAppViewContainer"]').inner_text()
    assert signed_app["other"] not in text
    assert page.locator('[data-testid="stException"]').count() == 0
    screenshot(page, "role_dept_detail")
    sign_in(page, signed_app["url"], "dept", path="/data")  # not offered to a department
    assert page.locator('[data-testid="stFileUploader"]').count() == 0
    # told so in Chinese, not by Streamlit's English "Page not found" dialog
    page.wait_for_selector('[data-testid="stToast"]', timeout=10_000)
    assert PAGE_NOT_FOUND in page.locator('[data-testid="stToast"]').inner_text()
    assert page.get_by_text("Page not found").count() == 0
