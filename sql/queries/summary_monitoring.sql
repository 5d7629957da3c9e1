-- grain: one row per scope × report fund group × checkpoint month of the year's monitoring; feeds M22-*,
-- PPP22-6, B22-6 and the report. latest_checkpoint marks each group's last month.
WITH m AS (
    SELECT *, core.fund_group(fund_type, fund_tags) AS fund_group
    FROM mart.monitoring
    WHERE fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region))
),
g AS (
    SELECT scope,
           CASE WHEN scope = '项目' THEN fund_group END   AS fund_group,
           period_end_month,
           count(DISTINCT department)                      AS department_count,
           count(*)                                        AS project_count,
           sum(budget)                                     AS budget,
           sum(funds_arrived)                              AS funds_arrived,
           sum(executed)                                   AS executed,
           sum(executed) / nullif(sum(budget), 0)          AS execution_rate
    FROM m GROUP BY ALL
)
SELECT *, period_end_month = max(period_end_month) OVER (PARTITION BY scope, fund_group) AS latest_checkpoint
FROM g
ORDER BY scope, fund_group, period_end_month;
