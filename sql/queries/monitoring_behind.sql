-- grain: one row per project at its latest monitoring checkpoint in the filtered scope whose execution is
-- behind 序时进度 (month ÷ 12); feeds the 预算执行 list of projects behind schedule.
SELECT fiscal_year, department, project_code, project_name, period_end_month, budget, executed, execution_rate,
       period_end_month / 12.0 AS time_progress, completion_likelihood, region
FROM app.monitoring_scope($years, $regions, $departments, $funds)
WHERE scope = '项目' AND period_end_month IS NOT NULL
QUALIFY row_number() OVER (PARTITION BY fiscal_year, region, department, coalesce(project_code, project_name)
                           ORDER BY period_end_month DESC) = 1
    AND coalesce(execution_rate, 0) < period_end_month / 12.0
ORDER BY coalesce(execution_rate, 0) - period_end_month / 12.0, budget DESC;
