"""总览 in a real browser: no exception, the chart is drawn, Chinese is drawn in a CJK font, and the
downloaded workbook holds exactly the rows of the filtered table."""

from __future__ import annotations

import re
from urllib.parse import quote

import openpyxl
import pytest
from playwright.sync_api import expect
from support.browser_session import platform_fonts, screenshot, wait_until_rendered

pytestmark = pytest.mark.browser

CJK_FONT = re.compile(r"CJK|WenQuanYi|Source Han|Noto Sans SC|Noto Serif SC|Droid Sans Fallback", re.I)


def open_overview(page, url: str) -> None:
    page.goto(url)
    wait_until_rendered(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)


def test_overview_renders_with_chart_figures_and_chinese_glyphs(page, app_url):
    open_overview(page, f"{app_url}/?year=2021")
    assert page.locator('[data-testid="stException"]').count() == 0
    bars = page.locator('.st-key-grade_chart [data-testid="stPlotlyChart"] .bars .point')
    bars.first.wait_for(timeout=30_000)  # charts draw one after another; the grade chart may come last
    assert bars.count() == 4
    main = page.locator('[data-testid="stMain"]')
    # 145,683.48 and 142,844.15 万元 read in 亿元 in the cards (the exact sums are in their help).
    for figure in ("998 个", "627 个", "14.57 亿元", "14.28 亿元", "98.05%", "98.04", "94.50"):
        expect(main).to_contain_text(figure)  # the cards may still be drawing beside the charts
    fonts = platform_fonts(page, "h1")
    assert any(CJK_FONT.search(f) for f in fonts), fonts
    screenshot(page, "overview")


def _download_rows(page, folder) -> list[tuple]:
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("下载 Excel")).click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    target = folder / download.suggested_filename
    download.save_as(target)
    sheet = openpyxl.load_workbook(target, read_only=True)["项目清单"]
    return list(sheet.iter_rows(values_only=True))


def test_downloaded_xlsx_equals_the_filtered_table(page, app_url, stage_con, tmp_path):
    dept = "沙湾市教育局"
    open_overview(page, f"{app_url}/?year=2021&dept={quote(dept)}")
    caption = page.get_by_text(re.compile(r"共 [\d,]+ 个项目")).inner_text()
    shown = int(re.search(r"共 ([\d,]+) 个项目", caption).group(1).replace(",", ""))
    rows = _download_rows(page, tmp_path)
    assert "主管部门：沙湾市教育局" in rows[0][0]  # the filter line above the header
    header, body = rows[1], rows[2:]
    expected = stage_con.execute(
        "SELECT project_name, budget FROM mart.project_self_eval WHERE fiscal_year = 2021 AND department = ? "
        "ORDER BY department, project_code, project_name",
        [dept],
    ).fetchall()
    assert len(body) == shown == len(expected)
    name_col, budget_col = header.index("项目名称"), header.index("全年预算数（万元）")
    assert [(r[name_col], round(r[budget_col], 2)) for r in body] == [(n, float(b)) for n, b in expected]
    assert {r[header.index("主管部门")] for r in body} == {dept}
    screenshot(page, "overview_filtered")


def test_the_annual_report_downloads_from_the_overview(page, app_url, tmp_path):
    import docx

    open_overview(page, f"{app_url}/?year=2021")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("下载 2022 年度工作总结")).click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    texts = [p.text for p in docx.Document(target).paragraphs]
    assert texts[0] == "沙湾市 2022 年全面实施预算绩效管理工作总结"
    assert any("998 个" in t and "145683.48" in t for t in texts)
