-- The dashboard's filter scope for the other stage views, with the same meaning as app.self_eval_scope:
-- empty lists mean "all" (except years: the page always names its years); the fund filter matches the
-- primary budget (fund_type) or any fund tag. Views without fund columns (部门整体自评, 事前评估, 指标)
-- take the fund filter through the project's target or self-assessment of the same year.

-- grain: one row per project-year and level (部门评价 / 财政评价) in scope
CREATE OR REPLACE MACRO app.evaluation_scope(years, regions, departments, funds) AS TABLE
SELECT * FROM mart.evaluation e
WHERE app.in_scope(e.fiscal_year, e.region, e.department, years, regions, departments)
  AND app.fund_match(e.fund_type, e.fund_tags, funds);

-- grain: one row per project or department × checkpoint month in scope
CREATE OR REPLACE MACRO app.monitoring_scope(years, regions, departments, funds) AS TABLE
SELECT * FROM mart.monitoring m
WHERE app.in_scope(m.fiscal_year, m.region, m.department, years, regions, departments)
  AND app.fund_match(m.fund_type, m.fund_tags, funds);

-- grain: one row per project or department target-year in scope
CREATE OR REPLACE MACRO app.target_scope(years, regions, departments, funds) AS TABLE
SELECT * FROM mart.performance_target t
WHERE app.in_scope(t.fiscal_year, t.region, t.department, years, regions, departments)
  AND app.fund_match(t.fund_type, t.fund_tags, funds);

-- grain: one row per department-year 部门整体自评 in scope (no fund columns: the fund filter keeps the
-- departments that have a project of that category in the year)
CREATE OR REPLACE MACRO app.dept_self_eval_scope(years, regions, departments, funds) AS TABLE
SELECT * FROM mart.dept_self_eval d
WHERE app.in_scope(d.fiscal_year, d.region, d.department, years, regions, departments)
  AND (len(funds) = 0 OR EXISTS (
        SELECT 1 FROM mart.project_self_eval p
        WHERE p.fiscal_year = d.fiscal_year AND p.region = d.region AND p.department = d.department
          AND app.fund_match(p.fund_type, p.fund_tags, funds)));

-- grain: one row per ex-ante assessment in scope (fund filter through the project's target or self-assessment)
CREATE OR REPLACE MACRO app.exante_scope(years, regions, departments, funds) AS TABLE
SELECT * FROM mart.exante_assessment x
WHERE len(funds) = 0 AND app.in_scope(x.fiscal_year, x.region, x.department, years, regions, departments)
UNION ALL  -- the projects' funds are looked up only under a fund filter (inside an OR the lookup always ran)
SELECT * FROM mart.exante_assessment x
WHERE len(funds) > 0 AND app.in_scope(x.fiscal_year, x.region, x.department, years, regions, departments)
  AND EXISTS (
        SELECT 1 FROM (SELECT fiscal_year, region, department, project_code, project_name, fund_type, fund_tags
                       FROM mart.performance_target
                       UNION ALL
                       SELECT fiscal_year, region, department, project_code, project_name, fund_type, fund_tags
                       FROM mart.project_self_eval) p
        WHERE p.fiscal_year = x.fiscal_year AND p.region = x.region AND p.department = x.department
          AND (p.project_code = x.project_code OR p.project_name = x.project_name)
          AND app.fund_match(p.fund_type, p.fund_tags, funds));

-- grain: one row per 三级指标 in scope (fund filter through the project's target of the same year)
CREATE OR REPLACE MACRO app.indicator_scope(years, regions, departments, funds) AS TABLE
SELECT * FROM mart.indicator i
WHERE app.in_scope(i.fiscal_year, i.region, i.department, years, regions, departments)
  AND (len(funds) = 0 OR EXISTS (
        SELECT 1 FROM mart.performance_target t
        WHERE t.fiscal_year = i.fiscal_year AND t.region = i.region AND t.department = i.department
          AND coalesce(t.project_code, t.project_name) = coalesce(i.project_code, i.project_name)
          AND app.fund_match(t.fund_type, t.fund_tags, funds)));
