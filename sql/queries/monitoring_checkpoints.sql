-- grain: one row per monitoring scope × checkpoint month in the filtered scope: execution against 序时进度
-- (month ÷ 12); feeds 预算执行 (monitoring against the time schedule).
SELECT scope,
       period_end_month,
       count(*)                                                         AS rows,
       sum(budget)                                                      AS budget,
       sum(executed)                                                    AS executed,
       sum(executed) / nullif(sum(budget), 0)                           AS execution_rate,
       period_end_month / 12.0                                          AS time_progress,
       count(*) FILTER (WHERE coalesce(execution_rate, 0) < period_end_month / 12.0) AS behind,
       count(*) FILTER (WHERE completion_likelihood = '完全不可能')      AS unlikely
FROM app.monitoring_scope($years, $regions, $departments, $funds)
WHERE period_end_month IS NOT NULL
GROUP BY scope, period_end_month
ORDER BY scope DESC, period_end_month;
