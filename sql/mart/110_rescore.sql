-- grain: one row per 单位自评 form re-scored beside its stated score; feeds 评分与等级 and the R rules.
CREATE OR REPLACE VIEW mart.rescore AS
SELECT fiscal_year, region, department, project_code, project_name, stated_score, rescored, difference,
       execution_score, stated_execution_score, execution_rate, execution_weight, indicator_weight,
       claimed_achievement, reason, source_file, source_sheet, source_row
FROM core.rescore;

COMMENT ON VIEW mart.rescore IS '单位自评复核：每张项目支出绩效自评表按表内数据重新计分，与填报得分并列';
COMMENT ON COLUMN mart.rescore.stated_score IS '填报的自评总分';
COMMENT ON COLUMN mart.rescore.rescored IS '复核得分 = 执行率得分 + 各指标复核得分';
COMMENT ON COLUMN mart.rescore.difference IS '填报 − 复核（正数即自评偏高）';
COMMENT ON COLUMN mart.rescore.execution_score IS '复核的执行率得分 = 分值 × min(执行率, 1)';
COMMENT ON COLUMN mart.rescore.stated_execution_score IS '填报的执行率得分';
COMMENT ON COLUMN mart.rescore.claimed_achievement IS '填报指标得分 ÷ 指标分值（自评声称的指标完成程度）';
COMMENT ON COLUMN mart.rescore.reason IS '复核扣分的原因（逐条指标）';

-- grain: one row per weighted 三级指标 of a self-assessment form, re-scored
CREATE OR REPLACE VIEW mart.rescore_indicator AS
SELECT fiscal_year, region, department, project_code, project_name, level1, level2, level3, operator,
       target_text, actual_text, weight, stated_score, rescored, difference, reason,
       source_file, source_sheet, source_row
FROM core.rescore_indicator;

COMMENT ON VIEW mart.rescore_indicator IS '单位自评复核明细：每条有分值的三级指标的填报得分与复核得分';
