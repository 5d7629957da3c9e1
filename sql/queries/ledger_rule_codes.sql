-- grain: one row per audit rule that has an item in the 整改台账 in the filtered scope (global filters); feeds
-- the 整改台账 page's 问题类型 filter without fetching the ledger itself.
SELECT DISTINCT rule_code
FROM mart.rectification
WHERE app.in_cycle(stage, fiscal_year, $cycle)
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
  AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
ORDER BY rule_code;
