-- grain: one row per department × stage × fiscal year of the work calendar in the filtered scope (global
-- filters + the page's 科室 / 状态 filters; empty lists mean all); feeds the 工作推进台账 table and its export.
-- list: missing and late first within each stage; a page shows the first rows, an export every row.
SELECT fiscal_year, region, office, department, stage, due_date, submitted_at, status, days_late, date_source,
       source_file
FROM mart.submission
WHERE (len($years) = 0 OR list_contains($years, fiscal_year))
  AND (len($work_years) = 0 OR list_contains($work_years, year(due_date)))  -- the working year its deadline falls in
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
  AND (len($offices) = 0 OR list_contains($offices, office))
  AND (len($statuses) = 0 OR list_contains($statuses, status))
ORDER BY fiscal_year, sort_order, CASE status WHEN '未报送' THEN 1 WHEN '逾期报送' THEN 2 WHEN '已报送' THEN 3 ELSE 4 END,
         days_late DESC NULLS LAST, office, department,
         region, stage;  -- ties broken: a page's first rows are always the same
