-- message: 同一{项目/部门}出现在 {n} 个来源中，{预算数/执行数}不一致：{文件·工作表·行：数值；…}
-- grain: one row per project-year (per stage, level, checkpoint) found in several source rows whose budgets or
--        executed amounts differ; it points at the first source, the one the warehouse uses.
WITH rows AS (
    SELECT '项目自评' AS stage, fiscal_year, region, department, project_name,
           'P|' || coalesce(project_code, project_name) AS project_key,
           source_file, source_sheet, source_row, budget, executed
    FROM stg.project_self_eval
    UNION ALL
    SELECT '部门整体自评', fiscal_year, region, department, NULL, 'D', source_file, source_sheet, source_row,
           budget, executed
    FROM stg.dept_self_eval
    UNION ALL
    SELECT level, fiscal_year, region, department, project_name, 'E|' || coalesce(project_code, project_name),
           source_file, source_sheet, source_row, budget, executed
    FROM stg.evaluation
    UNION ALL
    SELECT '绩效监控', fiscal_year, region, department, project_name,
           'M|' || scope || '|' || coalesce(CAST(period_end_month AS VARCHAR), '') || '|'
               || coalesce(project_code, project_name, ''),
           source_file, source_sheet, source_row, budget, executed
    FROM stg.monitoring
    UNION ALL
    SELECT '绩效目标', fiscal_year, region, department, project_name,
           'T|' || scope || '|' || coalesce(project_code, project_name, ''),
           source_file, source_sheet, source_row, budget, NULL
    FROM stg.performance_target
),
grouped AS (
    SELECT stage, fiscal_year, region, department, project_key,
           arg_min(project_name, {'f': source_file, 's': source_sheet, 'r': source_row}) AS project_name,
           min({'f': source_file, 's': source_sheet, 'r': source_row}) AS first_source,
           count(*) AS n,
           count(DISTINCT budget) > 1 AS budget_differs,
           count(DISTINCT executed) > 1 AS executed_differs,
           string_agg(source_file || '·' || source_sheet || '·第' || source_row || '行：预算 '
                      || core.audit_num(budget) || CASE WHEN executed IS NOT NULL
                                                        THEN '，执行 ' || core.audit_num(executed) ELSE '' END,
                      '；' ORDER BY source_file, source_sheet, source_row) AS listing
    FROM rows
    GROUP BY stage, fiscal_year, region, department, project_key
    HAVING count(*) > 1
)
SELECT fiscal_year, region, department, stage, project_name,
       first_source.f AS source_file, first_source.s AS source_sheet, first_source.r AS source_row,
       '同一' || CASE WHEN project_name IS NULL THEN '部门' ELSE '项目' END || '出现在 ' || n || ' 个来源中，'
           || concat_ws('、', CASE WHEN budget_differs THEN '预算数' END,
                        CASE WHEN executed_differs THEN '执行数' END)
           || '不一致：' || listing AS message
FROM grouped
WHERE budget_differs OR executed_differs
