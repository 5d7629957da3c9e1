-- grain: one row per fiscal year in $years for the filtered regions, departments and funds; feeds the
-- 总览 trend (projects, money, execution, mean finance score over years).
SELECT fiscal_year,
       count(*) FILTER (WHERE assessed)                                             AS assessed,
       sum(budget) FILTER (WHERE assessed)                                          AS budget,
       sum(executed) FILTER (WHERE assessed)                                        AS executed,
       sum(executed) FILTER (WHERE assessed) / nullif(sum(budget) FILTER (WHERE assessed), 0) AS execution_rate,
       avg(finance_score) FILTER (WHERE assessed)                                   AS mean_finance_score
FROM app.self_eval_scope($years, $regions, $departments, $funds)
GROUP BY fiscal_year
ORDER BY fiscal_year;
