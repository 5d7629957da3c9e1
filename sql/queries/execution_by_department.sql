-- grain: one row per department with assessed projects in the filtered scope; feeds 预算执行 (sorted bars).
SELECT department,
       count(*)                               AS projects,
       sum(budget)                            AS budget,
       sum(executed)                          AS executed,
       sum(executed) / nullif(sum(budget), 0) AS execution_rate
FROM app.self_eval_scope($years, $regions, $departments, $funds)
WHERE assessed
GROUP BY department
ORDER BY execution_rate, department;
