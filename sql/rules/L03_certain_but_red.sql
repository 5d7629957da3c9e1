-- message: 1-{月}月指标“{三级指标}”亮红灯（{依据}），完成目标可能性却填“确定能”
-- grain: one row per monitored indicator whose 完成目标可能性 is 确定能 while its light is red.
SELECT fiscal_year, region, department, '绩效监控' AS stage, project_name, source_file, source_sheet, source_row,
       '1-' || coalesce(CAST(period_end_month AS VARCHAR), '?') || '月指标“' || coalesce(level3, '空') || '”亮红灯（'
           || CASE WHEN ratio IS NOT NULL THEN '实际进度为应达进度的 ' || core.audit_pct(ratio) ELSE basis END
           || '），完成目标可能性却填“确定能”' AS message
FROM mart.indicator_light
WHERE light = '红' AND completion_likelihood = '确定能'
