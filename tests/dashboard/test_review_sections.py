"""The 独立复核 sections on the bundled sample: 评分与等级 shows stated against recomputed scores beside the
finance gap, 预算执行 shows the lights per checkpoint, 项目详情 each indicator's lights and history, and the
指标库 page its table and a workbook departments can open."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import review_sections
from warehouse import paths, queries


@pytest.fixture
def sample_app(sample_db, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))

    def open_page(page: str, year: int, **query) -> AppTest:
        at = AppTest.from_file(str(paths.APP), default_timeout=90)
        at.query_params["year"] = str(year)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, [e.message for e in at.exception]
        return at

    return open_page


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_scores_page_shows_stated_against_recomputed_scores(sample_app, sample_con):
    at = sample_app("scores", 2021)
    shown = _metrics(at)
    stated, rescored = sample_con.execute(
        "SELECT avg(stated_score), avg(rescored) FROM mart.rescore WHERE fiscal_year = 2021"
    ).fetchall()[0]
    assert shown["复核平均分"] == f"{float(rescored):.2f}"
    assert shown["填报自评平均分"] == f"{float(stated):.2f}"
    assert shown["单位自评 − 复核"].startswith("+")


def test_execution_page_counts_projects_by_their_worst_light(sample_app, sample_con):
    at = sample_app("execution", 2022)
    red = sample_con.execute(
        "SELECT count(*) FROM mart.project_light WHERE fiscal_year = 2022 AND period_end_month = 8"
        " AND worst_light = '红'"
    ).fetchall()[0][0]
    assert _metrics(at)["红灯项目"] == f"{red} 个"


def test_project_page_lists_each_indicators_lights_and_history(sample_app, sample_con):
    code, name = sample_con.execute(
        "SELECT l.project_code, l.project_name FROM mart.project_light l JOIN mart.indicator_history h"
        " ON h.fiscal_year = l.fiscal_year AND h.department = l.department AND h.project_name = l.project_name"
        " WHERE h.last_actual IS NOT NULL ORDER BY 1 LIMIT 1"
    ).fetchall()[0]
    at = sample_app("project", 2022, project=code)
    texts = [m.value for m in at.markdown]
    assert "#### 指标亮灯（监控）" in texts and "#### 指标历史（历史标准）" in texts
    frames = [df.value for df in at.dataframe]
    lights = next(f for f in frames if "亮灯" in f.columns)
    assert set(lights["监控月份"]) == {5, 8}
    history = next(f for f in frames if "上年实际完成值" in f.columns)
    assert history["上年实际完成值"].notna().any()


def test_indicator_library_page_and_its_workbook(sample_app, sample_con):
    at = sample_app("indicator_library", 2022)
    assert (
        at.dataframe[0].value.shape[0]
        == sample_con.execute("SELECT count(*) FROM mart.indicator_library").fetchall()[0][0]
    )
    frame = queries.run(sample_con, "review_indicator_library", sectors=["教育"], second_levels=[])
    book = openpyxl.load_workbook(io.BytesIO(review_sections.library_workbook(frame, [("行业", "教育")])))
    sheet = book["指标库"]
    # like every export: a line stating the filters, then the header, then the rows
    assert sheet.cell(1, 1).value.startswith("行业：教育")
    assert [c.value for c in sheet[2]][:4] == ["行业", "一级指标", "二级指标", "三级指标"]
    assert sheet.max_row == frame.height + 2
    assert {sheet.cell(r, 1).value for r in range(3, sheet.max_row + 1)} == {"教育"}


def test_light_bands_caption_states_the_configured_default():
    assert review_sections.bands_caption().startswith("实际进度 ÷ 序时进度")
    assert "红灯 0%–60%" in review_sections.bands_caption()
    assert "蓝灯 ≥120%" in review_sections.bands_caption()


def test_library_frame_keeps_no_placeholder_names(sample_con):
    names = queries.run(sample_con, "review_indicator_library", sectors=[], second_levels=[])["level3"]
    assert not names.str.contains(r"^指标\d").any()
    assert isinstance(names, pl.Series)
