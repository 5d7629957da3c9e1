-- grain: one row per fiscal year in $years × report fund group (core.fund_group: disjoint) of the assessed
-- projects in the filtered regions, departments and funds; feeds the 总览 trend, drawn one line per fund
-- group so that a year holding only some groups (e.g. bond projects assessed early) is never joined to
-- a whole year.
SELECT fiscal_year,
       core.fund_group(fund_type, fund_tags)                       AS fund_group,
       count(*)                                                    AS assessed,
       sum(budget)                                                 AS budget,
       sum(executed)                                               AS executed,
       sum(executed) / nullif(sum(budget), 0)                      AS execution_rate,
       avg(finance_score)                                          AS mean_finance_score
FROM app.self_eval_scope($years, $regions, $departments, $funds)
WHERE assessed
GROUP BY ALL
ORDER BY fund_group, fiscal_year;
