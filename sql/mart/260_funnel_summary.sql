-- grain: one row per stage of the 总览 funnel (ord: 1 事前评估, 2 绩效目标, 3 绩效监控, 4 单位自评, 5 部门评价,
-- 6 财政评价) × fiscal year × region × department × fund type and tag list: how many projects and how much
-- money. Stored at publish (warehouse/config/publish.toml), so overview_funnel adds up a few hundred stored
-- rows in one pass instead of six scans of the stages on each rerun.
-- 事前评估 has no fund of its own: its fund_type and fund_tags stay empty (a row scope keeps it by department,
-- as mart.exante_assessment) and lookup_funds holds every fund type and tag of the same project's targets and
-- self-assessments of the year (matched by code or name, as app.exante_scope), so a fund filter keeps it
-- exactly when that lookup finds a project of the fund. 绩效监控 holds the projects whose checkpoints agree in
-- fund, at their latest checkpoint; overview_funnel adds the others from their checkpoints.
CREATE OR REPLACE VIEW mart.funnel_summary AS
WITH funded AS (
    SELECT fiscal_year, region, department, project_code, project_name, fund_type, fund_tags
    FROM mart.performance_target
    UNION ALL
    SELECT fiscal_year, region, department, project_code, project_name, fund_type, fund_tags
    FROM mart.project_self_eval
), exante AS (
    SELECT x.fiscal_year, x.region, x.department, x.amount,
           (SELECT list_sort(list_distinct(list_filter(
                       flatten(list(list_prepend(p.fund_type, coalesce(p.fund_tags, [])))), lambda f: f IS NOT NULL)))
            FROM funded p
            WHERE p.fiscal_year = x.fiscal_year AND p.region = x.region AND p.department = x.department
              AND (p.project_code = x.project_code OR p.project_name = x.project_name)) AS lookup_funds
    FROM mart.exante_assessment x
), rows AS (
    SELECT 1 AS ord, fiscal_year, region, department, NULL::VARCHAR AS fund_type, NULL::VARCHAR[] AS fund_tags,
           coalesce(lookup_funds, []) AS lookup_funds, amount
    FROM exante
    UNION ALL
    SELECT 2, fiscal_year, region, department, fund_type, fund_tags, NULL, budget
    FROM mart.performance_target WHERE scope = '项目'
    UNION ALL
    SELECT 3, fiscal_year, region, department, fund_type, fund_tags, NULL, budget
    FROM mart.monitoring_latest WHERE fund_uniform
    UNION ALL
    SELECT 4, fiscal_year, region, department, fund_type, fund_tags, NULL, budget
    FROM mart.project_self_eval WHERE assessed
    UNION ALL
    SELECT CASE level WHEN '部门评价' THEN 5 WHEN '财政评价' THEN 6 END, fiscal_year, region, department,
           fund_type, fund_tags, NULL, budget
    FROM mart.evaluation WHERE level IN ('部门评价', '财政评价')
)
SELECT ord, fiscal_year, region, department, fund_type, fund_tags, lookup_funds,
       count(*) AS projects, sum(amount) AS amount
FROM rows
GROUP BY ALL;

COMMENT ON VIEW mart.funnel_summary IS '绩效管理环节汇总：每个环节、年度、区划、主管部门、资金性质与标签一行，项目数与金额';
COMMENT ON COLUMN mart.funnel_summary.ord IS '环节：1 事前评估，2 绩效目标，3 绩效监控（各时点资金一致的项目），4 单位自评，5 部门评价，6 财政评价';
COMMENT ON COLUMN mart.funnel_summary.lookup_funds IS '事前评估：同一项目当年绩效目标与自评的全部资金性质与标签（按资金筛选时据此判断）';
COMMENT ON COLUMN mart.funnel_summary.projects IS '项目数（事前评估为评估份数）';
COMMENT ON COLUMN mart.funnel_summary.amount IS '金额合计（万元）：事前评估为申请金额，其余为全年（调整后）预算';
