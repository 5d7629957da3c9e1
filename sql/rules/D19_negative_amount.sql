-- message: {金额名称} {金额} 万元为负数
-- grain: one row per source row and amount column holding a negative amount (a budget, an execution, funds
--        arrived or an ex-ante amount below zero is a data-entry error, never a real figure).
WITH amounts AS (
    SELECT fiscal_year, region, department, '项目自评' AS stage, project_name,
           source_file, source_sheet, source_row, u.position, u.label, u.amount
    FROM stg.project_self_eval,
         LATERAL (VALUES (1, '年初预算数', budget_initial), (2, '全年预算数', budget), (3, '全年执行数', executed))
             u(position, label, amount)
    UNION ALL
    SELECT fiscal_year, region, department, '部门整体自评', NULL, source_file, source_sheet, source_row,
           u.position, u.label, u.amount
    FROM stg.dept_self_eval,
         LATERAL (VALUES (2, '全年预算数', budget), (3, '全年执行数', executed)) u(position, label, amount)
    UNION ALL
    SELECT fiscal_year, region, department, level, project_name, source_file, source_sheet, source_row,
           u.position, u.label, u.amount
    FROM stg.evaluation,
         LATERAL (VALUES (2, '全年预算数', budget), (3, '全年执行数', executed)) u(position, label, amount)
    UNION ALL
    SELECT fiscal_year, region, department, '绩效监控', project_name, source_file, source_sheet, source_row,
           u.position, u.label, u.amount
    FROM stg.monitoring,
         LATERAL (VALUES (1, '年初预算数', budget_initial), (2, '调整后预算数', budget), (3, '到位资金', funds_arrived),
                         (4, '执行数', executed)) u(position, label, amount)
    UNION ALL
    SELECT fiscal_year, region, department, '绩效目标', project_name, source_file, source_sheet, source_row,
           2, '预算金额', budget
    FROM stg.performance_target
    UNION ALL
    SELECT fiscal_year, region, department, '事前绩效评估', project_name, source_file, source_sheet, source_row,
           1, '申请金额', amount
    FROM stg.exante_assessment
)
SELECT fiscal_year, region, department, stage, project_name, source_file, source_sheet, source_row,
       label || ' ' || core.audit_num(amount) || ' 万元为负数' AS message
FROM amounts
WHERE amount < 0
