-- message: 自评预警：指标得分率 {得分率} 远高于预算执行率 {执行率}（相差超过 {差距}）
-- grain: one row per self-assessment form whose claimed indicator achievement (stated indicator scores ÷
--        their weights) exceeds the budget execution rate by more than [review] claim_over_execution.
SELECT fiscal_year, region, department, '项目自评' AS stage, project_name, source_file, source_sheet, source_row,
       '自评预警：指标得分率 ' || core.audit_pct(claimed_achievement) || ' 远高于预算执行率 '
           || core.audit_pct(execution_rate) || '（相差超过 ' || core.audit_pct(core.review_param('claim_over_execution'))
           || '）' AS message
FROM mart.rescore
WHERE claimed_achievement - execution_rate > core.review_param('claim_over_execution')
