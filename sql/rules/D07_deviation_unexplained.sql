-- message: 指标“{三级指标}”实际完成值 {完成值} 为指标值 {指标值} 的 {比例}（超出 {下限}–{上限}），未说明偏差原因
-- grain: one row per self-assessment indicator with numeric target and actual whose ratio lies outside
--        [$deviation_lower_ratio, $deviation_upper_ratio] and no deviation reason (time targets in 月 are left to D08).
SELECT fiscal_year, region, department, '项目自评' AS stage, project_name, source_file, source_sheet, source_row,
       '指标“' || coalesce(level3, '空') || '”实际完成值 ' || coalesce(actual_text, core.audit_num(actual_value))
           || ' 为指标值 ' || coalesce(target_text, core.audit_num(target_value)) || ' 的 '
           || core.audit_pct(actual_value / target_value) || '（超出 ' || core.audit_pct($deviation_lower_ratio) || '–'
           || core.audit_pct($deviation_upper_ratio) || '），未说明偏差原因' AS message
FROM stg.indicator
WHERE stage = '自评' AND target_value > 0 AND actual_value IS NOT NULL AND coalesce(unit, '') <> '月'
  AND (actual_value / target_value > $deviation_upper_ratio OR actual_value / target_value < $deviation_lower_ratio)
  AND nullif(trim(deviation_reason), '') IS NULL
