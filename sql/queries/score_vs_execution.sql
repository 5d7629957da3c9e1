-- grain: one row per assessed project in the filtered scope with a finance score; feeds the 评分与等级
-- scatter of score against execution rate.
SELECT department, project_code, project_name, budget, execution_rate, self_score, finance_score, grade
FROM app.self_eval_scope($years, $regions, $departments, $funds)
WHERE assessed AND finance_score IS NOT NULL AND execution_rate IS NOT NULL
ORDER BY department, project_code;
