-- grain: one row per fund category (primary budget or tag) carried by a project in any stage of the cycle in
-- view (each stage at its own fiscal year) and the chosen regions; feeds the 资金性质 filter, budgets first.
WITH rows AS (  -- the distinct fund type and tag lists (a handful), not every row of every stage
    SELECT fund_type, fund_tags FROM mart.performance_target
    WHERE list_contains($target_years, fiscal_year) AND (len($regions) = 0 OR list_contains($regions, region))
    UNION SELECT fund_type, fund_tags FROM mart.monitoring
    WHERE list_contains($monitoring_years, fiscal_year) AND (len($regions) = 0 OR list_contains($regions, region))
    UNION SELECT fund_type, fund_tags FROM mart.self_eval_part  -- every 单位自评 row's funds, grouped at publish
    WHERE list_contains($self_years, fiscal_year) AND (len($regions) = 0 OR list_contains($regions, region))
    UNION SELECT fund_type, fund_tags FROM mart.evaluation
    WHERE list_contains($eval_years, fiscal_year) AND (len($regions) = 0 OR list_contains($regions, region))
), funds AS (
    SELECT fund_type AS fund, 1 AS kind FROM rows
    UNION
    SELECT unnest(coalesce(fund_tags, [])) AS fund, 2 AS kind FROM rows
)
SELECT fund FROM funds
WHERE fund IS NOT NULL
GROUP BY fund
ORDER BY min(kind), coalesce(list_position($order, fund), 999), fund;
