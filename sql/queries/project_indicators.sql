-- grain: one row per 三级指标 of one project ($project = code or name) in $years, at every stage (目标 / 监控
-- / 自评) with its source row; feeds 项目详情.
SELECT stage, period_end_month, level1, level2, level3, operator, target_text, unit, actual_text, weight, score,
       is_quantified, deviation_reason, source_file, source_sheet, source_row
FROM mart.indicator
WHERE list_contains($years, fiscal_year) AND (project_code = $project OR project_name = $project)
ORDER BY CASE stage WHEN '目标' THEN 1 WHEN '监控' THEN 2 ELSE 3 END, period_end_month, source_file, source_row;
