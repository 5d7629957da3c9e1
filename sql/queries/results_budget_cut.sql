-- grain: one row per project of the chosen year whose evaluation result is below $cut_below; feeds the
-- 结果应用 list 「低于 80 分项目扣减预算」. The result used is the most authoritative one the year has:
-- 财政评价, else 部门评价 (财政复核分优先), else the 单位自评 财政评分 (chosen at publish time:
-- mart.project_result). The proposed cut is $cut_rate of the project's next-year target budget when that
-- target is loaded (matched by code or by name without its year prefix), else of this year's budget.
-- list: lowest scores first; a page shows the first rows, an export every row.
SELECT fiscal_year, fiscal_year + 1 AS budget_year, region, department, project_code, project_name,
       score_source, score, grade, budget, next_budget,
       CASE WHEN next_budget IS NOT NULL THEN '下年度绩效目标预算' ELSE '本年度预算' END AS cut_base_source,
       coalesce(next_budget, budget) AS cut_base,
       CAST($cut_rate AS DECIMAL(9, 4)) AS cut_rate,
       CAST(round(coalesce(next_budget, budget) * CAST($cut_rate AS DECIMAL(9, 4)), 2) AS DECIMAL(18, 2))
           AS proposed_cut,
       source_file, source_sheet, source_row
FROM mart.project_result
WHERE score < $cut_below
  AND (len($years) = 0 OR list_contains($years, fiscal_year))
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
  AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
ORDER BY score, department, project_name,
         region, fiscal_year, source_file, source_sheet, source_row;  -- ties broken: a page's first rows are always the same
