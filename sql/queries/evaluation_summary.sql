-- grain: one row per evaluation level (部门评价 / 财政评价) in the filtered scope: projects, money, mean score,
-- grade counts and the mean 决策/过程/产出/效益 profile; feeds the 评价结果 cards and profile chart.
SELECT level,
       count(*)                                 AS projects,
       count(DISTINCT department)               AS departments,
       sum(budget)                              AS budget,
       sum(executed) / nullif(sum(budget), 0)   AS execution_rate,
       avg(score)                               AS mean_score,
       avg(finance_score)                       AS mean_finance_score,
       count(*) FILTER (WHERE grade = '优')     AS excellent,
       count(*) FILTER (WHERE grade = '良')     AS good,
       count(*) FILTER (WHERE grade = '中')     AS fair,
       count(*) FILTER (WHERE grade = '差')     AS poor,
       avg(score_decision)                      AS mean_decision,
       avg(score_process)                       AS mean_process,
       avg(score_output)                        AS mean_output,
       avg(score_effect)                        AS mean_effect
FROM app.evaluation_scope($years, $regions, $departments, $funds)
GROUP BY level
ORDER BY level DESC;
