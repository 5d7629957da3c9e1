"""Every page in Streamlit's AppTest on a warehouse with all stages filled: it renders under the default
filters and at the edges (a fund category with no data, a department without data for the year), and after
a filter change shows the same number direct SQL gives."""

from __future__ import annotations

import duckdb
import pytest
from stagedata import SOURCE, stage_db_fixture  # noqa: F401  (session fixture)
from streamlit.testing.v1 import AppTest

from dashboard import format
from warehouse import paths

APP = str(paths.APP)
PAGES = {
    "overview": "总览",
    "execution": "预算执行",
    "scores": "评分与等级",
    "targets": "绩效目标与指标",
    "evaluations": "评价结果",
    "detail": "明细与导出",
    "project": "项目详情",
    "data_admin": "数据管理",
}
YEAR = 2021


@pytest.fixture
def con(stage_db):
    connection = duckdb.connect(str(stage_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture
def app(stage_db, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(stage_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = str(YEAR)
    at.run()
    assert not at.exception, at.exception
    return at


def one(con, sql: str, params=()):
    return con.sql(sql, params=list(params)).fetchall()[0][0]


def open_page(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def busiest_department(con) -> str:
    return one(
        con,
        "SELECT department FROM mart.evaluation WHERE fiscal_year = ? AND level = '部门评价' "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
        [YEAR],
    )


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_under_default_filters(app, page):
    open_page(app, page)
    assert app.title[0].value == PAGES[page]


@pytest.mark.parametrize("page", [p for p in PAGES if p != "data_admin"])
def test_a_fund_category_with_no_data_shows_the_empty_state(app, page):
    app.sidebar.multiselect(key="fund").set_value(["PPP"]).run()
    open_page(app, page)
    assert app.info, "expected a friendly empty-state message"
    assert not app.metric


@pytest.mark.parametrize("page", PAGES)
def test_a_department_without_data_for_the_year_renders(app, con, page):
    missing = one(
        con,
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = ? EXCEPT "
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = ? ORDER BY 1 LIMIT 1",
        [YEAR, YEAR - 1],
    )
    app.sidebar.multiselect(key="dept").set_value([missing]).run()
    app.sidebar.selectbox(key="year").set_value(YEAR - 1).run()
    open_page(app, page)
    assert app.title[0].value == PAGES[page]


def test_overview_shows_year_on_year_deltas_like_sql(app, con):
    dept = busiest_department(con)
    app.sidebar.multiselect(key="dept").set_value([dept]).run()
    open_page(app, "overview")
    count = {
        y: one(
            con,
            "SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = ? AND department = ? "
            "AND assessed",
            [y, dept],
        )
        for y in (YEAR, YEAR - 1)
    }
    card = next(m for m in app.metric if m.label == "开展自评项目")
    assert card.value == format.count(count[YEAR])
    assert card.delta == f"{count[YEAR] - count[YEAR - 1]:+,} 个"


def test_overview_funnel_counts_every_stage(app, con):
    open_page(app, "overview")
    import json

    funnel = next(json.loads(c.proto.spec) for c in app.get("plotly_chart") if "funnel" in c.proto.spec)
    shown = dict(zip(funnel["data"][0]["y"], funnel["data"][0]["x"], strict=True))
    assert shown["事前评估"] == one(
        con, "SELECT count(*) FROM mart.exante_assessment WHERE fiscal_year = ?", [YEAR]
    )
    assert shown["财政评价"] == one(
        con, "SELECT count(*) FROM mart.evaluation WHERE fiscal_year = ? AND level = '财政评价'", [YEAR]
    )
    assert shown["单位自评"] == one(
        con, "SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = ? AND assessed", [YEAR]
    )


def test_execution_page_counts_zero_execution_like_sql(app, con):
    dept = busiest_department(con)
    app.sidebar.multiselect(key="dept").set_value([dept]).run()
    open_page(app, "execution")
    rate = one(
        con,
        "SELECT sum(executed) / sum(budget) FROM mart.project_self_eval "
        "WHERE fiscal_year = ? AND department = ? AND assessed",
        [YEAR, dept],
    )
    assert metrics(app)["预算执行率"] == format.percent(rate)
    low = one(
        con,
        "SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = ? AND department = ? AND assessed "
        "AND budget > 0 AND coalesce(execution_rate, 0) < 0.6",
        [YEAR, dept],
    )
    assert metrics(app)["执行率低于 60% 的项目"] == format.count(low)


def test_scores_page_gap_equals_sql(app, con):
    app.sidebar.multiselect(key="fund").set_value(["政府性基金预算"]).run()
    open_page(app, "scores")
    self_mean, finance_mean = con.sql(
        "SELECT avg(self_score), avg(finance_score) FROM mart.project_self_eval "
        "WHERE fiscal_year = ? AND assessed AND fund_type = '政府性基金预算'",
        params=[YEAR],
    ).fetchall()[0]
    assert metrics(app)["财政评分平均分"] == format.score(finance_mean)
    assert metrics(app)["自评与财政评分之差"] == f"{format.signed(self_mean - finance_mean)} 分"


def test_targets_page_quantification_rate_is_the_mean_of_project_rates(app, con):
    dept = busiest_department(con)
    app.sidebar.multiselect(key="dept").set_value([dept]).run()
    open_page(app, "targets")
    rate = one(
        con,
        "SELECT avg(quantification_rate) FROM mart.performance_target "
        "WHERE fiscal_year = ? AND scope = '项目' AND department = ?",
        [YEAR, dept],
    )
    assert metrics(app)["项目指标量化率"] == format.percent(rate)
    app.radio(key="quant_rule").set_value("count_ratio").run()
    ratio = one(
        con,
        "SELECT sum(quantified_count) / sum(indicator_count) FROM mart.performance_target "
        "WHERE fiscal_year = ? AND scope = '项目' AND department = ?",
        [YEAR, dept],
    )
    assert metrics(app)["项目指标量化率"] == format.percent(ratio)


def test_evaluations_page_counts_and_coverage_like_sql(app, con):
    dept = busiest_department(con)
    app.sidebar.multiselect(key="dept").set_value([dept]).run()
    open_page(app, "evaluations")
    count = one(
        con,
        "SELECT count(*) FROM mart.evaluation WHERE fiscal_year = ? AND level = '部门评价' AND department = ?",
        [YEAR, dept],
    )
    assert metrics(app)["部门评价项目"] == format.count(count)
    coverage = one(
        con,
        "SELECT (SELECT sum(budget) FROM mart.evaluation WHERE fiscal_year = ? AND level = '部门评价' "
        "AND department = ?) / sum(budget) FROM mart.project_self_eval WHERE fiscal_year = ? AND assessed "
        "AND department = ?",
        [YEAR, dept, YEAR, dept],
    )
    table = app.dataframe[0].value
    assert table["主管部门"].tolist() == [dept]
    assert round(float(table["覆盖率"].iloc[0]), 6) == round(float(coverage), 6)


def test_detail_page_search_narrows_the_table_like_sql(app, con):
    app.sidebar.multiselect(key="fund").set_value(["一般公共预算"]).run()
    open_page(app, "detail")
    app.text_input(key="q").set_value("维修").run()
    expected = con.sql(
        "SELECT project_name FROM mart.project_self_eval WHERE fiscal_year = ? AND fund_type = '一般公共预算' "
        "AND (contains(project_name, '维修') OR contains(coalesce(project_code, ''), '维修') "
        "OR contains(department, '维修') OR contains(coalesce(unit, ''), '维修')) "
        "ORDER BY department, project_code, project_name",
        params=[YEAR],
    ).fetchall()
    table = app.dataframe[-1].value
    assert table["项目名称"].tolist() == [n for (n,) in expected]
    assert expected


def test_project_page_shows_every_stage_with_its_source_row(stage_db, monkeypatch, con):
    code, name = con.sql(
        "SELECT project_code, project_name FROM mart.indicator WHERE fiscal_year = ? AND stage = '自评' "
        "AND project_code IN (SELECT project_code FROM mart.evaluation) ORDER BY 1 LIMIT 1",
        params=[YEAR],
    ).fetchall()[0]
    monkeypatch.setenv("JIXIAO_DB", str(stage_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = str(YEAR)
    at.query_params["project"] = code
    at.run()
    open_page(at, "project")
    assert at.selectbox(key="project_pick").value == code
    assert at.query_params["project"] == code
    assert at.subheader[0].value == name
    stages = at.dataframe[0].value
    rows = con.sql(
        "SELECT source_row FROM mart.project_self_eval WHERE fiscal_year = ? AND project_code = ?",
        params=[YEAR, code],
    ).fetchall()
    self_eval = stages[stages["环节"] == "单位自评"]
    assert self_eval["行"].tolist() == [r for (r,) in rows]
    assert {"绩效目标", "绩效监控", "单位自评", "部门评价"} <= set(stages["环节"])
    indicators = one(
        con, "SELECT count(*) FROM mart.indicator WHERE fiscal_year = ? AND project_code = ?", [YEAR, code]
    )
    # the indicator tabs (目标/监控/自评) are the tables after the stages that list a 环节 per 三级指标
    tabs = [df.value for df in at.dataframe[1:] if {"环节", "三级指标"} <= set(df.value.columns)]
    assert sum(len(df) for df in tabs) == indicators


def test_data_page_lists_rejected_rows_with_reasons(app, con):
    open_page(app, "data_admin")
    count = one(con, "SELECT count(*) FROM mart.rejected_row")
    assert metrics(app)["被拒绝的行"] == f"{count:,} 行"
    shown = {r for df in app.dataframe for r in (df.value["原因"].tolist() if "原因" in df.value else [])}
    assert shown == {r for (r,) in con.sql("SELECT reason FROM mart.rejected_row").fetchall()}
    logged = {f for df in app.dataframe for f in (df.value["文件"].tolist() if "文件" in df.value else [])}
    assert SOURCE in logged or one(con, "SELECT count(*) FROM mart.load_log WHERE file = ?", [SOURCE]) == 0
