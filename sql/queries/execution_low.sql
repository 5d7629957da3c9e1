-- grain: one row per assessed project in the filtered scope whose execution rate is below $threshold
-- (zero execution first); feeds the 预算执行 zero/low-execution table.
SELECT fiscal_year, department, project_code, project_name, fund_type, budget, executed, execution_rate,
       finance_score, grade, region
FROM app.self_eval_scope($years, $regions, $departments, $funds)
WHERE assessed AND budget > 0 AND coalesce(execution_rate, 0) < $threshold
ORDER BY coalesce(execution_rate, 0), budget DESC, project_name;
