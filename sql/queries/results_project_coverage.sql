-- grain: one row per project of the chosen year that did 单位自评; feeds the 结果应用 list 「部门评价五年全覆盖」:
-- the latest year within the $window_years-year window ending that year in which the project had a 部门评价
-- (matched by code, or by name without its year prefix: worked out at publish time in
-- mart.project_evaluated_years), so uncovered projects can be chosen next. $uncovered_only keeps only those.
-- list: uncovered projects first; a page shows the first rows, an export every row.
WITH projects AS (
    SELECT *, list_max(list_filter(evaluated_years, lambda y: y >= fiscal_year - $window_years + 1))
              AS last_evaluated_year
    FROM mart.project_evaluated_years
    WHERE (len($years) = 0 OR list_contains($years, fiscal_year))
      AND (len($regions) = 0 OR list_contains($regions, region))
      AND (len($departments) = 0 OR list_contains($departments, department))
      AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
)
SELECT fiscal_year, region, department, project_code, project_name, budget,
       fiscal_year - $window_years + 1 AS window_start,
       last_evaluated_year,
       last_evaluated_year IS NOT NULL AS covered,
       source_file, source_sheet, source_row
FROM projects
WHERE NOT ($uncovered_only AND last_evaluated_year IS NOT NULL)
ORDER BY covered, department, project_name,
         region, fiscal_year, source_file, source_sheet, source_row;  -- ties broken: a page's first rows are always the same
