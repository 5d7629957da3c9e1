-- grain: one row per project-year. Identity (README 口径): the project code; a row without one adopts the
-- code of the rows with the same region, year, department and name (and the same unit where both give one)
-- when they carry exactly one code; rows with no code to adopt are keyed by name, and by unit as well when
-- two units use the name, so the same name in two units stays two projects.
-- A project listed in several sources is one row: each value comes from the first source that has it
-- (sources ordered by load, latest first, then file, sheet, row: a corrected workbook loaded later wins);
-- disagreements are left to the audit rules, replaced values to mart.value_history.
CREATE OR REPLACE TABLE core.fact_project_self_eval AS
WITH coded AS (
    SELECT DISTINCT fiscal_year, region, department, project_name, unit, project_code
    FROM stg.project_self_eval WHERE project_code IS NOT NULL
),
adopted AS (
    SELECT s.*,
           coalesce(s.project_code, (
               SELECT CASE WHEN count(DISTINCT c.project_code) = 1 THEN min(c.project_code) END
               FROM coded c
               WHERE c.fiscal_year = s.fiscal_year AND c.region = s.region AND c.department = s.department
                 AND c.project_name = s.project_name AND (s.unit IS NULL OR c.unit IS NULL OR c.unit = s.unit)
           )) AS key_code,
           -- a name two units use is told apart by unit; otherwise a row without a unit is the same project
           count(DISTINCT s.unit) OVER (PARTITION BY s.fiscal_year, s.region, s.department, s.project_name) > 1
               AS name_shared
    FROM stg.project_self_eval s
),
keyed AS (
    SELECT * EXCLUDE (key_code, name_shared),
           coalesce('C|' || key_code,
                    'N|' || project_name || CASE WHEN name_shared THEN '|' || coalesce(unit, '') ELSE '' END)
               AS project_key,
           {'load_rank': core.load_rank(source_file), 'source_file': source_file, 'source_sheet': source_sheet,
                   'source_row': source_row} AS src
    FROM adopted
),
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
