-- Facts of the other stages, each de-duplicated to its grain the same way as the self-assessment fact:
-- a project is identified by core.identified (code, adopted code, or name and unit), a department-level row by
-- its department; a value comes from the first source that has it, latest load first, then file, sheet, row
-- (a corrected workbook loaded later wins); count(*) keeps how many sources there were.

-- grain: one row per department-year 部门整体自评
CREATE OR REPLACE TABLE core.fact_dept_self_eval AS
WITH s AS (SELECT *, {'load_rank': core.load_rank(source_file), 'source_file': source_file, 'source_sheet': source_sheet,
                   'source_row': source_row} AS src
           FROM stg.dept_self_eval)
SELECT fiscal_year, region, department,
       arg_min(budget, src) FILTER (WHERE budget IS NOT NULL) AS budget,
       arg_min(executed, src) FILTER (WHERE executed IS NOT NULL) AS executed,
       arg_min(execution_rate_stated, src) FILTER (WHERE execution_rate_stated IS NOT NULL) AS execution_rate_stated,
       arg_min(self_score, src) FILTER (WHERE self_score IS NOT NULL) AS self_score,
       arg_min(finance_score, src) FILTER (WHERE finance_score IS NOT NULL) AS finance_score,
       arg_min(grade_stated, src) FILTER (WHERE grade_stated IS NOT NULL) AS grade_stated,
       arg_min(grade_text, src) FILTER (WHERE grade_text IS NOT NULL) AS grade_text,
       arg_min(year_source, src) AS year_source, arg_min(region_source, src) AS region_source,
       min(src) AS first_source, count(*) AS source_count
FROM s GROUP BY fiscal_year, region, department;

-- grain: one row per project-year and evaluation level (部门评价 / 财政评价)
CREATE OR REPLACE TABLE core.fact_evaluation AS
WITH s AS (SELECT * FROM core.identified_evaluation)
SELECT fiscal_year, region, level, department, project_key,
       arg_min(unit, src) FILTER (WHERE unit IS NOT NULL) AS unit,
       arg_min(project_code, src) FILTER (WHERE project_code IS NOT NULL) AS project_code,
       arg_min(project_name, src) AS project_name,
       arg_min(fund_type, src) AS fund_type, arg_min(fund_tags, src) AS fund_tags,
       arg_min(budget, src) FILTER (WHERE budget IS NOT NULL) AS budget,
       arg_min(executed, src) FILTER (WHERE executed IS NOT NULL) AS executed,
       arg_min(execution_rate_stated, src) FILTER (WHERE execution_rate_stated IS NOT NULL) AS execution_rate_stated,
       arg_min(goal_completion_rate, src) FILTER (WHERE goal_completion_rate IS NOT NULL) AS goal_completion_rate,
       arg_min(score, src) FILTER (WHERE score IS NOT NULL) AS score,
       arg_min(finance_score, src) FILTER (WHERE finance_score IS NOT NULL) AS finance_score,
       arg_min(grade_stated, src) FILTER (WHERE grade_stated IS NOT NULL) AS grade_stated,
       arg_min(grade_text, src) FILTER (WHERE grade_text IS NOT NULL) AS grade_text,
       arg_min(score_decision, src) FILTER (WHERE score_decision IS NOT NULL) AS score_decision,
       arg_min(score_process, src) FILTER (WHERE score_process IS NOT NULL) AS score_process,
       arg_min(score_output, src) FILTER (WHERE score_output IS NOT NULL) AS score_output,
       arg_min(score_effect, src) FILTER (WHERE score_effect IS NOT NULL) AS score_effect,
       arg_min(year_source, src) AS year_source, arg_min(region_source, src) AS region_source,
       min(src) AS first_source, count(*) AS source_count
FROM s GROUP BY fiscal_year, region, level, department, project_key;

-- grain: one row per project (or department, scope 部门整体) × checkpoint month
CREATE OR REPLACE TABLE core.fact_monitoring AS
WITH s AS (SELECT * REPLACE (CASE WHEN scope = '部门整体' THEN '' ELSE project_key END AS project_key)
           FROM core.identified_monitoring)
