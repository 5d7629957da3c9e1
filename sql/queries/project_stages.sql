-- grain: one row per stage record of one project ($project = code or name) in $years: every stage view's
-- row with its money, rate, score, grade and the source file / sheet / row; feeds 项目详情.
WITH hit AS (SELECT $project AS k)
SELECT 1 AS ord, '事前评估' AS stage, NULL::INTEGER AS period_end_month, fiscal_year, region, department,
       project_code, project_name, NULL AS fund_type, amount AS budget, NULL::DECIMAL(18, 6) AS executed,
       NULL::DECIMAL(12, 6) AS execution_rate, score, NULL::DECIMAL(9, 4) AS finance_score,
       conclusion AS result, source_file, source_sheet, source_row
FROM mart.exante_assessment, hit
WHERE list_contains($years, fiscal_year) AND (project_code = hit.k OR project_name = hit.k)
UNION ALL
SELECT 2, '绩效目标', NULL, fiscal_year, region, department, project_code, project_name, fund_type, budget,
       NULL, NULL, NULL, NULL,
       indicator_count::VARCHAR || ' 个指标，量化率 ' || round(quantification_rate * 100, 2)::VARCHAR || '%',
       source_file, source_sheet, source_row
FROM mart.performance_target, hit
WHERE scope = '项目' AND list_contains($years, fiscal_year) AND (project_code = hit.k OR project_name = hit.k)
UNION ALL
SELECT 3, '绩效监控', period_end_month, fiscal_year, region, department, project_code, project_name, fund_type,
       budget, executed, execution_rate, NULL, NULL, completion_likelihood, source_file, source_sheet, source_row
FROM mart.monitoring, hit
WHERE scope = '项目' AND list_contains($years, fiscal_year) AND (project_code = hit.k OR project_name = hit.k)
UNION ALL
SELECT 4, '单位自评', NULL, fiscal_year, region, department, project_code, project_name, fund_type, budget,
       executed, execution_rate, self_score, finance_score, grade, source_file, source_sheet, source_row
FROM mart.project_self_eval, hit
WHERE list_contains($years, fiscal_year) AND (project_code = hit.k OR project_name = hit.k)
UNION ALL
SELECT CASE level WHEN '部门评价' THEN 5 ELSE 6 END, level, NULL, fiscal_year, region, department, project_code,
       project_name, fund_type, budget, executed, execution_rate, score, finance_score, grade,
       source_file, source_sheet, source_row
FROM mart.evaluation, hit
WHERE list_contains($years, fiscal_year) AND (project_code = hit.k OR project_name = hit.k)
ORDER BY ord, period_end_month;
