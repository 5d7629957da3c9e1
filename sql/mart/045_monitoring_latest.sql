-- grain: one row per project-year monitored (mart.monitoring, scope 项目): its latest checkpoint and the budget
-- stated there. Stored at publish (warehouse/config/publish.toml) so the 总览 funnel counts monitored projects
-- without grouping every checkpoint of every county on each rerun; feeds overview_funnel.
-- A project whose checkpoints differ in fund (fund_uniform false) keeps in fund_tags every fund type and tag of
-- them, so a row scope by fund shows the row exactly when it shows one of its checkpoints; the funnel then
-- works out such a project's latest checkpoint from the checkpoints themselves.
CREATE OR REPLACE VIEW mart.monitoring_latest AS
SELECT fiscal_year, region, department, coalesce(project_code, project_name) AS project_key,
       max(period_end_month) AS period_end_month, arg_max(budget, period_end_month) AS budget,
       count(DISTINCT {'fund_type': fund_type, 'fund_tags': fund_tags}) = 1 AS fund_uniform,
       CASE WHEN fund_uniform THEN any_value(fund_type) END AS fund_type,
       CASE WHEN fund_uniform THEN any_value(fund_tags)
            ELSE list_sort(list_distinct(flatten(list(list_prepend(fund_type, coalesce(fund_tags, [])))))) END
           AS fund_tags
FROM mart.monitoring
WHERE scope = '项目'
GROUP BY fiscal_year, region, department, coalesce(project_code, project_name);

COMMENT ON VIEW mart.monitoring_latest IS '项目最近一次绩效监控：每个项目每年一行，取最晚的监控时点及其预算';
COMMENT ON COLUMN mart.monitoring_latest.project_key IS '项目编码，没有编码时为项目名称';
COMMENT ON COLUMN mart.monitoring_latest.period_end_month IS '最晚的监控时点（截至月份）';
COMMENT ON COLUMN mart.monitoring_latest.budget IS '该时点填报的预算（调整后）';
COMMENT ON COLUMN mart.monitoring_latest.fund_uniform IS '各监控时点的资金性质与标签是否一致';
COMMENT ON COLUMN mart.monitoring_latest.fund_tags IS '资金标签；各时点不一致时为它们的全部资金性质与标签';
