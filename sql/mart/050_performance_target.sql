-- grain: one row per project or department target-year; feeds T22-*, PPP22-*, B22-1…5 and 绩效目标与指标.
CREATE OR REPLACE VIEW mart.performance_target AS
SELECT fiscal_year, region, department, scope, project_code, project_name, fund_type, fund_tags, budget,
       indicator_count, quantified_count,
       CAST(CASE WHEN indicator_count > 0 THEN quantified_count / indicator_count END AS DECIMAL(12, 6))
           AS quantification_rate,
       review_result,
       first_source.source_file AS source_file, first_source.source_sheet AS source_sheet,
       first_source.source_row AS source_row, source_count,
       year_source, region_source
FROM core.fact_performance_target;

COMMENT ON VIEW mart.performance_target IS '绩效目标：每个项目（或部门整体）每年一行';
COMMENT ON COLUMN mart.performance_target.scope IS '范围：项目 / 部门整体';
COMMENT ON COLUMN mart.performance_target.budget IS '年度资金总额/预算金额（万元）';
COMMENT ON COLUMN mart.performance_target.indicator_count IS '三级指标数';
COMMENT ON COLUMN mart.performance_target.quantified_count IS '定量（量化）指标数';
COMMENT ON COLUMN mart.performance_target.review_result IS '上级审核结果（合格/不合格），如直达资金目标的自治区审核';
COMMENT ON COLUMN mart.performance_target.quantification_rate IS '量化率 = 定量指标数 ÷ 三级指标数（本项目）；组的量化率按区划口径（沙湾市：各项目量化率的平均数）';
