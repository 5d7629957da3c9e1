-- grain: one row per region with data in the chosen years; feeds the global 区划 filter.
SELECT DISTINCT region FROM mart.project_self_eval
WHERE len($years) = 0 OR list_contains($years, fiscal_year)
ORDER BY region;
