"""The stories of the working year in a real browser: switching the 工作年度 keeps the departments that still
exist (and says which were dropped); a department that has only 2022 targets can be chosen and its
targets are shown; Enter selects one option; the phone layout at 390 px; an export equals the table on
the page cell by cell. Every page is photographed at 1440 and 390 px for each working year."""

from __future__ import annotations

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qs, quote, urlparse

import pytest
from support.browser_session import screenshot, wait_until_rendered

from dashboard import format

pytestmark = pytest.mark.browser

PAGES = {
    "": "总览",
    "execution": "预算执行",
    "scores": "评分与等级",
    "targets": "绩效目标与指标",
    "evaluations": "评价结果",
    "problems": "问题清单",
    "detail": "明细与导出",
    "project": "项目详情",
}


def one(con, sql: str, params=()):
    return con.sql(sql, params=list(params)).fetchall()[0][0]


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def open_at(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("h1", timeout=60_000)
    wait_until_rendered(page)
    assert page.locator('[data-testid="stException"]').count() == 0


def rerun_settled(page) -> None:
    page.wait_for_timeout(600)
    wait_until_rendered(page)


def sidebar_text(page) -> str:
    return page.locator('[data-testid="stSidebar"]').inner_text()


def choose_working_year(page, year: int) -> None:
    # exactly the 工作年度 box (the 固定预算年度 box mentions 工作年度 in its placeholder)
    box = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(
        has=page.get_by_text("工作年度", exact=True)
    )
    field = box.locator('input[role="combobox"]')
    field.click()
    option = page.get_by_role("option", name=str(year), exact=True)
    try:
        option.click(timeout=10_000)
    except Exception:  # a narrow screen may not open the list on click: type the year and take it
        field.fill(str(year))
        field.press("Enter")
    page.wait_for_function(
        f"() => new URL(location.href).searchParams.get('wy') === '{year}'", timeout=20_000
    )
    rerun_settled(page)


def type_department(page, text: str) -> None:
    box = page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').filter(has_text="主管部门")
    box.locator("input").click()
    page.keyboard.type(text)
    page.wait_for_timeout(400)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    rerun_settled(page)


def test_switching_the_working_year_keeps_the_departments_that_still_exist(page, app_url, stage_con):
    kept = one(
        stage_con,
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = 2022 INTERSECT "
        "SELECT department FROM mart.performance_target WHERE fiscal_year = 2022 ORDER BY 1 LIMIT 1",
    )
    dropped = one(
        stage_con,
        "SELECT department FROM mart.performance_target WHERE fiscal_year = 2022 EXCEPT "
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = 2022 ORDER BY 1 LIMIT 1",
    )
    open_at(page, f"{app_url}/?wy=2022&dept={quote(kept)}&dept={quote(dropped)}")
    assert query(page)["dept"] == [kept, dropped]
    choose_working_year(page, 2023)
    page.wait_for_function(
        "() => new URL(location.href).searchParams.getAll('dept').length === 1", timeout=20_000
    )
    assert query(page)["dept"] == [kept], "the URL equals the view"
    assert query(page)["wy"] == ["2023"]
    notice = sidebar_text(page)
    assert "已移出部门筛选" in notice and dropped in notice
    assert kept in page.locator('[data-testid="stMain"]').inner_text()
    assert "2022 年度项目自评（2023 年开展）" in page.locator('[data-testid="stMain"]').inner_text()
    screenshot(page, "story_year_switch_keeps_department")


def test_a_department_with_only_2022_targets_is_chosen_and_its_targets_shown(page, app_url, stage_con):
    department = one(
        stage_con,
        "SELECT department FROM mart.performance_target WHERE fiscal_year = 2022 AND scope = '项目' EXCEPT "
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = 2021 ORDER BY 1 LIMIT 1",
    )
    targets = one(
        stage_con,
        "SELECT count(*) FROM mart.performance_target WHERE fiscal_year = 2022 AND scope = '项目' "
        "AND department = ?",
        [department],
    )
    open_at(page, f"{app_url}/targets?wy=2022")
    type_department(page, department)
    page.wait_for_function(
        "() => new URL(location.href).searchParams.getAll('dept').length === 1", timeout=20_000
    )
    assert query(page)["dept"] == [department]
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert "2022 年度绩效目标（2022 年开展）" in main and department in main
    card = page.locator('[data-testid="stMetric"]').filter(has_text="项目绩效目标")
    assert format.count(targets) in card.inner_text()
    screenshot(page, "story_department_targets_2022")
    # Enter after a text that matches many departments adds the highlighted one only.
    type_department(page, "沙湾市")
    page.wait_for_timeout(800)
    assert len(query(page)["dept"]) == 2


def test_the_phone_layout(browser, app_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", has_touch=True)
    page = context.new_page()
    try:
        open_at(page, f"{app_url}/?wy=2022")
        page.wait_for_selector('[data-testid="stMetric"]')
        boxes = [page.locator('[data-testid="stMetric"]').nth(i).bounding_box() for i in range(3)]
        assert abs(boxes[0]["y"] - boxes[1]["y"]) < 2, "two KPI cards side by side"
        assert boxes[1]["x"] > boxes[0]["x"] + boxes[0]["width"] - 2
        assert boxes[2]["y"] > boxes[0]["y"] + boxes[0]["height"] - 2
        assert boxes[1]["x"] + boxes[1]["width"] <= 390
        overflow = page.evaluate("() => document.documentElement.scrollWidth")
        assert overflow <= 391, "tables scroll inside their frame, not the page"
        screenshot(page, "story_phone_overview")
        open_sidebar = (
            "() => document.querySelector('[data-testid=stSidebar]').getBoundingClientRect().right > 0"
        )
        if not page.evaluate(open_sidebar):
            page.locator('[data-testid="stExpandSidebarButton"]').click()
            page.wait_for_function(open_sidebar)
        choose_working_year(page, 2023)
        page.wait_for_function(f"() => !({open_sidebar})()", timeout=20_000)
        screenshot(page, "story_phone_after_choice")
    finally:
        context.close()


def _shown(text: str, kind: str) -> str:
    """A grid cell's value as the page displays it (the column's format)."""
    if text == "" or kind not in ("rate", "money", "score"):
        return text
    value = Decimal(text)
    if kind == "rate":
        return format.percent(value)
    if kind in ("money", "score"):
        return f"{value.quantize(Decimal('0.01'), ROUND_HALF_UP)}"
    return text


def test_the_csv_equals_the_table_on_the_page_cell_by_cell(browser, app_url, tmp_path):
    from dashboard import tables

    kinds = {c.label: c.kind for c in tables.DETAIL}
    # Wide enough for the grid to draw every column of the table.
    context = browser.new_context(
        viewport={"width": 3400, "height": 1400}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    try:
        dept = "沙湾市教育局"
        open_at(page, f"{app_url}/detail?wy=2022&dept={quote(dept)}")
        grid = page.locator('[data-testid="stDataFrame"]').first
        # The grid draws on a canvas and mirrors the drawn cells in an accessible (hidden) table.
        grid.locator("tbody tr").first.wait_for(state="attached")
        header = grid.locator("thead th").all_text_contents()
        assert header == [c.label for c in tables.DETAIL]
        rows = [r.locator("td").all_text_contents() for r in grid.locator("tbody tr").all()]
        caption = page.get_by_text(re.compile(r"共 [\d,]+ 个项目")).inner_text()
        total = int(re.search(r"共 ([\d,]+) 个项目", caption).group(1).replace(",", ""))
        assert len(rows) == total, "every row of the table is drawn"
        with page.expect_download() as info:
            page.get_by_role("button", name="下载 CSV").click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        lines = list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))
        assert "主管部门：沙湾市教育局" in lines[0][0] and "2021 年度项目自评（2022 年开展）" in lines[0][0]
        assert lines[1] == header
        body = lines[2:]
        assert len(body) == len(rows)
        for got, shown in zip(body, rows, strict=True):
            expected = [_shown(cell, kinds[label]) for cell, label in zip(shown, header, strict=True)]
            assert got == expected
        assert not any("jixiao-upload" in cell for row in body for cell in row)
    finally:
        context.close()


@pytest.mark.parametrize("width", [1440, 390])
@pytest.mark.parametrize("year", [2021, 2022, 2023])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_states_its_fiscal_years_on_every_working_year(browser, app_url, path, year, width):
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    try:
        open_at(page, f"{app_url}/{path}?wy={year}")
        page.wait_for_function(
            "() => /年开展/.test(document.querySelector('[data-testid=stMain]').innerText)", timeout=30_000
        )
        # Charts and tables load lazily: wait until no placeholder is left before the photograph.
        page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')", timeout=30_000)
        page.wait_for_timeout(1500)
        assert page.locator("h1").first.inner_text() == PAGES[path]
        main = page.locator('[data-testid="stMain"]').inner_text()
        assert re.search(r"\d{4} 年度.+（\d{4} 年开展）", main), "the page states its fiscal year and stage"
        assert "No results" not in main and "Download as CSV" not in main
        screenshot(page, f"wy{year}_{path or 'overview'}_{width}")
    finally:
        context.close()
