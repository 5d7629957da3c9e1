-- message: {预算数名称} {预算数} 万元，执行数为 0（预算执行率为零）
-- grain: one row per source row with a positive budget and nothing executed (at a monitoring checkpoint: by then).
WITH money AS (
    SELECT fiscal_year, region, department, '项目自评' AS stage, project_name,
           source_file, source_sheet, source_row, budget, executed, '全年预算数' AS budget_label
    FROM stg.project_self_eval WHERE assessed
    UNION ALL
    SELECT fiscal_year, region, department, '部门整体自评', NULL, source_file, source_sheet, source_row,
           budget, executed, '全年预算数'
    FROM stg.dept_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, level, project_name, source_file, source_sheet, source_row,
           budget, executed, '全年预算数'
    FROM stg.evaluation
    UNION ALL
    SELECT fiscal_year, region, department, '绩效监控', project_name, source_file, source_sheet, source_row,
           budget, executed, '调整后预算数'
    FROM stg.monitoring
    WHERE coalesce(period_end_month, 12) >= $zero_execution_from_month
)
SELECT fiscal_year, region, department, stage, project_name, source_file, source_sheet, source_row,
       budget_label || ' ' || core.audit_num(budget) || ' 万元，执行数为 0（预算执行率为零）' AS message
FROM money
WHERE budget > 0 AND executed = 0
