-- grain: one row per department-year 部门整体自评; feeds the seed figures D21-*, 总览 and 评分与等级.
CREATE OR REPLACE VIEW mart.dept_self_eval AS
SELECT f.fiscal_year, f.region, f.department, f.budget, f.executed,
       CAST(CASE WHEN f.budget > 0 THEN f.executed / f.budget END AS DECIMAL(12, 6)) AS execution_rate,
       f.execution_rate_stated, f.self_score, f.finance_score,
       coalesce(f.grade_stated, core.grade_by_rule(r.profile, f.finance_score, f.self_score)) AS grade,
       f.first_source.source_file AS source_file, f.first_source.source_sheet AS source_sheet,
       f.first_source.source_row AS source_row, f.source_count,
       f.year_source, f.region_source, f.grade_text
FROM core.fact_dept_self_eval f JOIN core.dim_region r USING (region);

COMMENT ON VIEW mart.dept_self_eval IS '部门整体支出绩效自评：每个部门每年一行；金额单位万元';
COMMENT ON COLUMN mart.dept_self_eval.budget IS '全年预算数（万元）';
COMMENT ON COLUMN mart.dept_self_eval.executed IS '全年执行数（万元）';
COMMENT ON COLUMN mart.dept_self_eval.execution_rate IS '执行率 = 执行数 ÷ 预算数（小数）';
COMMENT ON COLUMN mart.dept_self_eval.self_score IS '部门自评得分';
COMMENT ON COLUMN mart.dept_self_eval.finance_score IS '财政部门评价得分';
COMMENT ON COLUMN mart.dept_self_eval.grade IS '等级：表内填报优先，否则按区划定级规则（cfg.grading）与等级标准划分';
