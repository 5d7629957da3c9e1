-- grain: one row per 三级指标 of a target, monitoring or self-assessment form; feeds 绩效目标与指标 and audits.
CREATE OR REPLACE VIEW mart.indicator AS
SELECT fiscal_year, region, department, stage, period_end_month, project_code, project_name,
       level1, level2, level3, operator, target_text, target_value, unit, actual_text, actual_value,
       weight, score, is_quantified, completion_likelihood, deviation_reason,
       source_file, source_sheet, source_row, year_source, region_source
FROM stg.indicator;

COMMENT ON VIEW mart.indicator IS '三级绩效指标：目标表、监控表、自评表中的每一条指标';
COMMENT ON COLUMN mart.indicator.stage IS '环节：目标 / 监控 / 自评';
COMMENT ON COLUMN mart.indicator.level1 IS '一级指标（产出/效益/满意度/成本）';
COMMENT ON COLUMN mart.indicator.level2 IS '二级指标（已统一同义词，如 环境效益→生态效益）';
COMMENT ON COLUMN mart.indicator.level3 IS '三级指标';
COMMENT ON COLUMN mart.indicator.operator IS '运算符：≥ ≤ = > <';
COMMENT ON COLUMN mart.indicator.target_text IS '指标值原文（年度）';
COMMENT ON COLUMN mart.indicator.target_value IS '指标值数值';
COMMENT ON COLUMN mart.indicator.unit IS '度量单位';
COMMENT ON COLUMN mart.indicator.actual_text IS '实际完成值/执行情况原文';
COMMENT ON COLUMN mart.indicator.weight IS '分值/权重';
COMMENT ON COLUMN mart.indicator.score IS '得分';
COMMENT ON COLUMN mart.indicator.is_quantified IS '是否定量指标（有数值目标值）';
COMMENT ON COLUMN mart.indicator.deviation_reason IS '偏差原因';
