-- message: 预算由 {上年预算} 万元变为 {本年预算} 万元（{变动}），指标“{三级指标}”目标值仍为 {指标值}，未随项目调整
-- grain: one row per target indicator whose value equals last year's while the project's budget changed by
--        more than [review] budget_change_share (存在的问题（五）).
SELECT fiscal_year, region, department, '绩效目标' AS stage, project_name, source_file, source_sheet, source_row,
       '预算由 ' || core.audit_num(last_budget) || ' 万元变为 ' || core.audit_num(budget) || ' 万元（'
           || CASE WHEN budget_change > 0 THEN '+' ELSE '' END || core.audit_pct(budget_change) || '），指标“'
           || level3 || '”目标值仍为 ' || coalesce(target_text, core.audit_num(target_value)) || '，未随项目调整'
           AS message
FROM mart.indicator_history
WHERE last_target IS NOT NULL AND target_value = last_target AND coalesce(unit, '') NOT IN ('%', '月')
  AND abs(budget_change) > core.review_param('budget_change_share')
