-- grain: one row per coverage check of the work plan that fails in the filtered scope: 部门评价 below the
-- region's share of a department's project budget (rule C05), too few or too small 财政重点评价 (rule C06);
-- feeds the 工作推进台账's 覆盖面检查.
SELECT fiscal_year, region, department, rule_code, rule_title, message
FROM mart.problem
WHERE rule_code IN ('C05', 'C06')
  AND app.in_cycle(stage, fiscal_year, $cycle)
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
ORDER BY rule_code, fiscal_year, department;
