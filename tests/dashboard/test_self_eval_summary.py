"""The publish-time sums (mart.self_eval_summary, mart.funnel_summary) give the 总览 figures the rows give.

Every query that reads the sums is compared, for generated filter combinations (years, regions, departments,
fund categories, including values with no rows), with the same figure computed straight from
mart.project_self_eval and the stages' views — the SQL the page ran before the sums existed."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stagedata import stage_db_fixture  # noqa: F401  (session fixture)

from warehouse import queries

FACT_KPIS = """
SELECT count(*) AS reported, count(*) FILTER (WHERE assessed) AS assessed,
       count(*) FILTER (WHERE NOT assessed) AS not_assessed,
       sum(budget) FILTER (WHERE assessed) AS budget, sum(executed) FILTER (WHERE assessed) AS executed,
       sum(executed) FILTER (WHERE assessed) / nullif(sum(budget) FILTER (WHERE assessed), 0) AS execution_rate,
       avg(goal_completion_rate) FILTER (WHERE assessed) AS goal_completion_rate,
       avg(self_score) FILTER (WHERE assessed) AS mean_self_score,
       avg(finance_score) FILTER (WHERE assessed) AS mean_finance_score
FROM app.self_eval_scope($years, $regions, $departments, $funds)"""

FACT_GRADES = """
SELECT g.grade, count(p.grade) AS projects
FROM (VALUES ('优', 1), ('良', 2), ('中', 3), ('差', 4)) AS g(grade, ord)
LEFT JOIN app.self_eval_scope($years, $regions, $departments, $funds) p ON p.grade = g.grade AND p.assessed
GROUP BY g.grade, g.ord ORDER BY g.ord"""

FACT_RANKING = """
SELECT department, count(*) AS assessed, sum(budget) AS budget, sum(executed) AS executed,
       sum(executed) / nullif(sum(budget), 0) AS execution_rate, avg(finance_score) AS mean_finance_score,
       count(*) FILTER (WHERE grade = '差') AS grade_poor
FROM app.self_eval_scope($years, $regions, $departments, $funds) WHERE assessed
GROUP BY department ORDER BY mean_finance_score DESC, execution_rate DESC, department"""

FACT_TREND = """
SELECT fiscal_year, core.fund_group(fund_type, fund_tags) AS fund_group, count(*) AS assessed,
       sum(budget) AS budget, sum(executed) AS executed, sum(executed) / nullif(sum(budget), 0) AS execution_rate,
       CAST(sum(finance_score) AS DOUBLE) / nullif(count(finance_score), 0) AS mean_finance_score
FROM app.self_eval_scope($years, $regions, $departments, $funds) WHERE assessed
GROUP BY ALL ORDER BY fund_group, fiscal_year"""

FACT_MATCHED = """
WITH cur AS (SELECT *, coalesce(project_code, project_name) AS k
             FROM app.self_eval_scope($years, $regions, $departments, $funds) WHERE assessed),
prev AS (SELECT *, coalesce(project_code, project_name) AS k
         FROM app.self_eval_scope($previous_years, $regions, $departments, $funds) WHERE assessed),
matched AS (SELECT region, department, k FROM cur INTERSECT SELECT region, department, k FROM prev),
sides AS (SELECT 'current' AS side, c.* FROM cur c SEMI JOIN matched m USING (region, department, k)
          UNION ALL SELECT 'previous', p.* FROM prev p SEMI JOIN matched m USING (region, department, k))
SELECT s.side, count(x.side) AS projects, sum(x.budget) AS budget, sum(x.executed) AS executed,
       sum(x.executed) / nullif(sum(x.budget), 0) AS execution_rate,
       avg(x.goal_completion_rate) AS goal_completion_rate, avg(x.self_score) AS mean_self_score,
       avg(x.finance_score) AS mean_finance_score
