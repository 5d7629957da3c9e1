-- grain: one row per project-year. Identity and precedence: core.identified (017_project_identity.sql; its
-- rows are worked out once in 018_stage_identity.sql) —
-- the project code, adopted by codeless rows of the same project; the name (and the unit when two units use
-- it) when no code can be adopted. A project listed in several sources is one row: each value comes from the
-- first source that has it (latest load first, then file, sheet, row: a corrected workbook loaded later wins);
-- disagreements are left to the audit rules, replaced values to mart.value_history.
CREATE OR REPLACE TABLE core.fact_project_self_eval AS
WITH keyed AS (SELECT * FROM core.identified_project_self_eval),
merged AS (
    SELECT
        fiscal_year, region, department, project_key,
        arg_min(unit, src) FILTER (WHERE unit IS NOT NULL)                       AS unit,
        arg_min(project_code, src) FILTER (WHERE project_code IS NOT NULL)       AS project_code,
        arg_min(project_name, src)                                                AS project_name,
        arg_min(fund_type, src)                                                   AS fund_type,
        arg_min(fund_tags, src)                                                   AS fund_tags,
        bool_and(assessed)                                                        AS assessed,
        arg_min(budget_initial, src) FILTER (WHERE budget_initial IS NOT NULL)   AS budget_initial,
        arg_min(budget, src)                                                      AS budget,
        arg_min(executed, src) FILTER (WHERE executed IS NOT NULL)               AS executed,
        arg_min(execution_rate_stated, src) FILTER (WHERE execution_rate_stated IS NOT NULL) AS execution_rate_stated,
        arg_min(goal_completion_rate, src) FILTER (WHERE goal_completion_rate IS NOT NULL)   AS goal_completion_rate,
        arg_min(self_score, src) FILTER (WHERE self_score IS NOT NULL)           AS self_score,
        arg_min(finance_score, src) FILTER (WHERE finance_score IS NOT NULL)     AS finance_score,
        arg_min(grade_stated, src) FILTER (WHERE grade_stated IS NOT NULL)       AS grade_stated,
        arg_min(year_source, src)                                                 AS year_source,
        arg_min(region_source, src)                                               AS region_source,
        arg_min(grade_text, src) FILTER (WHERE grade_text IS NOT NULL)           AS grade_text,
        min(src)                                                                  AS first_source,
        count(*)                                                                  AS source_count
    FROM keyed
    GROUP BY fiscal_year, region, department, project_key
)
SELECT m.fiscal_year, r.region_id, d.department_id, f.fund_type_id, m.* EXCLUDE (fiscal_year, region, department, fund_type)
FROM merged m
JOIN core.dim_region r ON r.region = m.region
JOIN core.dim_department d ON d.region = m.region AND d.department = m.department
JOIN core.dim_fund_type f ON f.fund_type = m.fund_type;
