-- message: 1-{月}月指标“{三级指标}”亮{灯}（{依据}），未说明偏差原因
-- grain: one row per monitored indicator with a red or yellow light and no 偏差原因 (mart.indicator_light).
SELECT fiscal_year, region, department, '绩效监控' AS stage, project_name, source_file, source_sheet, source_row,
       '1-' || coalesce(CAST(period_end_month AS VARCHAR), '?') || '月指标“' || coalesce(level3, '空') || '”亮' || light
           || CASE WHEN ratio IS NOT NULL THEN '灯（实际进度为应达进度的 ' || core.audit_pct(ratio) || '）'
                   ELSE '灯（' || basis || '）' END
           || '，未说明偏差原因' AS message
FROM mart.indicator_light
WHERE light IN ('红', '黄') AND nullif(trim(deviation_reason), '') IS NULL
