-- grain: one row per fiscal year in $years × report fund group (core.fund_group: disjoint) of the assessed
-- projects in the filtered regions, departments and funds; feeds the 总览 trend, drawn one line per fund
-- group so that a year holding only some groups (e.g. bond projects assessed early) is never joined to
-- a whole year. Read from the publish-time sums (mart.self_eval_summary), which carry each fund type and
-- tag list's group.
SELECT fiscal_year,
       fund_group,
       CAST(sum(assessed) AS BIGINT)                                        AS assessed,
       sum(budget)                                                          AS budget,
       sum(executed)                                                        AS executed,
       sum(executed) / nullif(sum(budget), 0)                               AS execution_rate,
       CAST(sum(finance_score_sum) AS DOUBLE) / nullif(sum(finance_score_count), 0) AS mean_finance_score
FROM app.self_eval_summary_scope($years, $regions, $departments, $funds)
WHERE assessed > 0
GROUP BY ALL
ORDER BY fund_group, fiscal_year;
