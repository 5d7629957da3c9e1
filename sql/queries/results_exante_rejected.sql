-- grain: one row per ex-ante assessment concluded 不支持 (any of $rejected_keywords) whose project still has
-- a performance target in that year or the next (matched by code, or by name without its year prefix);
-- feeds the 结果应用 list 「事前评估不支持仍设目标」: such projects may not be budgeted.
WITH rejected AS (
    SELECT *, regexp_replace(project_name, '^(19|20)[0-9]{2}年度?', '') AS stem
    FROM mart.exante_assessment
    WHERE len(list_filter($rejected_keywords, lambda k: contains(coalesce(conclusion, ''), k))) > 0
      AND (len($regions) = 0 OR list_contains($regions, region))
      AND (len($departments) = 0 OR list_contains($departments, department))
),
targets AS (
    SELECT *, regexp_replace(project_name, '^(19|20)[0-9]{2}年度?', '') AS stem
    FROM mart.performance_target
    WHERE scope = '项目'
      AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
)
SELECT r.fiscal_year, r.region, r.department, r.project_code, r.project_name, r.amount, r.conclusion, r.score,
       t.fiscal_year AS target_year, t.project_name AS target_project_name, t.budget AS target_budget,
       r.source_file, r.source_sheet, r.source_row,
       t.source_file AS target_source_file, t.source_sheet AS target_source_sheet,
       t.source_row AS target_source_row
FROM rejected r
JOIN targets t
  ON t.region = r.region AND t.department = r.department
 AND t.fiscal_year BETWEEN r.fiscal_year AND r.fiscal_year + 1
 AND (t.project_code = r.project_code OR t.stem = r.stem)
WHERE len($years) = 0 OR list_contains($years, r.fiscal_year) OR list_contains($years, t.fiscal_year)
ORDER BY r.department, r.project_name, t.fiscal_year;
