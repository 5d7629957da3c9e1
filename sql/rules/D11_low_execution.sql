-- message: 全年预算执行率 {执行率}，低于 {下限}（执行 {执行数} / 预算 {预算数} 万元）
-- grain: one row per annual source row whose execution rate is above zero (zero is D10) but below $low_execution_rate.
WITH money AS (
    SELECT fiscal_year, region, department, '项目自评' AS stage, project_name,
           source_file, source_sheet, source_row, budget, executed
    FROM stg.project_self_eval WHERE assessed
    UNION ALL
    SELECT fiscal_year, region, department, '部门整体自评', NULL, source_file, source_sheet, source_row,
           budget, executed
    FROM stg.dept_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, level, project_name, source_file, source_sheet, source_row,
           budget, executed
    FROM stg.evaluation
)
SELECT fiscal_year, region, department, stage, project_name, source_file, source_sheet, source_row,
       '全年预算执行率 ' || core.audit_pct(executed / budget) || '，低于 ' || core.audit_pct($low_execution_rate)
           || '（执行 ' || core.audit_num(executed) || ' / 预算 ' || core.audit_num(budget) || ' 万元）' AS message
FROM money
WHERE budget > 0 AND executed > 0 AND executed / budget < $low_execution_rate
