"""Results worked out once at publish read exactly like the per-row SQL they replace, under every filter and
every row scope (a department's or a fund category's user): the 总览 funnel's monitored projects, the
复核明细 rows and the 评价覆盖面 of each department and of the year."""

from __future__ import annotations

import re

import duckdb
import pytest

from warehouse import queries, scoped

# each project's latest checkpoint, grouped from the checkpoints themselves (what the funnel counted before)
LATEST_FROM_CHECKPOINTS = """
SELECT count(*) AS projects, sum(budget) AS amount
FROM (SELECT arg_max(budget, period_end_month) AS budget
      FROM app.monitoring_scope($monitoring_years, $regions, $departments, $funds)
      WHERE scope = '项目'
      GROUP BY fiscal_year, region, department, coalesce(project_code, project_name))
"""

RESCORE_JOINED_PER_ROW = """
SELECT r.department, r.project_code, r.project_name, r.stated_score, r.rescored, r.difference,
       p.finance_score, r.execution_rate, r.execution_score, r.stated_execution_score, r.reason,
       r.source_file, r.source_sheet, r.source_row
FROM mart.rescore r
LEFT JOIN mart.project_self_eval p
  ON p.fiscal_year = r.fiscal_year AND p.region = r.region AND p.department = r.department
 AND (p.project_code = r.project_code OR (r.project_code IS NULL AND p.project_name = r.project_name))
WHERE app.in_scope(r.fiscal_year, r.region, r.department, $years, $regions, $departments)
  AND app.fund_match(p.fund_type, p.fund_tags, $funds)
"""

# each department's 评价覆盖面 summed from every project row (what evaluation_coverage read before)
COVERAGE_FROM_PROJECTS = """
WITH assessed AS (
    SELECT fiscal_year, region, department, count(*) AS projects, sum(budget) AS budget
    FROM app.self_eval_scope($years, $regions, $departments, $funds)
    WHERE assessed GROUP BY ALL
), evaluated AS (
    SELECT fiscal_year, region, department, count(*) AS projects, sum(budget) AS budget
    FROM app.evaluation_scope($years, $regions, $departments, $funds)
    WHERE level = '部门评价' GROUP BY ALL
)
SELECT a.department, sum(a.projects) AS assessed_projects, sum(a.budget) AS assessed_budget,
       coalesce(sum(e.projects), 0) AS evaluated_projects, coalesce(sum(e.budget), 0) AS evaluated_budget,
       coalesce(sum(e.budget), 0) / nullif(sum(a.budget), 0) AS coverage,
       coalesce(sum(e.budget), 0) / nullif(sum(a.budget), 0) >= $required AS meets_rule
FROM assessed a
LEFT JOIN evaluated e USING (fiscal_year, region, department)
GROUP BY a.department
ORDER BY coverage, a.department
"""

# the year's 部门评价 coverage check summed from every project row (what summary_evaluation_coverage read)
SUMMARY_FROM_PROJECTS = """
WITH base AS (
    SELECT region, department, sum(budget) AS project_budget
    FROM mart.project_self_eval
    WHERE assessed AND fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region))
    GROUP BY ALL
),
evaluated AS (
    SELECT region, department, sum(budget) AS evaluated_budget
    FROM mart.evaluation
    WHERE level = '部门评价' AND fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region))
    GROUP BY ALL
),
checked AS (
    SELECT b.region, b.department, p.evaluation_coverage_min AS coverage_min,
           coalesce(e.evaluated_budget, 0) >= b.project_budget * p.evaluation_coverage_min AS meets_rule
    FROM base b
    JOIN core.dim_region r USING (region)
    JOIN cfg.profile p ON p.profile = r.profile
    LEFT JOIN evaluated e USING (region, department)
    WHERE EXISTS (SELECT 1 FROM evaluated)
)
SELECT CASE WHEN count(DISTINCT coverage_min) = 1 THEN min(coverage_min) END AS coverage_min,
       count(DISTINCT coverage_min)                                          AS coverage_rule_count,
       count(*)                                                              AS department_count,
       count(*) FILTER (WHERE meets_rule)                                    AS department_count_meeting,
       count(*) FILTER (WHERE meets_rule) / nullif(count(*), 0)              AS share_meeting
FROM checked
HAVING count(*) > 0
"""


