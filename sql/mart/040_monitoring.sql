-- grain: one row per project or department × checkpoint month; feeds M22-*, PPP22-6, B22-6 and 预算执行.
CREATE OR REPLACE VIEW mart.monitoring AS
SELECT fiscal_year, region, department, scope, period_end_month, project_code, project_name, fund_type, fund_tags,
       budget_initial, budget, funds_arrived, executed,
       CAST(CASE WHEN budget > 0 THEN executed / budget END AS DECIMAL(12, 6)) AS execution_rate,
       execution_rate_stated, expected_annual_executed, completion_likelihood, deviation_reason,
       first_source.source_file AS source_file, first_source.source_sheet AS source_sheet,
       first_source.source_row AS source_row, source_count,
       year_source, region_source
FROM core.fact_monitoring;

COMMENT ON VIEW mart.monitoring IS '绩效运行监控：每个项目（或部门整体）每个监控时点一行；金额单位万元';
COMMENT ON COLUMN mart.monitoring.scope IS '范围：项目 / 部门整体';
COMMENT ON COLUMN mart.monitoring.period_end_month IS '监控截止月份（1-5月为 5）';
COMMENT ON COLUMN mart.monitoring.budget IS '调整后预算数（万元）';
COMMENT ON COLUMN mart.monitoring.funds_arrived IS '到位资金（万元）';
COMMENT ON COLUMN mart.monitoring.executed IS '截至监控月份的执行数（万元）';
COMMENT ON COLUMN mart.monitoring.execution_rate IS '执行率 = 执行数 ÷ 调整后预算数（小数）';
COMMENT ON COLUMN mart.monitoring.completion_likelihood IS '完成目标可能性：确定能 / 有可能 / 完全不可能';
COMMENT ON COLUMN mart.monitoring.deviation_reason IS '偏差原因';
