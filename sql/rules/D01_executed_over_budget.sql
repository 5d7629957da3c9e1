-- message: {执行数名称} {执行数} 万元超过{预算数名称} {预算数} 万元（执行率 {执行率}）
-- grain: one row per source row (list row or form) whose executed exceeds its budget.
WITH money AS (
    SELECT fiscal_year, region, department, '项目自评' AS stage, project_name,
           source_file, source_sheet, source_row, budget, executed,
           '全年执行数' AS executed_label, '全年预算数' AS budget_label
    FROM stg.project_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, '部门整体自评', NULL,
           source_file, source_sheet, source_row, budget, executed, '全年执行数', '全年预算数'
    FROM stg.dept_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, level, project_name,
           source_file, source_sheet, source_row, budget, executed, '全年执行数', '全年预算数'
    FROM stg.evaluation
    UNION ALL
    SELECT fiscal_year, region, department, '绩效监控', project_name,
           source_file, source_sheet, source_row, budget, executed,
           coalesce('1-' || period_end_month || '月', '') || '执行数', '调整后预算数'
    FROM stg.monitoring
)
SELECT fiscal_year, region, department, stage, project_name, source_file, source_sheet, source_row,
       executed_label || ' ' || core.audit_num(executed) || ' 万元超过' || budget_label || ' '
           || core.audit_num(budget) || ' 万元（执行率 ' || core.audit_pct(executed / budget) || '）' AS message
FROM money
WHERE executed > budget AND budget > 0
UNION ALL
SELECT fiscal_year, region, department, stage, project_name, source_file, source_sheet, source_row,
       executed_label || ' ' || core.audit_num(executed) || ' 万元，但' || budget_label || '为 0'
FROM money
WHERE executed > 0 AND budget = 0