@pytest.fixture
def mixed(sample_con):
    """A monitored project whose checkpoints differ in fund (the sample has one): the hard case."""
    row = sample_con.execute(
        "SELECT department, fund_tags FROM mart.monitoring_latest WHERE NOT fund_uniform LIMIT 1"
    ).fetchone()
    assert row is not None, "the sample should hold a project whose checkpoints differ in fund"
    return row


def _connections(sample_db, mixed):
    department, funds = mixed
    path = str(sample_db.resolve())
    yield "全部", duckdb.connect(path, read_only=True)
    yield department, scoped.connect(path, (department,), ())
    for fund in funds:  # a fund user sees some of the mixed project's checkpoints, not all
        yield fund, scoped.connect(path, (), (fund,))


def _bound(text: str, **params) -> dict:
    used = set(re.findall(r"\$([a-z_]+)", text))
    return {k: v for k, v in params.items() if k in used}


def test_the_funnel_counts_each_monitored_project_at_its_latest_checkpoint(sample_db, mixed):
    department, funds = mixed
    cycle = {f"{stage}_years": [2022] for stage in ("exante", "target", "monitoring", "self", "eval")}
    for label, con in _connections(sample_db, mixed):
        for fund_filter in ([], *([f] for f in funds)):
            for departments in ([], [department]):
                params = {**cycle, "regions": [], "departments": departments, "funds": fund_filter}
                funnel = queries.run(con, "overview_funnel", **params)
                monitored = funnel.filter(funnel["stage_key"] == "monitoring").select("projects", "amount")
                expected = con.sql(
                    LATEST_FROM_CHECKPOINTS, params=_bound(LATEST_FROM_CHECKPOINTS, **params)
                ).pl()
                assert monitored.rows() == expected.rows(), (label, fund_filter, departments)
        con.close()


def test_the_rescore_list_reads_the_join_made_at_publish(sample_db, mixed):
    for label, con in _connections(sample_db, mixed):
        for funds in ([], ["一般公共预算"]):
            params = {"years": [2021], "regions": [], "departments": [], "funds": funds}
            listed = queries.run(con, "review_rescore_projects", **params)
            per_row = con.sql(RESCORE_JOINED_PER_ROW, params=params).pl()
            assert sorted(listed.rows(), key=repr) == sorted(per_row.rows(), key=repr), (label, funds)
            assert listed.height > 0 or label != "全部"
        con.close()


def test_evaluation_coverage_sums_the_parts_made_at_publish(sample_db, mixed):
    for label, con in _connections(sample_db, mixed):
        for funds in ([], ["一般公共预算"], ["社会保险基金预算"]):
            params = {"years": [2021], "regions": [], "departments": [], "funds": funds, "required": 0.2}
            parts = queries.run(con, "evaluation_coverage", **params)
            rows = con.sql(COVERAGE_FROM_PROJECTS, params=params).pl()
            assert parts.equals(rows) and parts.schema == rows.schema, (label, funds)
        con.close()


def test_the_years_coverage_check_sums_the_parts_made_at_publish(sample_db, mixed):
    for label, con in _connections(sample_db, mixed):
        for regions in ([], ["无此区划"]):
            params = {"year": 2021, "regions": regions}
            parts = queries.run(con, "summary_evaluation_coverage", **params)
            rows = con.sql(SUMMARY_FROM_PROJECTS, params=params).pl()
            assert parts.equals(rows) and parts.schema == rows.schema, (label, regions)
            assert parts.height == (1 if label == "全部" and not regions else parts.height)
        con.close()
