-- message: 部门评价项目资金 {万元} 万元，占项目支出 {万元} 万元的 {比例}，低于 {下限}
-- grain: one row per department-year whose 部门评价 projects cover less of its project budget (assessed
--        self-assessment projects) than the region's evaluation_coverage_min; judged only where that
--        region-year has 部门评价 results loaded at all.
WITH base AS (
    SELECT fiscal_year, region, department, sum(budget) AS project_budget
    FROM mart.project_self_eval WHERE assessed GROUP BY ALL
),
evaluated AS (
    SELECT fiscal_year, region, department, sum(budget) AS evaluated_budget
    FROM mart.evaluation WHERE level = '部门评价' GROUP BY ALL
),
loaded AS (SELECT DISTINCT fiscal_year, region FROM mart.evaluation WHERE level = '部门评价')
SELECT b.fiscal_year, b.region, b.department, '部门评价' AS stage, NULL AS project_name,
       NULL AS source_file, NULL AS source_sheet, NULL AS source_row,
       '部门评价项目资金 ' || core.audit_num(coalesce(e.evaluated_budget, 0)) || ' 万元，占项目支出 '
       || core.audit_num(b.project_budget) || ' 万元的 '
       || core.audit_pct(coalesce(e.evaluated_budget, 0) / b.project_budget) || '，低于 '
       || core.audit_pct(s.evaluation_coverage_min) AS message
FROM base b
JOIN loaded USING (fiscal_year, region)
JOIN core.region_ledger_setting s USING (region)
LEFT JOIN evaluated e USING (fiscal_year, region, department)
WHERE b.project_budget > 0
  AND coalesce(e.evaluated_budget, 0) < b.project_budget * s.evaluation_coverage_min
