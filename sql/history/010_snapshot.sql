-- grain: one row per project-year (and department-year) as the mart shows it before a load; compared after it
-- by 020_record.sql to keep the values a later file replaced (mart.value_history).
CREATE OR REPLACE TEMP TABLE history_before AS
SELECT '项目自评' AS stage, fiscal_year, region, department, coalesce(project_code, project_name) AS project_key,
       project_name, source_file, budget, executed, self_score, finance_score, grade
FROM mart.project_self_eval
UNION ALL
SELECT '部门整体自评', fiscal_year, region, department, '', NULL, source_file, budget, executed, self_score,
       finance_score, grade
FROM mart.dept_self_eval
