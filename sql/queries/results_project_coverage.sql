-- grain: one row per project of the chosen year that did 单位自评; feeds the 结果应用 list 「部门评价五年全覆盖」:
-- the latest year within the $window_years-year window ending that year in which the project had a 部门评价
-- (matched by code, or by name without its year prefix), so uncovered projects can be chosen next.
WITH projects AS (
    SELECT *, regexp_replace(project_name, '^(19|20)[0-9]{2}年度?', '') AS stem
    FROM mart.project_self_eval
    WHERE assessed
      AND (len($years) = 0 OR list_contains($years, fiscal_year))
      AND (len($regions) = 0 OR list_contains($regions, region))
      AND (len($departments) = 0 OR list_contains($departments, department))
      AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
),
evals AS (
    SELECT fiscal_year, region, department, project_code,
           regexp_replace(project_name, '^(19|20)[0-9]{2}年度?', '') AS stem
    FROM mart.evaluation
    WHERE level = '部门评价'
)
SELECT p.fiscal_year, p.region, p.department, p.project_code, p.project_name, p.budget,
       p.fiscal_year - $window_years + 1 AS window_start,
       max(e.fiscal_year) AS last_evaluated_year,
       max(e.fiscal_year) IS NOT NULL AS covered,
       p.source_file, p.source_sheet, p.source_row
FROM projects p
LEFT JOIN evals e
  ON e.region = p.region AND e.department = p.department
 AND (e.project_code = p.project_code OR e.stem = p.stem)
 AND e.fiscal_year BETWEEN p.fiscal_year - $window_years + 1 AND p.fiscal_year
GROUP BY p.fiscal_year, p.region, p.department, p.project_code, p.project_name, p.budget,
         p.source_file, p.source_sheet, p.source_row
ORDER BY covered, p.department, p.project_name;
