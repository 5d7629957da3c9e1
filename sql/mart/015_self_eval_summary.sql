-- grain: one row per fiscal year × region × department × fund type and tag list of mart.project_self_eval:
-- the counts and exact sums that the 总览 KPI cards, grade chart, department ranking and trend, and the
-- funnel's 单位自评 stage add up. Stored at publish (warehouse/config/publish.toml), so a filter change adds
-- up a few hundred stored rows instead of re-reading every project; a mean is a sum over a count, equal to
-- avg() over the projects (tests/dashboard/test_self_eval_summary.py). Keyed by department and fund like the
-- projects, so the app.*_scope filters and a row scope (warehouse/scoped.py) keep exactly the projects' rows.
CREATE OR REPLACE VIEW mart.self_eval_summary AS
SELECT fiscal_year, region, department, fund_type, fund_tags,
       core.fund_group(fund_type, fund_tags)                  AS fund_group,
       count(*)                                               AS reported,
       count(*) FILTER (WHERE assessed)                       AS assessed,
       sum(budget) FILTER (WHERE assessed)                    AS budget,
       sum(executed) FILTER (WHERE assessed)                  AS executed,
       sum(goal_completion_rate) FILTER (WHERE assessed)      AS goal_sum,
       count(goal_completion_rate) FILTER (WHERE assessed)    AS goal_count,
       sum(self_score) FILTER (WHERE assessed)                AS self_score_sum,
       count(self_score) FILTER (WHERE assessed)              AS self_score_count,
       sum(finance_score) FILTER (WHERE assessed)             AS finance_score_sum,
       count(finance_score) FILTER (WHERE assessed)           AS finance_score_count,
       count(*) FILTER (WHERE assessed AND grade = '优')      AS grade_excellent,
       count(*) FILTER (WHERE assessed AND grade = '良')      AS grade_good,
       count(*) FILTER (WHERE assessed AND grade = '中')      AS grade_fair,
       count(*) FILTER (WHERE assessed AND grade = '差')      AS grade_poor
FROM mart.project_self_eval
GROUP BY fiscal_year, region, department, fund_type, fund_tags;

COMMENT ON VIEW mart.self_eval_summary IS '项目自评汇总：每个年度、区划、主管部门、资金性质与标签一行，开展自评项目的金额、评分与等级合计';
COMMENT ON COLUMN mart.self_eval_summary.fund_group IS '报告中的资金分组（core.fund_group，按资金性质与标签）';
COMMENT ON COLUMN mart.self_eval_summary.reported IS '上报项目数（含当年不做自评的项目）';
COMMENT ON COLUMN mart.self_eval_summary.assessed IS '开展自评项目数';
COMMENT ON COLUMN mart.self_eval_summary.budget IS '开展自评项目的全年（调整后）预算合计（万元）';
COMMENT ON COLUMN mart.self_eval_summary.executed IS '开展自评项目的全年执行数合计（万元）';
COMMENT ON COLUMN mart.self_eval_summary.goal_sum IS '开展自评项目的绩效目标完成率之和（除以 goal_count 为平均数）';
COMMENT ON COLUMN mart.self_eval_summary.self_score_sum IS '开展自评项目的单位自评分之和（除以 self_score_count 为平均分）';
COMMENT ON COLUMN mart.self_eval_summary.finance_score_sum IS '开展自评项目的财政评分之和（除以 finance_score_count 为平均分）';
COMMENT ON COLUMN mart.self_eval_summary.grade_poor IS '等级为“差”的开展自评项目数';
