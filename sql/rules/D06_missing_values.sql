-- message: 必填数据缺失：{字段、字段}
-- grain: one row per source row missing a required value that other rows of the same file carry (a column
--        the whole file lacks is a layout matter, not a data-entry error). Projects not assessed (73类) need
--        no scores.
WITH fields AS (
    SELECT fiscal_year, region, department, '项目自评' AS stage, project_name,
           source_file, source_sheet, source_row, u.label, u.missing, u.position,
           bool_or(NOT u.missing) OVER (PARTITION BY source_file, u.label) AS file_has_it
    FROM stg.project_self_eval,
         LATERAL (VALUES (1, '全年预算数', budget IS NULL), (2, '全年执行数', executed IS NULL),
                         (3, '自评得分', assessed AND self_score IS NULL),
                         (4, '财政评分', assessed AND finance_score IS NULL)) u(position, label, missing)
    UNION ALL
    SELECT fiscal_year, region, department, '部门整体自评', NULL, source_file, source_sheet, source_row,
           u.label, u.missing, u.position, bool_or(NOT u.missing) OVER (PARTITION BY source_file, u.label)
    FROM stg.dept_self_eval,
         LATERAL (VALUES (1, '全年预算数', budget IS NULL), (2, '全年执行数', executed IS NULL),
                         (3, '自评得分', self_score IS NULL), (4, '财政评分', finance_score IS NULL))
             u(position, label, missing)
    UNION ALL
    SELECT fiscal_year, region, department, level, project_name, source_file, source_sheet, source_row,
           u.label, u.missing, u.position, bool_or(NOT u.missing) OVER (PARTITION BY source_file, u.label)
    FROM stg.evaluation,
         LATERAL (VALUES (1, '全年预算数', budget IS NULL), (2, '全年执行数', executed IS NULL),
                         (3, '评价得分', score IS NULL)) u(position, label, missing)
    UNION ALL
    SELECT fiscal_year, region, department, '绩效监控', project_name, source_file, source_sheet, source_row,
           u.label, u.missing, u.position, bool_or(NOT u.missing) OVER (PARTITION BY source_file, u.label)
    FROM stg.monitoring,
         LATERAL (VALUES (1, '调整后预算数', budget IS NULL), (2, '执行数', executed IS NULL))
             u(position, label, missing)
    UNION ALL
    SELECT fiscal_year, region, department, '绩效目标', project_name, source_file, source_sheet, source_row,
           u.label, u.missing, u.position, bool_or(NOT u.missing) OVER (PARTITION BY source_file, u.label)
    FROM stg.performance_target,
         LATERAL (VALUES (1, '预算金额', budget IS NULL)) u(position, label, missing)
    UNION ALL
    SELECT fiscal_year, region, department, '事前评估', project_name, source_file, source_sheet, source_row,
           u.label, u.missing, u.position, bool_or(NOT u.missing) OVER (PARTITION BY source_file, u.label)
    FROM stg.exante_assessment,
         LATERAL (VALUES (1, '涉及资金', amount IS NULL), (2, '评估结论', conclusion IS NULL))
             u(position, label, missing)
)
SELECT fiscal_year, region, department, stage, project_name, source_file, source_sheet, source_row,
       '必填数据缺失：' || string_agg(label, '、' ORDER BY position) AS message
FROM fields
WHERE missing AND file_has_it
GROUP BY ALL
