-- grain: one row per department with data in any stage of the cycle in view (each stage at its own fiscal
-- year) and the chosen regions; feeds the 主管部门 filter, so a department with only 2022 targets can be
-- chosen on the 2022 working year.
WITH rows AS (
    SELECT department, region FROM mart.exante_assessment WHERE list_contains($exante_years, fiscal_year)
    UNION ALL SELECT department, region FROM mart.performance_target WHERE list_contains($target_years, fiscal_year)
    UNION ALL SELECT department, region FROM mart.monitoring WHERE list_contains($monitoring_years, fiscal_year)
    UNION ALL SELECT department, region FROM mart.project_self_eval WHERE list_contains($self_years, fiscal_year)
    UNION ALL SELECT department, region FROM mart.dept_self_eval WHERE list_contains($dept_years, fiscal_year)
    UNION ALL SELECT department, region FROM mart.evaluation WHERE list_contains($eval_years, fiscal_year)
)
SELECT DISTINCT department FROM rows
WHERE department IS NOT NULL AND (len($regions) = 0 OR list_contains($regions, region))
ORDER BY department;
