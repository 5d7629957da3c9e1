-- grain: one row per project-year reported for 单位自评; the analysts' view of core.fact_project_self_eval.
-- Feeds the 总览 page, the seed figures P21-*, exports.
CREATE OR REPLACE VIEW mart.project_self_eval AS
SELECT
    f.fiscal_year,
    r.region,
    d.department,
    f.unit,
    f.project_code,
    f.project_name,
    ft.fund_type,
    f.fund_tags,
    f.assessed,
    f.budget_initial,
    f.budget,
    f.executed,
    CAST(CASE WHEN f.budget > 0 THEN f.executed / f.budget END AS DECIMAL(12, 6)) AS execution_rate,
    f.execution_rate_stated,
    f.goal_completion_rate,
    f.self_score,
    f.finance_score,
    coalesce(f.grade_stated, core.grade_by_rule(r.profile, f.finance_score, f.self_score)) AS grade,
    f.first_source.source_file  AS source_file,
    f.first_source.source_sheet AS source_sheet,
    f.first_source.source_row   AS source_row,
    f.source_count,
    f.year_source,
    f.region_source,
    f.grade_text
FROM core.fact_project_self_eval f
JOIN core.dim_region r USING (region_id)
JOIN core.dim_department d USING (department_id)
JOIN core.dim_fund_type ft USING (fund_type_id);

COMMENT ON VIEW mart.project_self_eval IS '项目支出单位自评：每个项目每年一行（同一项目出现在多个来源时合并为一行）；金额单位万元';
COMMENT ON COLUMN mart.project_self_eval.fiscal_year IS '年度（数据所属财政年度）';
COMMENT ON COLUMN mart.project_self_eval.region IS '财政区划';
COMMENT ON COLUMN mart.project_self_eval.department IS '主管部门（已去除编码前缀与空格）';
COMMENT ON COLUMN mart.project_self_eval.unit IS '预算单位/实施单位';
COMMENT ON COLUMN mart.project_self_eval.project_code IS '项目编码';
COMMENT ON COLUMN mart.project_self_eval.project_name IS '项目名称';
COMMENT ON COLUMN mart.project_self_eval.fund_type IS '资金性质（四本预算之一）';
COMMENT ON COLUMN mart.project_self_eval.fund_tags IS '资金标签：中央转移支付、直达资金、乡村振兴衔接资金、政府专项债券、PPP';
COMMENT ON COLUMN mart.project_self_eval.assessed IS '是否开展单位自评（中央转移支付73类等上报但不自评的项目为 false）';
COMMENT ON COLUMN mart.project_self_eval.budget_initial IS '年初预算数（万元）';
COMMENT ON COLUMN mart.project_self_eval.budget IS '全年预算数，即调整后预算数（万元）';
COMMENT ON COLUMN mart.project_self_eval.executed IS '全年执行数（万元）';
COMMENT ON COLUMN mart.project_self_eval.execution_rate IS '预算执行率 = 全年执行数 ÷ 全年预算数（小数，0.9805 即 98.05%）';
COMMENT ON COLUMN mart.project_self_eval.execution_rate_stated IS '表内填报的执行率（小数），与重算值不符时由审核规则提示';
COMMENT ON COLUMN mart.project_self_eval.goal_completion_rate IS '绩效目标完成率（小数）';
COMMENT ON COLUMN mart.project_self_eval.self_score IS '单位自评得分';
COMMENT ON COLUMN mart.project_self_eval.finance_score IS '财政评分（财政部门复核得分）';
COMMENT ON COLUMN mart.project_self_eval.grade IS '等级 优/良/中/差：表内填报的等级优先，否则按区划定级规则（cfg.grading：定级得分及其缺失时的替代得分）与等级标准划分';
COMMENT ON COLUMN mart.project_self_eval.source_file IS '来源文件';
COMMENT ON COLUMN mart.project_self_eval.source_sheet IS '来源工作表';
COMMENT ON COLUMN mart.project_self_eval.source_row IS '来源行号（Excel 行号）';