FROM (VALUES ('current'), ('previous')) AS s(side) LEFT JOIN sides x ON x.side = s.side
GROUP BY s.side ORDER BY s.side"""

# the funnel from the stages themselves: each stage scanned through its app.*_scope macro
FACT_FUNNEL = """
WITH latest_monitoring AS (  -- each project's latest checkpoint: stored at publish (mart.monitoring_latest)
    SELECT budget
    FROM mart.monitoring_latest
    WHERE len($funds) = 0 AND fund_uniform
      AND app.in_scope(fiscal_year, region, department, $monitoring_years, $regions, $departments)
    UNION ALL  -- a project whose checkpoints differ in fund: its latest checkpoint in scope, from the checkpoints
    SELECT arg_max(m.budget, m.period_end_month) AS budget
    FROM app.monitoring_scope($monitoring_years, $regions, $departments, $funds) m
    JOIN mart.monitoring_latest n  -- a join, not EXISTS: a correlated lookup would group every checkpoint
      ON NOT n.fund_uniform AND n.fiscal_year = m.fiscal_year AND n.region = m.region
     AND n.department = m.department AND n.project_key IS NOT DISTINCT FROM coalesce(m.project_code, m.project_name)
    WHERE len($funds) = 0 AND m.scope = '项目'
    GROUP BY m.fiscal_year, m.region, m.department, coalesce(m.project_code, m.project_name)
    UNION ALL  -- under a fund filter: each project's latest checkpoint of that fund
    SELECT arg_max(budget, period_end_month) AS budget
    FROM app.monitoring_scope($monitoring_years, $regions, $departments, $funds)
    WHERE len($funds) > 0 AND scope = '项目'
    GROUP BY fiscal_year, region, department, coalesce(project_code, project_name)
)
SELECT 1 AS ord, '事前评估' AS stage, 'exante' AS stage_key, count(*) AS projects, sum(amount) AS amount
FROM app.exante_scope($exante_years, $regions, $departments, $funds)
UNION ALL
SELECT 2, '绩效目标', 'target', count(*), sum(budget)
FROM app.target_scope($target_years, $regions, $departments, $funds) WHERE scope = '项目'
UNION ALL
SELECT 3, '绩效监控', 'monitoring', count(*), sum(budget) FROM latest_monitoring
UNION ALL
SELECT 4, '单位自评', 'self_eval', count(*), sum(budget)
FROM app.self_eval_scope($self_years, $regions, $departments, $funds) WHERE assessed
UNION ALL
SELECT 5, '部门评价', 'evaluation', count(*), sum(budget)
FROM app.evaluation_scope($eval_years, $regions, $departments, $funds) WHERE level = '部门评价'
UNION ALL
SELECT 6, '财政评价', 'evaluation', count(*), sum(budget)
FROM app.evaluation_scope($eval_years, $regions, $departments, $funds) WHERE level = '财政评价'
ORDER BY ord
"""


def facts(con, text: str, **params) -> pl.DataFrame:
    return con.sql(text, params=params).pl()


@pytest.fixture(scope="module")
def con(stage_db):
    connection = duckdb.connect(str(stage_db), read_only=True)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def values(con) -> dict[str, list]:
    def distinct(sql: str) -> list:
        return [v for (v,) in con.sql(sql).fetchall()]

    return {
        "years": distinct("SELECT DISTINCT fiscal_year FROM mart.project_self_eval ORDER BY 1"),
        "regions": distinct("SELECT DISTINCT region FROM mart.project_self_eval ORDER BY 1") + ["无此区划"],
        "departments": distinct("SELECT DISTINCT department FROM mart.project_self_eval ORDER BY 1"),
        "funds": distinct(
            "SELECT DISTINCT f FROM (SELECT unnest(list_prepend(fund_type, coalesce(fund_tags, []))) AS f "
            "FROM mart.project_self_eval) WHERE f IS NOT NULL ORDER BY 1"
        )
        + ["无此资金"],
    }


@st.composite
def scopes(draw, values: dict[str, list]) -> dict:
    return {
        "years": [draw(st.sampled_from(values["years"] + [1990]))],
        "regions": draw(st.lists(st.sampled_from(values["regions"]), max_size=2, unique=True)),
        # mostly one department or all: what a user picks; sometimes several or one with no projects
        "departments": draw(
            st.one_of(
                st.just([]),
                st.lists(st.sampled_from(values["departments"] + ["无此部门"]), max_size=4, unique=True),
            )
        ),
        "funds": draw(st.lists(st.sampled_from(values["funds"]), max_size=2, unique=True)),
    }


SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def test_the_summary_adds_up_to_every_project(con):
    whole = con.sql(
        "SELECT sum(reported), sum(assessed), sum(budget), sum(executed), sum(finance_score_sum) "
        "FROM mart.self_eval_summary"
    ).fetchall()
    projects = con.sql(
        "SELECT count(*), count(*) FILTER (WHERE assessed), sum(budget) FILTER (WHERE assessed), "
        "sum(executed) FILTER (WHERE assessed), sum(finance_score) FILTER (WHERE assessed) "
        "FROM mart.project_self_eval"
    ).fetchall()
    assert whole == projects
    assert whole[0][0] > 0


def test_kpi_cards_grades_and_ranking_equal_the_projects(con, values):
    @SETTINGS
    @given(scopes(values))
    def check(scope):
        shown = queries.run(con, "overview_self_eval", **scope)
        first = shown.row(0, named=True)
        assert first["whole"] and first["department"] is None
        kpis = facts(con, FACT_KPIS, **scope)
        assert {c: first[c] for c in kpis.columns} == kpis.row(0, named=True)
        grades = facts(con, FACT_GRADES, **scope)
        assert [first[f"grade_{k}"] for k in ("excellent", "good", "fair", "poor")] == grades[
            "projects"
        ].to_list()
        ranking = facts(con, FACT_RANKING, **scope)
        departments = shown.slice(1)
        assert not departments["whole"].any()
        assert departments.select(ranking.columns).equals(ranking)

    check()


def test_trend_matched_years_and_funnel_equal_the_rows(con, values):
    @SETTINGS
    # offset 1: a working year (targets and monitoring of Y, assessments of Y−1); 0: one pinned fiscal year
    @given(
        scopes(values),
        st.lists(st.sampled_from(values["years"]), min_size=1, unique=True),
        st.sampled_from([0, 1]),
    )
    def check(scope, trend_years, offset):
        trend_scope = {**scope, "years": sorted(trend_years)}
        trend = queries.run(con, "overview_trend", **trend_scope)
        assert trend.equals(facts(con, FACT_TREND, **trend_scope))

        year = scope["years"][0]
        matched_scope = {**scope, "previous_years": [year - 1]}
        assert queries.run(con, "overview_matched", **matched_scope).equals(
            facts(con, FACT_MATCHED, **matched_scope)
        )

        cycle = {
            **{k: v for k, v in scope.items() if k != "years"},
            **{f"{s}_years": [year + offset] for s in ("exante", "target", "monitoring")},
            "self_years": [year],
            "eval_years": [year],
        }
        funnel = queries.run(con, "overview_funnel", **cycle)
        assert funnel.rows() == facts(con, FACT_FUNNEL, **cycle).rows()

    check()
