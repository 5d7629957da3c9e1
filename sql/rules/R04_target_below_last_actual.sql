-- message: 指标“{三级指标}”目标值 {指标值} 低于上年实际完成值 {上年实际}，目标偏低
-- grain: one row per 正向 target indicator (not a rate) whose target is below last year's actual (历史标准, mart.indicator_history).
SELECT fiscal_year, region, department, '绩效目标' AS stage, project_name, source_file, source_sheet, source_row,
       '指标“' || level3 || '”目标值 ' || coalesce(target_text, core.audit_num(target_value))
           || ' 低于上年实际完成值 ' || core.audit_num(last_actual) || coalesce(unit, '') || '，目标偏低' AS message
FROM mart.indicator_history
WHERE NOT inverse AND coalesce(operator, '≥') IN ('≥', '>') AND last_actual IS NOT NULL
  AND target_value < last_actual AND coalesce(unit, '') <> '%'  -- rates (满意度 ≥90%) are standards, not counts
