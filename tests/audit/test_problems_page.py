"""问题清单 in Streamlit's AppTest on the bundled sample: counts agree with mart.problem, the page's own
filters narrow the list, and the 结果应用 lists render."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import format

WRAPPER = str(Path(__file__).with_name("problems_app.py"))
YEAR = 2021


@pytest.fixture
def app(sample_db, monkeypatch):
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))
    at = AppTest.from_file(WRAPPER, default_timeout=60)
    at.query_params["year"] = str(YEAR)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def table(at, column: str):
    """The first table on the page with that column (AppTest does not expose a dataframe's key)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def count(con, where: str = "TRUE", params=()) -> int:
    return con.execute(
        f"SELECT count(*) FROM mart.problem WHERE fiscal_year = {YEAR} AND {where}", list(params)
    ).fetchall()[0][0]


def test_the_page_counts_what_the_audit_found(app, sample_con):
    assert app.title[0].value == "问题清单"
    shown = {m.label: m.value for m in app.metric}
    assert shown["问题总数"] == format.count(count(sample_con))
    assert shown["严重程度“高”"] == format.count(count(sample_con, "severity = '高'"))
    listed = table(app, "问题说明")
    assert len(listed) == count(sample_con)
    assert {"来源文件", "工作表", "行号"} <= set(listed.columns)


def test_the_rule_filter_narrows_the_list(app, sample_con):
    app.multiselect(key="problem_rules").set_value(["D10"]).run()
    assert not app.exception
    listed = table(app, "问题说明")
    assert len(listed) == count(sample_con, "rule_code = 'D10'") > 0
    assert set(listed["规则"]) == {"D10"}


def test_the_department_filter_applies_to_the_counts(app, sample_con):
    dept = sample_con.execute(
        f"SELECT department FROM mart.problem WHERE fiscal_year = {YEAR} GROUP BY 1 ORDER BY count(*) DESC, 1 "
        "LIMIT 1"
    ).fetchall()[0][0]
    app.sidebar.multiselect(key="dept").set_value([dept]).run()
    assert not app.exception
    shown = {m.label: m.value for m in app.metric}
    assert shown["问题总数"] == format.count(count(sample_con, "department = ?", [dept]))


def test_results_lists_render_with_the_budget_cut_total(app, sample_con):
    (expected,) = sample_con.execute(
        "SELECT count(*) FROM mart.project_self_eval WHERE fiscal_year = ? AND assessed AND finance_score < 80",
        [YEAR],
    ).fetchall()[0]
    cut = table(app, "建议扣减（万元）")
    # a self-assessed project under 80 is listed unless an evaluation of the year rated it 80 or more
    assert 0 < len(cut) <= expected
    assert any(m.label == "建议扣减合计（万元）" for m in app.metric)
    assert len(table(app, "覆盖比例")) > 0


def test_a_long_list_shows_its_first_rows_and_counts_the_whole(sample_db, sample_con, monkeypatch):
    """A national list is never shipped whole to the browser: the page shows its first rows, and says how
    many findings and departments the whole filtered list holds (the downloads hold every row)."""
    monkeypatch.setenv("JIXIAO_DB", str(sample_db))
    monkeypatch.setenv("JIXIAO_LIST_ROWS", "5")
    at = AppTest.from_file(WRAPPER, default_timeout=60)
    at.query_params["year"] = str(YEAR)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert len(table(at, "问题说明")) == 5
    total = count(sample_con)
    departments = sample_con.execute(
        f"SELECT count(DISTINCT department) FROM mart.problem WHERE fiscal_year = {YEAR}"
    ).fetchall()[0][0]
    expected = f"共 {total:,} 个问题，涉及 {departments:,} 个主管部门，显示前 5 个问题"
    assert any(c.value.startswith(expected) for c in at.caption), [c.value for c in at.caption]
