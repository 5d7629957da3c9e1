-- message: {得分名称} {得分} 超过分值 {分值}；或：{得分名称} {得分} 超出 0–100 分
-- grain: one row per score cell above its weight (indicators), above $max_score or below 0, or an
--        执行率得分 above $execution_weight.
WITH scores AS (
    SELECT fiscal_year, region, department, '项目自评' AS stage, project_name,
           source_file, source_sheet, source_row, u.label, u.value
    FROM stg.project_self_eval,
         LATERAL (VALUES ('自评得分', self_score), ('财政评分', finance_score)) u(label, value)
    UNION ALL
    SELECT fiscal_year, region, department, '部门整体自评', NULL, source_file, source_sheet, source_row,
           u.label, u.value
    FROM stg.dept_self_eval,
         LATERAL (VALUES ('自评得分', self_score), ('财政评分', finance_score)) u(label, value)
    UNION ALL
    SELECT fiscal_year, region, department, level, project_name, source_file, source_sheet, source_row,
           u.label, u.value
    FROM stg.evaluation,
         LATERAL (VALUES ('评价得分', score), ('财政评分', finance_score), ('决策得分', score_decision),
                         ('过程得分', score_process), ('产出得分', score_output), ('效益得分', score_effect))
             u(label, value)
    UNION ALL
    SELECT fiscal_year, region, department, '事前评估', project_name, source_file, source_sheet, source_row,
           '评估得分', score
    FROM stg.exante_assessment
)
SELECT fiscal_year, region, department, stage, project_name, source_file, source_sheet, source_row,
       label || ' ' || core.audit_num(value) || ' 超出 0–' || core.audit_num($max_score) || ' 分' AS message
FROM scores
WHERE value > $max_score OR value < 0
UNION ALL
SELECT fiscal_year, region, department, '项目自评', project_name, source_file, source_sheet, source_row,
       '执行率得分 ' || core.audit_num(execution_score) || ' 超过分值 ' || core.audit_num($execution_weight)
FROM stg.project_self_eval
WHERE execution_score > $execution_weight OR execution_score < 0
UNION ALL
SELECT fiscal_year, region, department, core.audit_stage(stage), project_name, source_file, source_sheet,
       source_row,
       '指标“' || coalesce(level3, '空') || '”得分 ' || core.audit_num(score)
           || CASE WHEN score < 0 THEN ' 为负数' ELSE ' 超过分值 ' || core.audit_num(weight) END
FROM stg.indicator
WHERE score > weight OR score < 0
