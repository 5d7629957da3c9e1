-- Per-project results worked out once at publish time, so the 结果应用 lists read one row per project instead
-- of ranking every project of every county on each page view (national scale: ≈3 M projects).

-- grain: one row per project-year with a score; the most authoritative result the year has: 财政评价, else
-- 部门评价 (财政复核分优先), else the 单位自评 财政评分. `next_budget` is the project's next-year target budget
-- when that target is loaded (matched by code, else by name without its year prefix). Feeds results_budget_cut.
CREATE OR REPLACE TABLE core.project_result AS
WITH scored AS (
    SELECT fiscal_year, region, department, project_code, project_name, fund_type, fund_tags, budget,
           level AS score_source, coalesce(finance_score, score) AS score, grade,
           CASE level WHEN '财政评价' THEN 1 ELSE 2 END AS priority, source_file, source_sheet, source_row
    FROM mart.evaluation
    UNION ALL
    SELECT fiscal_year, region, department, project_code, project_name, fund_type, fund_tags, budget,
           '项目自评（财政评分）', finance_score, grade, 3, source_file, source_sheet, source_row
    FROM mart.project_self_eval
    WHERE assessed
),
best AS (
    SELECT *, regexp_replace(project_name, '^(19|20)[0-9]{2}年度?', '') AS stem
    FROM scored
    WHERE score IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY fiscal_year, region, department, project_name
                               ORDER BY priority, source_file, source_sheet, source_row) = 1
),
next_year AS (
    SELECT fiscal_year, region, department, project_code, budget,
           regexp_replace(project_name, '^(19|20)[0-9]{2}年度?', '') AS stem
    FROM mart.performance_target
    WHERE scope = '项目' AND budget IS NOT NULL
)
SELECT b.fiscal_year, b.region, b.department, b.project_code, b.project_name, b.fund_type, b.fund_tags,
       b.budget, b.score_source, b.score, b.grade, n.budget AS next_budget,
       b.source_file, b.source_sheet, b.source_row
FROM best b
LEFT JOIN next_year n
  ON n.fiscal_year = b.fiscal_year + 1 AND n.region = b.region AND n.department = b.department
 AND (n.project_code = b.project_code OR n.stem = b.stem)
QUALIFY row_number() OVER (PARTITION BY b.fiscal_year, b.region, b.department, b.project_name
                           ORDER BY (n.project_code = b.project_code) DESC NULLS LAST, n.budget) = 1;

CREATE OR REPLACE VIEW mart.project_result AS SELECT * FROM core.project_result;

-- grain: one row per project-year that did 单位自评; `evaluated_years` lists the fiscal years up to that year in
-- which the project had a 部门评价 (matched by code, or by name without its year prefix). Feeds
-- results_project_coverage, which keeps the years inside its window.
CREATE OR REPLACE TABLE core.project_evaluated_years AS
WITH projects AS (
    SELECT *, regexp_replace(project_name, '^(19|20)[0-9]{2}年度?', '') AS stem
    FROM mart.project_self_eval
    WHERE assessed
),
evals AS (
    SELECT DISTINCT fiscal_year, region, department, project_code,
           regexp_replace(project_name, '^(19|20)[0-9]{2}年度?', '') AS stem
    FROM mart.evaluation
    WHERE level = '部门评价'
)
SELECT p.fiscal_year, p.region, p.department, p.project_code, p.project_name, p.fund_type, p.fund_tags,
       p.budget, p.source_file, p.source_sheet, p.source_row,
       list_sort(list_distinct(list(e.fiscal_year))) AS evaluated_years
FROM projects p
LEFT JOIN evals e
  ON e.region = p.region AND e.department = p.department
 AND (e.project_code = p.project_code OR e.stem = p.stem)
 AND e.fiscal_year <= p.fiscal_year
GROUP BY p.fiscal_year, p.region, p.department, p.project_code, p.project_name, p.fund_type, p.fund_tags,
         p.budget, p.source_file, p.source_sheet, p.source_row;

CREATE OR REPLACE VIEW mart.project_evaluated_years AS SELECT * FROM core.project_evaluated_years;

