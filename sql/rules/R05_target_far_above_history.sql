-- message: 指标“{三级指标}”目标值 {指标值} 超过上年实际完成值 {上年实际} 的 {倍数} 倍，缺少历史依据
-- grain: one row per 正向 target indicator set more than [review] history_upper_ratio times last year's actual
--        (times the budget's growth, when it grew).
SELECT fiscal_year, region, department, '绩效目标' AS stage, project_name, source_file, source_sheet, source_row,
       '指标“' || level3 || '”目标值 ' || coalesce(target_text, core.audit_num(target_value))
           || ' 超过上年实际完成值 ' || core.audit_num(last_actual) || coalesce(unit, '') || ' 的 '
           || core.audit_num(core.review_param('history_upper_ratio')) || ' 倍，缺少历史依据' AS message
FROM mart.indicator_history
WHERE NOT inverse AND last_actual > 0
  -- a budget that grew as much explains a bigger target
  AND target_value > last_actual * core.review_param('history_upper_ratio') * greatest(1, coalesce(budget / nullif(last_budget, 0), 1))
