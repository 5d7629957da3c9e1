-- grain: one row per fiscal year × stage of the work calendar in the filtered scope (global filters + 科室);
-- feeds the 工作推进台账 progress bars: how many departments submitted on time, late, not at all.
SELECT fiscal_year, stage, min(sort_order) AS sort_order, min(due_date) AS due_date,
       count(*) FILTER (WHERE status = '已报送') AS on_time,
       count(*) FILTER (WHERE status = '逾期报送') AS late,
       count(*) FILTER (WHERE status = '未报送') AS missing,
       count(*) FILTER (WHERE status = '不适用') AS not_applicable,
       count(*) FILTER (WHERE status <> '不适用') AS expected
FROM mart.submission
WHERE (len($years) = 0 OR list_contains($years, fiscal_year))
  AND (len($work_years) = 0 OR list_contains($work_years, year(due_date)))  -- the working year its deadline falls in
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
  AND (len($offices) = 0 OR list_contains($offices, office))
GROUP BY fiscal_year, stage
ORDER BY fiscal_year, sort_order;
