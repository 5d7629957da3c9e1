"""总览 in Streamlit's AppTest: it renders, and the filters change the numbers exactly as direct SQL says."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import format
from warehouse import paths

APP = str(paths.APP)


@pytest.fixture
def app(sample_db, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    # The seed's working year: 2022 sets and monitors 2022 targets and assesses fiscal 2021.
    at.query_params["wy"] = "2022"
    at.run()
    assert not at.exception, at.exception
    return at


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected(con, where: str = "TRUE", params=()):
    row = con.execute(
        f"""
        SELECT count(*), count(*) FILTER (WHERE assessed),
               sum(budget) FILTER (WHERE assessed), sum(executed) FILTER (WHERE assessed),
               avg(finance_score) FILTER (WHERE assessed)
        FROM mart.project_self_eval WHERE fiscal_year = 2021 AND {where}""",
        list(params),
    ).fetchone()
    return {
        "上报项目": format.count(row[0]),
        "开展自评项目": format.count(row[1]),
        "全年预算数": format.wan_or_yi(row[2]),
        "全年执行数": format.wan_or_yi(row[3]),
        "预算执行率": format.percent(row[3] / row[2]),
        "财政评分平均分": format.score(row[4]),
    }


def test_default_view_shows_the_whole_year(app, sample_con):
    shown = metrics(app)
    assert {k: shown[k] for k in expected(sample_con)} == expected(sample_con)
    # the seed figures P21-1…9 as the summary prints them
    assert shown["上报项目"] == "998 个"
    assert shown["开展自评项目"] == "627 个"
    assert shown["全年预算数"] == "14.57 亿元"  # 145,683.48 万元, above 10,000 万元 in 亿元
    assert shown["全年执行数"] == "14.28 亿元"
    assert shown["预算执行率"] == "98.05%"
    assert shown["绩效目标完成率"] == "98.30%"
    assert shown["单位自评平均分"] == "98.04"
    assert shown["财政评分平均分"] == "94.50"
    assert app.sidebar.selectbox(key="wy").value == 2022
    assert app.caption[0].value.startswith("2021 年度项目自评（2022 年开展）")
    assert any("示例数据（合成）" in w.value for w in app.sidebar.warning)


def test_department_filter_changes_the_numbers_like_sql(app, sample_con):
    dept = sample_con.execute(
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = 2021 AND assessed "
        "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchone()[0]
    app.sidebar.multiselect(key="dept").set_value([dept]).run()
    assert not app.exception
    shown = metrics(app)
    assert {k: shown[k] for k in expected(sample_con)} == expected(sample_con, "department = ?", [dept])
    assert shown["上报项目"] != "998 个"


def test_fund_filter_matches_primary_category_or_tag(app, sample_con):
    app.sidebar.multiselect(key="fund").set_value(["中央转移支付"]).run()
    shown = metrics(app)
    count = sample_con.execute(
        "SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = 2021 "
        "AND list_contains(fund_tags, '中央转移支付')"
    ).fetchone()[0]
    assert shown["上报项目"] == format.count(count)
    assert shown["开展自评项目"] == "0 个"


def test_a_filter_that_matches_nothing_shows_a_friendly_message(app):
    app.sidebar.multiselect(key="fund").set_value(["PPP"]).run()
    assert not app.exception
    assert not app.metric
    assert any("2021 年度项目自评（2022 年开展）没有数据" in i.value for i in app.info)


def test_the_table_holds_exactly_the_filtered_projects(app, sample_con):
    dept = "沙湾市教育局"
    app.sidebar.multiselect(key="dept").set_value([dept]).run()
    table = app.dataframe[-1].value
    names = sample_con.execute(
        "SELECT project_name FROM mart.project_self_eval WHERE fiscal_year = 2021 AND department = ? "
        "ORDER BY project_code, project_name",
        [dept],
    ).fetchall()
    assert table["项目名称"].tolist() == [n for (n,) in names]


def test_without_a_year_in_the_url_the_latest_working_year_opens(sample_db, monkeypatch):
    # The sample's 2022 bond self-assessments are assessed in working year 2023: the latest with any data.
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    year = at.sidebar.selectbox(key="wy")
    assert year.value == 2023
    # 2023: the bond self-assessments; 2022: the summary's year; 2021: the 2021 target forms of the review sample
    assert [int(y) for y in year.options] == [2023, 2022, 2021]
    assert at.caption[0].value.startswith("2022 年度项目自评（2023 年开展）")


def test_a_link_from_before_the_working_year_pins_its_fiscal_year(sample_db, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["year"] = "2021"
    at.run()
    assert not at.exception
    assert at.sidebar.selectbox(key="fy").value == 2021
    assert metrics(at)["开展自评项目"] == "627 个"


def test_the_department_list_holds_every_stage_of_the_working_year(app, sample_con):
    # 2022's departments with targets or monitoring but no 2021 assessment can be chosen on 2022.
    only_targets = sample_con.execute(
        "SELECT department FROM mart.performance_target WHERE fiscal_year = 2022 EXCEPT "
        "SELECT department FROM mart.project_self_eval WHERE fiscal_year = 2021 ORDER BY 1"
    ).fetchall()
    options = set(app.sidebar.multiselect(key="dept").options)
    assert only_targets and {d for (d,) in only_targets} <= options


def test_without_a_previous_year_no_card_shows_a_change(app, sample_con):
    # the sample assesses 2021 only: nothing to compare like for like, so no arrow and a caption that says so
    assert sample_con.execute(
        "SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = 2020"
    ).fetchone() == (0,)
    assert all(not m.delta for m in app.metric)
    assert any("2020 年度没有同口径" in c.value for c in app.caption)


def _department_tables_script():
    import polars as pl

    from dashboard import tables, ui

    spec = [tables.Column("department", "主管部门"), tables.Column("projects", "项目数", "int")]
    empty = pl.DataFrame(schema={"department": pl.String, "projects": pl.Int64})
    ui.department_table(empty, spec, key="none")
    ui.department_table(pl.DataFrame({"department": ["教育局"], "projects": [3]}), spec, key="one")


def test_a_ranking_without_departments_says_so_in_chinese_and_draws_no_empty_grid():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_department_tables_script).run()
    assert not at.exception
    assert [c.value for c in at.caption] == ["筛选范围内没有部门。"]
    assert len(at.dataframe) == 1  # only the table that has a row
