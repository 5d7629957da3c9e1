"""Every page in Streamlit's AppTest on a warehouse with all stages filled: it renders under the default
filters and at the edges (a fund category with no data, a department without data for the year), and after
a filter change shows the same number direct SQL gives."""

from __future__ import annotations

import json
from decimal import Decimal

import duckdb
import pytest
from stagedata import stage_db_fixture  # noqa: F401  (session fixture)
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
    "problems": "问题清单",
    "progress_ledger": "工作推进台账",
    "rectification_ledger": "整改台账",
    "scorecard": "部门考核",
    "detail": "明细与导出",
    "project": "项目详情",
    "indicator_library": "指标库",
    "data_admin": "数据管理",
    "audit_trail": "操作日志",
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
    at.query_params["fy"] = str(YEAR)
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


@pytest.mark.parametrize("page", ["overview", "execution", "scores", "evaluations", "detail"])
def test_a_fund_category_with_no_data_in_the_stage_shows_the_empty_state(stage_db, monkeypatch, page):
    # On working year 2022 PPP projects have 2022 targets (so PPP is offered) but no 2021 assessment.
    monkeypatch.setenv("JIXIAO_DB", str(stage_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["wy"] = "2022"
    at.run()
    assert "PPP" in at.sidebar.multiselect(key="fund").options
    at.sidebar.multiselect(key="fund").set_value(["PPP"]).run()
    open_page(at, page)
    assert any("筛选下，2021 年度" in i.value for i in at.info), "expected the empty state to name the year"
    assert not at.metric


@pytest.mark.parametrize("page", PAGES)
def test_a_department_without_data_for_the_year_renders(app, con, page):
    missing = one(
        con,
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = ? EXCEPT "
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = ? ORDER BY 1 LIMIT 1",
        [YEAR, YEAR - 1],
    )
    app.sidebar.multiselect(key="dept").set_value([missing]).run()
    app.sidebar.selectbox(key="fy").set_value(YEAR - 1).run()
    open_page(app, page)
    assert app.title[0].value == PAGES[page]


def test_overview_deltas_compare_the_projects_assessed_in_both_years(app, con):
    dept = busiest_department(con)
    app.sidebar.multiselect(key="dept").set_value([dept]).run()
    open_page(app, "overview")
    matched = """
        WITH k AS (SELECT coalesce(project_code, project_name) AS k FROM mart.project_self_eval
                   WHERE fiscal_year = ? AND department = ? AND assessed
                   INTERSECT
                   SELECT coalesce(project_code, project_name) FROM mart.project_self_eval
                   WHERE fiscal_year = ? AND department = ? AND assessed)
        SELECT avg(finance_score), count(*) FROM mart.project_self_eval
        WHERE fiscal_year = ? AND department = ? AND assessed AND coalesce(project_code, project_name) IN (SELECT k FROM k)
    """
    now, n = con.sql(matched, params=[YEAR, dept, YEAR - 1, dept, YEAR, dept]).fetchall()[0]
    before, _ = con.sql(matched, params=[YEAR, dept, YEAR - 1, dept, YEAR - 1, dept]).fetchall()[0]
    assert n > 0
    card = next(m for m in app.metric if m.label == "财政评分平均分")
    assert card.delta == f"{format.signed(now - before)} 分"
    assert not next(m for m in app.metric if m.label == "开展自评项目").delta  # same projects by definition
    assert any(f"都开展自评的 {n:,} 个项目" in c.value for c in app.caption)


def test_overview_funnel_counts_every_stage(app, con):
    open_page(app, "overview")
    import json

    funnel = next(json.loads(c.proto.spec) for c in app.get("plotly_chart") if "funnel" in c.proto.spec)
    shown = dict(zip(funnel["data"][0]["y"], funnel["data"][0]["x"], strict=True))
    assert shown[f"{YEAR} 年度事前评估"] == one(
        con, "SELECT count(*) FROM mart.exante_assessment WHERE fiscal_year = ?", [YEAR]
    )
    assert shown[f"{YEAR} 年度财政评价"] == one(
        con, "SELECT count(*) FROM mart.evaluation WHERE fiscal_year = ? AND level = '财政评价'", [YEAR]
    )
    assert shown[f"{YEAR} 年度单位自评"] == one(
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
    app.session_state["coverage_details"] = True  # the per-department table opens on request
    app.run()
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
    at.query_params["fy"] = str(YEAR)
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
    files = {f for (f,) in con.sql("SELECT file FROM mart.load_log").fetchall()}
    assert files and files <= logged, files - logged


def test_the_working_year_takes_each_stage_from_its_cycle(stage_db, monkeypatch, con):
    # Working year 2022: targets of fiscal 2022, self-assessments of fiscal 2021 — on one funnel.
    monkeypatch.setenv("JIXIAO_DB", str(stage_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["wy"] = "2022"
    at.run()
    assert not at.exception
    import json

    funnel = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "funnel" in c.proto.spec)
    shown = dict(zip(funnel["data"][0]["y"], funnel["data"][0]["x"], strict=True))
    assert shown["2022 年度绩效目标"] == one(
        con, "SELECT count(*) FROM mart.performance_target WHERE fiscal_year = 2022 AND scope = '项目'"
    )
    assert shown["2021 年度单位自评"] == one(
        con, "SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = 2021 AND assessed"
    )
    open_page(at, "targets")
    assert at.caption[0].value.startswith("2022 年度绩效目标（2022 年开展）")
    open_page(at, "evaluations")
    assert at.caption[0].value.startswith("2021 年度部门评价与财政重点评价（2022 年开展）")


def test_an_empty_stage_names_the_working_year_that_has_it_and_goes_there(stage_db, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(stage_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["wy"] = "2023"
    at.run()
    open_page(at, "targets")
    assert any("2023 年度绩效目标（2023 年开展）没有数据" in i.value for i in at.info)
    at.button(key="targets_empty").click().run()
    assert at.sidebar.selectbox(key="wy").value == 2022
    assert at.metric, "the targets of 2022 are shown after the switch"


def test_changing_the_working_year_keeps_departments_that_still_exist(stage_db, monkeypatch, con):
    monkeypatch.setenv("JIXIAO_DB", str(stage_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["wy"] = "2022"
    at.run()
    kept = one(
        con,
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = 2022 INTERSECT "
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = 2021 ORDER BY 1 LIMIT 1",
    )
    gone = one(
        con,
        "SELECT department FROM mart.performance_target WHERE fiscal_year = 2022 EXCEPT "
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = 2022 ORDER BY 1 LIMIT 1",
    )
    at.sidebar.multiselect(key="dept").set_value([kept, gone]).run()
    at.sidebar.selectbox(key="wy").set_value(2023).run()
    assert not at.exception
    assert at.sidebar.multiselect(key="dept").value == [kept]
    assert any(gone in c.value and "已移出部门筛选" in c.value for c in at.sidebar.caption)


def test_the_progress_ledger_shows_the_stages_due_in_the_working_year(stage_db, monkeypatch, con):
    # the 2022 单位自评 is due in 2023: work of 2023, not of working year 2022
    monkeypatch.setenv("JIXIAO_DB", str(stage_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["wy"] = "2022"
    at.run()
    open_page(at, "progress_ledger")
    due_in_2022 = "SELECT count(*) FROM mart.submission WHERE year(due_date) = 2022 AND status <> '不适用'"
    missing = due_in_2022 + " AND status = '未报送'"
    assert metrics(at)["应报送（部门·环节）"] == f"{one(con, due_in_2022):,}"
    assert metrics(at)["未报送"] == f"{one(con, missing):,}"
    later = "SELECT count(*) FROM mart.submission WHERE fiscal_year = 2022 AND year(due_date) = 2023"
    assert one(con, later) > 0  # there is a later stage of fiscal 2022 to leave out


def test_the_ledgers_show_their_first_rows_and_count_every_row(stage_db, monkeypatch, con):
    monkeypatch.setenv("JIXIAO_DB", str(stage_db))
    monkeypatch.setenv("JIXIAO_LIST_ROWS", "5")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["wy"] = "2022"
    at.run()
    open_page(at, "progress_ledger")
    due = one(con, "SELECT count(*) FROM mart.submission WHERE year(due_date) = 2022")
    assert any(f"共 {due:,} 条，显示前 5 条" in c.value for c in at.caption)
    open_page(at, "rectification_ledger")
    assert any("显示前 5 项" in c.value for c in at.caption)


def test_project_page_keeps_the_project_looked_at_across_pages(app, con):
    code = one(
        con,
        "SELECT project_code FROM mart.project_self_eval WHERE fiscal_year = ? AND project_code IS NOT NULL "
        "ORDER BY 1 LIMIT 1",
        [YEAR],
    )
    open_page(app, "project")
    app.selectbox(key="project_pick").set_value(code).run()
    assert app.query_params["project"] == code
    # a sidebar link carries no project: coming back shows the project last looked at
    open_page(app, "scores")
    app.query_params.pop("project", None)
    open_page(app, "project")
    assert app.selectbox(key="project_pick").value == code
    assert app.subheader, "the project's stages are drawn"
    # cleared by the user, it stays cleared
    app.selectbox(key="project_pick").set_value(None).run()
    open_page(app, "scores")
    open_page(app, "project")
    assert app.selectbox(key="project_pick").value is None
    assert "project" not in app.query_params


def test_scores_scatter_draws_every_assessed_project_when_its_tab_is_opened(app, con):
    open_page(app, "scores")
    drawn = [c.proto.id for c in app.get("plotly_chart")]
    assert any(i.endswith("score_histogram") for i in drawn)
    assert not any(i.endswith("score_scatter") for i in drawn), "the scatter waits for its tab"
    app.session_state["score_tabs"] = "得分与执行率（逐个项目）"
    app.run()
    assert not app.exception
    import json

    (scatter,) = [
        json.loads(c.proto.spec) for c in app.get("plotly_chart") if c.proto.id.endswith("score_scatter")
    ]
    points = sum(len(trace["x"]) for trace in scatter["data"])
    assert points == one(
        con,
        "SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = ? AND assessed "
        "AND finance_score IS NOT NULL AND execution_rate IS NOT NULL",
        [YEAR],
    )


@pytest.mark.parametrize(
    "page, key",
    [
        ("execution", "monitoring_behind_list"),
        ("targets", "target_department_details"),
        ("evaluations", "coverage_details"),
        ("scores", "score_details"),
    ],
)
def test_a_details_table_is_drawn_when_its_expander_is_opened(stage_db, monkeypatch, page, key):
    monkeypatch.setenv("JIXIAO_DB", str(stage_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["wy"] = "2022"  # every stage of the cycle has data
    at.run()
    open_page(at, page)
    closed = len(at.dataframe)
    assert [e for e in at.expander if e.proto.id.rsplit("-", 1)[-1] == key], f"{page}: no expander {key}"
    at.session_state[key] = True
    at.run()
    assert not at.exception
    assert len(at.dataframe) == closed + 1


@pytest.mark.parametrize("page", PAGES)
def test_counts_in_tables_are_grouped_by_thousands(app, page):
    # a count column (项目数, 指标数 …) reads 1,287 as every metric does, never 1287
    open_page(app, page)
    for frame in app.dataframe:
        config = json.loads(frame.proto.columns or "{}")
        for label, column in frame.value.items():
            # sums of counts arrive as decimals (object columns in pandas): numbers all the same
            numbers = column.dropna().map(lambda v: isinstance(v, int | Decimal) and not isinstance(v, bool))
            if str(label).endswith("数") and (column.dtype.kind in "iu" or (len(numbers) and numbers.all())):
                shown = config.get(label, {}).get("type_config", {}).get("format")
                assert shown == "localized", f"{PAGES[page]}：表格列「{label}」未按千位分组"
