-- grain: one row per department with assessed projects in the filtered scope: mean self score, mean finance
-- score and their gap (self − finance); feeds 评分与等级 (gap by department, largest first).
SELECT department,
       count(*)                                AS projects,
       avg(self_score)                         AS mean_self_score,
       avg(finance_score)                      AS mean_finance_score,
       avg(self_score) - avg(finance_score)    AS gap
FROM app.self_eval_scope($years, $regions, $departments, $funds)
WHERE assessed AND self_score IS NOT NULL AND finance_score IS NOT NULL
GROUP BY department
ORDER BY gap DESC, department;
