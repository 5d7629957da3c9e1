-- grain: one row per 三级指标 of a target form with its history; feeds 项目详情 and the R rules on targets.
CREATE OR REPLACE VIEW mart.indicator_history AS
SELECT fiscal_year, region, department, project_code, project_name, level1, level2, level3, operator,
       target_text, target_value, unit, last_target, last_actual, mean_actual_3y, budget, last_budget,
       CAST(budget / nullif(last_budget, 0) - 1 AS DOUBLE) AS budget_change, inverse,
       source_file, source_sheet, source_row
FROM core.indicator_history;

COMMENT ON VIEW mart.indicator_history IS '指标历史标准：本年目标值与上年目标值、上年实际完成值、前三年平均完成值';
COMMENT ON COLUMN mart.indicator_history.last_actual IS '上年实际完成值（上年自评表，按项目名称去年份前缀 + 三级指标 + 单位匹配）';
COMMENT ON COLUMN mart.indicator_history.mean_actual_3y IS '前三年实际完成值的平均数';
COMMENT ON COLUMN mart.indicator_history.budget_change IS '预算变动比例 = 本年预算 ÷ 上年预算 − 1';
