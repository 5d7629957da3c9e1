-- grain: one row per fund category (primary budget or tag; categories overlap) of the assessed projects in
-- the filtered scope; feeds 预算执行 (bars by 资金性质).
-- Projects are summed per fund type and tag list first (a handful of pairs), then spread over categories.
WITH parts AS (
    SELECT fund_type, fund_tags, count(*) AS projects, sum(budget) AS budget, sum(executed) AS executed
    FROM app.self_eval_scope($years, $regions, $departments, $funds)
    WHERE assessed
    GROUP BY ALL
)
SELECT category,
       CAST(sum(projects) AS BIGINT)          AS projects,
       sum(budget)                            AS budget,
       sum(executed)                          AS executed,
       sum(executed) / nullif(sum(budget), 0) AS execution_rate
FROM (SELECT unnest(list_prepend(fund_type, fund_tags)) AS category, projects, budget, executed FROM parts)
GROUP BY category
ORDER BY execution_rate, category;
