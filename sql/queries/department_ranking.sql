-- grain: one row per department with assessed projects in the filtered scope: mean finance score and
-- execution (Σexecuted ÷ Σbudget); feeds the 总览 best/worst departments.
SELECT department,
       count(*)                                   AS projects,
       sum(budget)                                AS budget,
       sum(executed)                              AS executed,
       sum(executed) / nullif(sum(budget), 0)     AS execution_rate,
       avg(finance_score)                         AS mean_finance_score,
       count(*) FILTER (WHERE grade = '差')       AS poor
FROM app.self_eval_scope($years, $regions, $departments, $funds)
WHERE assessed
GROUP BY department
ORDER BY mean_finance_score DESC, execution_rate DESC, department;