SELECT fiscal_year, region, scope, period_end_month, department, project_key,
       arg_min(unit, src) FILTER (WHERE unit IS NOT NULL) AS unit,
       arg_min(project_code, src) FILTER (WHERE project_code IS NOT NULL) AS project_code,
       arg_min(project_name, src) FILTER (WHERE project_name IS NOT NULL) AS project_name,
       arg_min(fund_type, src) AS fund_type, arg_min(fund_tags, src) AS fund_tags,
       arg_min(budget_initial, src) FILTER (WHERE budget_initial IS NOT NULL) AS budget_initial,
       arg_min(budget, src) FILTER (WHERE budget IS NOT NULL) AS budget,
       arg_min(funds_arrived, src) FILTER (WHERE funds_arrived IS NOT NULL) AS funds_arrived,
       arg_min(executed, src) FILTER (WHERE executed IS NOT NULL) AS executed,
       arg_min(execution_rate_stated, src) FILTER (WHERE execution_rate_stated IS NOT NULL) AS execution_rate_stated,
       arg_min(expected_annual_executed, src) FILTER (WHERE expected_annual_executed IS NOT NULL) AS expected_annual_executed,
       arg_min(completion_likelihood, src) FILTER (WHERE completion_likelihood IS NOT NULL) AS completion_likelihood,
       arg_min(deviation_reason, src) FILTER (WHERE deviation_reason IS NOT NULL) AS deviation_reason,
       arg_min(year_source, src) AS year_source, arg_min(region_source, src) AS region_source,
       min(src) AS first_source, count(*) AS source_count
FROM s GROUP BY fiscal_year, region, scope, period_end_month, department, project_key;

-- grain: one row per project (or department) target-year; counts come from the indicators of the winning
-- source that is a 目标表 form (a form's indicators share its file and sheet), else from the list's stated counts
CREATE OR REPLACE TABLE core.fact_performance_target AS
WITH ind AS (SELECT source_file, source_sheet, fiscal_year, region, department,
                    count(*) AS indicator_count, count(*) FILTER (WHERE is_quantified) AS quantified_count
             FROM stg.indicator WHERE stage = '目标'
             GROUP BY ALL),
s AS (SELECT t.* REPLACE (CASE WHEN t.scope = '部门整体' THEN '' ELSE t.project_key END AS project_key),
             ind.indicator_count AS form_indicator_count, ind.quantified_count AS form_quantified_count
      FROM core.identified_performance_target t
      LEFT JOIN ind
        ON t.scope = '项目' AND ind.source_file = t.source_file AND ind.source_sheet = t.source_sheet
       AND ind.fiscal_year = t.fiscal_year AND ind.region = t.region AND ind.department = t.department),
t AS (
    SELECT fiscal_year, region, scope, department, project_key,
           arg_min(unit, src) FILTER (WHERE unit IS NOT NULL) AS unit,
           arg_min(project_code, src) FILTER (WHERE project_code IS NOT NULL) AS project_code,
           arg_min(project_name, src) FILTER (WHERE project_name IS NOT NULL) AS project_name,
           arg_min(fund_type, src) AS fund_type, arg_min(fund_tags, src) AS fund_tags,
           arg_min(budget, src) FILTER (WHERE budget IS NOT NULL) AS budget,
           arg_min(indicator_count, src) FILTER (WHERE indicator_count IS NOT NULL) AS stated_indicator_count,
           arg_min(quantified_count, src) FILTER (WHERE quantified_count IS NOT NULL) AS stated_quantified_count,
           arg_min(form_indicator_count, src) FILTER (WHERE form_indicator_count IS NOT NULL) AS form_indicator_count,
           arg_min(form_quantified_count, src) FILTER (WHERE form_indicator_count IS NOT NULL) AS form_quantified_count,
           arg_min(review_result, src) FILTER (WHERE review_result IS NOT NULL) AS review_result,
           arg_min(year_source, src) AS year_source, arg_min(region_source, src) AS region_source,
           min(src) AS first_source, count(*) AS source_count
    FROM s GROUP BY fiscal_year, region, scope, department, project_key
)
SELECT * EXCLUDE (form_indicator_count, form_quantified_count),
       coalesce(form_indicator_count, stated_indicator_count) AS indicator_count,
       coalesce(form_quantified_count, stated_quantified_count) AS quantified_count
FROM t;

-- grain: one row per project ex-ante assessment (project-year)
CREATE OR REPLACE TABLE core.fact_exante_assessment AS
WITH s AS (SELECT * FROM core.identified_exante_assessment)
SELECT fiscal_year, region, department, project_key,
       arg_min(unit, src) FILTER (WHERE unit IS NOT NULL) AS unit,
       arg_min(project_name, src) AS project_name,
       arg_min(project_code, src) FILTER (WHERE project_code IS NOT NULL) AS project_code,
       arg_min(amount, src) FILTER (WHERE amount IS NOT NULL) AS amount,
       arg_min(conclusion, src) FILTER (WHERE conclusion IS NOT NULL) AS conclusion,
       arg_min(score, src) FILTER (WHERE score IS NOT NULL) AS score,
       arg_min(year_source, src) AS year_source, arg_min(region_source, src) AS region_source,
       min(src) AS first_source, count(*) AS source_count
FROM s GROUP BY fiscal_year, region, department, project_key;
