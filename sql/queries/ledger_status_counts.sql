-- grain: one row per 整改台账 status in the filtered scope (global filters); feeds the 整改台账 metrics.
SELECT status, count(*) AS items, count(DISTINCT department) AS departments
FROM mart.rectification
WHERE app.in_cycle(stage, fiscal_year, $cycle)
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
  AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
GROUP BY status;
