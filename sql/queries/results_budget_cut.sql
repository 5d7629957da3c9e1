-- grain: one row per project of the chosen year whose evaluation result is below $cut_below; feeds the
-- 结果应用 list 「低于 80 分项目扣减预算」. The result used is the most authoritative one the year has:
-- 财政评价, else 部门评价 (财政复核分优先), else the 单位自评 财政评分. The proposed cut is $cut_rate of the
-- project's next-year target budget when that target is loaded (matched by code or by name without its
-- year prefix), else of this year's budget.
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
      AND (len($years) = 0 OR list_contains($years, fiscal_year))
      AND (len($regions) = 0 OR list_contains($regions, region))
      AND (len($departments) = 0 OR list_contains($departments, department))
      AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
    QUALIFY row_number() OVER (PARTITION BY fiscal_year, region, department, project_name ORDER BY priority) = 1
),
next_year AS (
    SELECT fiscal_year, region, department, project_code, budget,
           regexp_replace(project_name, '^(19|20)[0-9]{2}年度?', '') AS stem
    FROM mart.performance_target
    WHERE scope = '项目' AND budget IS NOT NULL
),
matched AS (
    SELECT b.*, n.budget AS next_budget
    FROM best b
    LEFT JOIN next_year n
      ON n.fiscal_year = b.fiscal_year + 1 AND n.region = b.region AND n.department = b.department
     AND (n.project_code = b.project_code OR n.stem = b.stem)
    WHERE b.score < $cut_below
    QUALIFY row_number() OVER (PARTITION BY b.fiscal_year, b.region, b.department, b.project_name
                               ORDER BY (n.project_code = b.project_code) DESC NULLS LAST) = 1
)
SELECT fiscal_year, fiscal_year + 1 AS budget_year, region, department, project_code, project_name,
       score_source, score, grade, budget, next_budget,
       CASE WHEN next_budget IS NOT NULL THEN '下年度绩效目标预算' ELSE '本年度预算' END AS cut_base_source,
       coalesce(next_budget, budget) AS cut_base,
       CAST($cut_rate AS DECIMAL(9, 4)) AS cut_rate,
       CAST(round(coalesce(next_budget, budget) * CAST($cut_rate AS DECIMAL(9, 4)), 2) AS DECIMAL(18, 2))
           AS proposed_cut,
       source_file, source_sheet, source_row
FROM matched
ORDER BY score, department, project_name;
