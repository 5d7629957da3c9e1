-- message: 填报执行率 {填报值} 与 执行数 {执行数} ÷ 预算数 {预算数} = {重算值} 不符（相差 {差} 个百分点）
-- grain: one row per source row whose stated 执行率 differs from executed ÷ budget by more than $rate_tolerance.
WITH rates AS (
    SELECT fiscal_year, region, department, '项目自评' AS stage, project_name,
           source_file, source_sheet, source_row, budget, executed, execution_rate_stated AS stated
    FROM stg.project_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, '部门整体自评', NULL,
           source_file, source_sheet, source_row, budget, executed, execution_rate_stated
    FROM stg.dept_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, level, project_name,
           source_file, source_sheet, source_row, budget, executed, execution_rate_stated
    FROM stg.evaluation
    UNION ALL
    SELECT fiscal_year, region, department, '绩效监控', project_name,
           source_file, source_sheet, source_row, budget, executed, execution_rate_stated
    FROM stg.monitoring
),
checked AS (
    SELECT *, executed / budget AS computed FROM rates
    WHERE stated IS NOT NULL AND executed IS NOT NULL AND budget > 0
)
SELECT fiscal_year, region, department, stage, project_name, source_file, source_sheet, source_row,
       '填报执行率 ' || core.audit_pct(stated) || ' 与 执行数 ' || core.audit_num(executed) || ' ÷ 预算数 '
           || core.audit_num(budget) || ' = ' || core.audit_pct(computed) || ' 不符（相差 '
           || core.audit_num(round(abs(stated - computed) * 100, 2)) || ' 个百分点）' AS message
FROM checked
WHERE abs(stated - computed) > $rate_tolerance
