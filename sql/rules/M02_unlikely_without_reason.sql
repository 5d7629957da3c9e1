-- message: 完成目标可能性为“{可能性}”，但未填写偏差原因分析（指标：{三级指标}）
-- grain: one row per monitoring list row or indicator judged unlikely to be met ($unlikely_likelihoods) with no deviation reason.
SELECT fiscal_year, region, department, '绩效监控' AS stage, project_name,
       source_file, source_sheet, source_row,
       '完成目标可能性为“' || completion_likelihood || '”，但未填写偏差原因分析' AS message
FROM stg.monitoring
WHERE list_contains($unlikely_likelihoods, completion_likelihood) AND nullif(trim(deviation_reason), '') IS NULL
UNION ALL
-- a form-level 偏差原因分析 (黄石 layout) explains all of its indicators
SELECT i.fiscal_year, i.region, i.department, '绩效监控', i.project_name,
       i.source_file, i.source_sheet, i.source_row,
       '完成目标可能性为“' || i.completion_likelihood || '”，但未填写偏差原因分析（指标：'
           || coalesce(i.level3, '空') || '）'
FROM stg.indicator i
LEFT JOIN stg.monitoring m USING (source_file, source_sheet)
WHERE i.stage = '监控' AND list_contains($unlikely_likelihoods, i.completion_likelihood)
  AND nullif(trim(i.deviation_reason), '') IS NULL AND nullif(trim(m.deviation_reason), '') IS NULL
