-- grain: one row per department with data in the chosen years and regions; feeds the 主管部门 filter.
SELECT DISTINCT department FROM mart.project_self_eval
WHERE (len($years) = 0 OR list_contains($years, fiscal_year))
  AND (len($regions) = 0 OR list_contains($regions, region))
ORDER BY department;
