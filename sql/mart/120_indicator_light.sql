-- grain: one row per monitored 三级指标 × checkpoint with its light; feeds 预算执行, 项目详情 and the L rules.
CREATE OR REPLACE VIEW mart.indicator_light AS
SELECT fiscal_year, region, department, project_code, project_name, period_end_month, level1, level2, level3,
       operator, target_text, target_value, unit, actual_text, basis, progress, expected_share, ratio, light,
       completion_likelihood, deviation_reason, execution_rate, source_file, source_sheet, source_row
FROM core.indicator_light;

COMMENT ON VIEW mart.indicator_light IS '监控指标红黄绿蓝灯：每张监控表每条三级指标一行';
COMMENT ON COLUMN mart.indicator_light.basis IS '判定依据：序时进度 / 指标值 / 指标值范围 / 完成时间 / 完成可能性';
COMMENT ON COLUMN mart.indicator_light.progress IS '实际进度（占年度指标值的比例，小数）';
COMMENT ON COLUMN mart.indicator_light.expected_share IS '应达进度（序时进度 = 月份 ÷ 12；水平类指标为 1）';
COMMENT ON COLUMN mart.indicator_light.ratio IS '实际进度 ÷ 应达进度';
COMMENT ON COLUMN mart.indicator_light.light IS '红 / 黄 / 绿 / 蓝（无法判断为空）';
COMMENT ON COLUMN mart.indicator_light.deviation_reason IS '偏差原因（指标行未填时取监控表整表的偏差原因分析）';

-- grain: one row per monitoring form (project × checkpoint): worst light and the count of each light
CREATE OR REPLACE VIEW mart.project_light AS
SELECT fiscal_year, region, department, project_code, project_name, period_end_month, indicator_count,
       lit_count, red_count, yellow_count, green_count, blue_count, worst_light,
       CAST(red_count / nullif(lit_count, 0) AS DOUBLE) AS red_share, source_file, source_sheet, source_row
FROM core.project_light;

COMMENT ON VIEW mart.project_light IS '监控项目亮灯汇总：每张监控表一行，最差灯色与各色指标数';
