-- grain: one row for the filtered scope; feeds the 总览 KPI cards (seed figures P21-1…P21-9).
-- Money, rates and means are over the assessed projects; counts cover every reported project.
SELECT
    count(*)                                                          AS reported,
    count(*) FILTER (WHERE assessed)                                  AS assessed,
    count(*) FILTER (WHERE NOT assessed)                              AS not_assessed,
    sum(budget) FILTER (WHERE assessed)                               AS budget,
    sum(executed) FILTER (WHERE assessed)                             AS executed,
    sum(executed) FILTER (WHERE assessed) / nullif(sum(budget) FILTER (WHERE assessed), 0) AS execution_rate,
    avg(goal_completion_rate) FILTER (WHERE assessed)                 AS goal_completion_rate,
    avg(self_score) FILTER (WHERE assessed)                           AS mean_self_score,
    avg(finance_score) FILTER (WHERE assessed)                        AS mean_finance_score
FROM app.self_eval_scope($years, $regions, $departments, $funds);
