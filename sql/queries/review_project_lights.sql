-- grain: one row per monitored indicator × checkpoint of one project ($project = code or name) in $years;
-- feeds 项目详情 (each indicator's light at each checkpoint).
SELECT period_end_month, level1, level2, level3, target_text, actual_text, basis, progress, expected_share, ratio,
       light, completion_likelihood, deviation_reason, execution_rate, source_file, source_sheet, source_row
FROM mart.indicator_light
WHERE list_contains($years, fiscal_year) AND (project_code = $project OR project_name = $project)
ORDER BY period_end_month, source_file, source_row;
