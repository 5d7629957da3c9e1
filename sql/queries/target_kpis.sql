-- grain: one row per target scope (项目 / 部门整体) in the filtered scope; feeds the 绩效目标与指标 cards.
SELECT scope,
       count(*)                                                   AS targets,
       count(DISTINCT department)                                 AS departments,
       sum(indicator_count)                                       AS indicators,
       sum(quantified_count)                                      AS quantified,
       avg(quantification_rate)                                   AS rate_mean,
       sum(quantified_count) / nullif(sum(indicator_count), 0)    AS rate_ratio,
       sum(budget)                                                AS budget
FROM app.target_scope($years, $regions, $departments, $funds)
GROUP BY scope
ORDER BY scope DESC;
