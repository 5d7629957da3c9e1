"""Every page in a real browser: no exception, charts drawn, Chinese drawn in a CJK font, a screenshot per
page (light theme; 总览 also dark); 明细与导出's workbook holds exactly the filtered rows; clicks drill down."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, quote, urlparse

import openpyxl
import pytest
from support.browser_session import platform_fonts, screenshot, wait_until_rendered
from test_overview_browser import CJK_FONT

from dashboard.navigation import PAGE_NOT_FOUND

pytestmark = pytest.mark.browser

YEAR = 2021
# url path → (title, draws charts, year shown)
PAGES = {
    "execution": ("预算执行", True, YEAR),
    "scores": ("评分与等级", True, YEAR),
    # The sample's target forms are 2022's.
    "targets": ("绩效目标与指标", True, 2022),
    "evaluations": ("评价结果", True, YEAR),
    "problems": ("问题清单", True, YEAR),
    "detail": ("明细与导出", False, YEAR),
    "project": ("项目详情", False, YEAR),
    "data": ("数据管理", False, YEAR),
}


def visit(page, url: str, charts: bool) -> None:
    page.goto(url)
    wait_until_rendered(page)
    if charts:
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
        page.wait_for_timeout(500)
    assert page.locator('[data-testid="stException"]').count() == 0


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_with_charts_and_chinese_glyphs(page, app_url, stage_con, path):
    title, charts, year = PAGES[path]
    extra = ""
    if path == "project":
        code = stage_con.sql(
            "SELECT project_code FROM mart.evaluation WHERE fiscal_year = ? AND level = '财政评价' ORDER BY 1 LIMIT 1",
            params=[YEAR],
        ).fetchall()[0][0]
        extra = f"&project={code}"
    visit(page, f"{app_url}/{path}?year={year}{extra}", charts)
    assert page.locator("h1").first.inner_text() == title
    if charts:
        assert page.locator('[data-testid="stPlotlyChart"] .main-svg').count() >= 2
    fonts = platform_fonts(page, "h1")
    assert any(CJK_FONT.search(f) for f in fonts), fonts
    screenshot(page, path)


def test_overview_is_readable_in_the_dark_theme(browser, app_url):
    context = browser.new_context(
        viewport={"width": 1500, "height": 1100}, locale="zh-CN", color_scheme="dark"
    )
    page = context.new_page()
    try:
        visit(page, f"{app_url}/?year={YEAR}", charts=True)
        background = page.evaluate(
            "() => getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor"
        )
        text = page.evaluate("() => getComputedStyle(document.querySelector('h1')).color")
        assert _luminance(background) < 0.2 < 0.6 < _luminance(text), (background, text)
        screenshot(page, "overview_dark")
    finally:
        context.close()


def _luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", css)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_detail_download_equals_direct_sql(page, app_url, stage_con, tmp_path):
    dept = "沙湾市教育局"
    fund = "一般公共预算"
    visit(page, f"{app_url}/detail?year={YEAR}&dept={quote(dept)}&fund={quote(fund)}", charts=False)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"下载 Excel")).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    book = openpyxl.load_workbook(target, read_only=True)
    rows = list(book["项目明细"].iter_rows(values_only=True))
    header, body = rows[1], rows[2:]
    expected = stage_con.sql(
        "SELECT project_code, project_name, budget, executed FROM mart.project_self_eval "
        "WHERE fiscal_year = ? AND department = ? AND (fund_type = ? OR list_contains(fund_tags, ?)) "
        "ORDER BY department, project_code, project_name",
        params=[YEAR, dept, fund, fund],
    ).fetchall()
    assert expected
    columns = [header.index(c) for c in ("项目编码", "项目名称", "全年预算数（万元）", "全年执行数（万元）")]
    got = [tuple(r[c] for c in columns) for r in body]
    # the numbers shown: money to 2 decimals
    assert [(c, n, b, e) for c, n, b, e in got] == [
        (c, n, float(round(b, 2)), float(round(e, 2))) for c, n, b, e in expected
    ]
    about = {r[0]: r[1] for r in book["说明"].iter_rows(values_only=True)}
    assert about["主管部门"] == dept and about["资金性质"] == fund
    screenshot(page, "detail_filtered")


def test_clicking_a_department_bar_narrows_the_department_filter(page, app_url):
    visit(page, f"{app_url}/execution?year={YEAR}", charts=True)
    chart = page.locator(".st-key-exec_by_department")
    chart.scroll_into_view_if_needed()
    first_bar = chart.locator(".bars .point path").first
    box = first_bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("() => new URL(location.href).searchParams.get('dept')", timeout=20_000)
    wait_until_rendered(page)
    dept = parse_qs(urlparse(page.url).query)["dept"]
    assert len(dept) == 1
    assert dept[0] in page.locator('[data-testid="stSidebar"]').inner_text()


def test_clicking_a_project_row_opens_its_detail(page, app_url):
    visit(page, f"{app_url}/detail?year={YEAR}&q={quote('维修')}", charts=False)
    grid = page.locator(".st-key-detail_table_0 [data-testid='stDataFrame']")
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # The row-selection checkbox of the first data row (header row is ~35px high).
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    # Page switches are client-side (no load event): wait for the path instead.
    page.wait_for_function("() => location.pathname.endsWith('/project')", timeout=20_000)
    wait_until_rendered(page)
    assert page.locator("h1").first.inner_text() == "项目详情"
    assert "project" in parse_qs(urlparse(page.url).query)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "各环节数据与来源" in page.locator('[data-testid="stMain"]').inner_text()


def test_an_address_naming_no_page_is_told_in_chinese(page, app_url):
    page.goto(f"{app_url}/no-such-page?year={YEAR}")
    wait_until_rendered(page)
    page.wait_for_selector('[data-testid="stToast"]', timeout=10_000)
    assert PAGE_NOT_FOUND in page.locator('[data-testid="stToast"]').inner_text()
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stMain"] h1').first.inner_text().strip() == "总览"
    # a page that exists opens without the notice
    page.goto(f"{app_url}/execution?year={YEAR}")
    wait_until_rendered(page)
    assert page.locator('[data-testid="stToast"]').count() == 0