-- grain: one row per department-year and fund type/tag list: the budget of its projects that did 单位自评 and of
-- its 部门评价 projects (a few rows per department, however many projects). Feeds results_dept_coverage,
-- which sums them under the page's filters instead of every project of every county.
CREATE OR REPLACE TABLE core.department_coverage_part AS
SELECT fiscal_year, region, department, fund_type, fund_tags,
       CAST(sum(projects) AS BIGINT) AS projects, sum(project_budget) AS project_budget,
       CAST(sum(evaluated_projects) AS BIGINT) AS evaluated_projects, sum(evaluated_budget) AS evaluated_budget
FROM (SELECT fiscal_year, region, department, fund_type, fund_tags,
             count(*) AS projects, sum(budget) AS project_budget,
             0 AS evaluated_projects, NULL::DECIMAL(18, 6) AS evaluated_budget
      FROM mart.project_self_eval WHERE assessed GROUP BY ALL
      UNION ALL
      SELECT fiscal_year, region, department, fund_type, fund_tags,
             0, NULL, count(*), sum(budget)
      FROM mart.evaluation WHERE level = '部门评价' GROUP BY ALL)
GROUP BY ALL;

CREATE OR REPLACE VIEW mart.department_coverage_part AS SELECT * FROM core.department_coverage_part;

-- grain: one row per region × department-year × fund type/tag list of 单位自评: counts, sums and grade counts
-- (means are kept as sums and counts so they add up). Feeds summary_project_self_eval (P21-*, the annual
-- report), which adds these up under the page's filters instead of reading every project of every county.
CREATE OR REPLACE TABLE core.self_eval_part AS
SELECT fiscal_year, region, department, fund_type, fund_tags,
       count(*)                                            AS reported,
       count(*) FILTER (WHERE NOT assessed)                AS excluded,
       count(*) FILTER (WHERE assessed)                    AS assessed,
       sum(budget) FILTER (WHERE assessed)                 AS budget,
       sum(executed) FILTER (WHERE assessed)               AS executed,
       sum(goal_completion_rate) FILTER (WHERE assessed)   AS goal_sum,
       count(goal_completion_rate) FILTER (WHERE assessed) AS goal_count,
       sum(self_score) FILTER (WHERE assessed)             AS self_sum,
       count(self_score) FILTER (WHERE assessed)           AS self_count,
       sum(finance_score) FILTER (WHERE assessed)          AS finance_sum,
       count(finance_score) FILTER (WHERE assessed)        AS finance_count,
       count(*) FILTER (WHERE assessed AND grade = '优')   AS grade_1,
       count(*) FILTER (WHERE assessed AND grade = '良')   AS grade_2,
       count(*) FILTER (WHERE assessed AND grade = '中')   AS grade_3,
       count(*) FILTER (WHERE assessed AND grade = '差')   AS grade_4
FROM mart.project_self_eval
GROUP BY ALL;

CREATE OR REPLACE VIEW mart.self_eval_part AS SELECT * FROM core.self_eval_part;

COMMENT ON TABLE core.project_result IS '项目评价结果：每个项目每年一行，取最权威的一次（财政评价、部门评价、单位自评财政评分），附下年度目标预算';
COMMENT ON VIEW mart.project_result IS '项目评价结果：每个项目每年一行，取最权威的一次评价结果，附下年度绩效目标预算';
COMMENT ON TABLE core.project_evaluated_years IS '项目部门评价年度：开展单位自评的每个项目每年一行，列出截至当年开展过部门评价的年度';
COMMENT ON VIEW mart.project_evaluated_years IS '项目部门评价年度：开展单位自评的每个项目每年一行，列出截至当年开展过部门评价的年度';
COMMENT ON TABLE core.department_coverage_part IS '部门评价覆盖分项：每个区划、部门、年度、资金性质与标签组合一行：自评项目与部门评价项目的个数和预算';
COMMENT ON VIEW mart.department_coverage_part IS '部门评价覆盖分项：每个区划、部门、年度、资金性质与标签组合一行：自评项目与部门评价项目的个数和预算';
COMMENT ON TABLE core.self_eval_part IS '单位自评分项：每个区划、部门、年度、资金性质与标签组合一行：项目数、金额、得分之和与个数、各等级个数';
COMMENT ON VIEW mart.self_eval_part IS '单位自评分项：每个区划、部门、年度、资金性质与标签组合一行：项目数、金额、得分之和与个数、各等级个数';
