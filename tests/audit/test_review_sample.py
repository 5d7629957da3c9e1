"""The bundled sample carries the seed's problems: a leader opening the 问题清单 sees what the work summary
describes, and the annual report can list the five problem types with counts and examples."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import audit, queries, schema
from warehouse.audit import RuleError


def test_at_least_fifteen_rules_fire_on_the_sample(sample_con):
    codes = {code for (code,) in sample_con.execute("SELECT DISTINCT rule_code FROM mart.problem").fetchall()}
    assert len(codes) >= 15, sorted(codes)
    assert {"R01", "R02", "R04", "R06", "L01", "L02", "L03"} <= codes


def test_each_of_the_seeds_five_problem_types_has_findings_and_an_example(sample_con):
    rows = queries.run(sample_con, "report_problem_types", years=[2021, 2022], regions=[]).to_dicts()
    assert [r["problem_type"][:2] for r in rows] == ["一、", "二、", "三、", "四、", "五、"]
    for row in rows:
        assert row["findings"] > 0, row["problem_type"]
        assert row["example"] and "：" in row["example"]


def test_departments_grade_themselves_above_what_their_forms_support(sample_con):
    stated, rescored, inflated = sample_con.execute(
        "SELECT avg(stated_score), avg(rescored), count(*) FILTER (WHERE difference > 1) FROM mart.rescore"
    ).fetchall()[0]
    assert stated > rescored
    assert inflated > 0


def test_projects_are_monitored_at_the_end_of_may_and_of_august(sample_con):
    months = sample_con.execute(
        "SELECT DISTINCT period_end_month FROM mart.project_light ORDER BY 1"
    ).fetchall()
    assert months == [(5,), (8,)]
    both = sample_con.execute(
        "SELECT count(*) FROM (SELECT project_name FROM mart.project_light GROUP BY ALL"
        " HAVING count(DISTINCT period_end_month) = 2 AND bool_and(worst_light = '红'))"
    ).fetchall()[0][0]
    assert both > 0  # red at both checkpoints: two failed reviews in a row can happen


def test_a_problem_type_naming_an_unknown_rule_is_refused(monkeypatch):
    monkeypatch.setitem(audit.settings(), "problem_types", {"一、测试": ["Z99"]})
    con = duckdb.connect()
    try:
        schema.migrate(con)
        with pytest.raises(RuleError, match="Z99"):
            schema.rebuild(con)
    finally:
        con.close()
