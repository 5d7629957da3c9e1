-- grain: one row per project-year and level (部门评价 / 财政评价); feeds E21-*, K21-* and 评价结果.
CREATE OR REPLACE VIEW mart.evaluation AS
SELECT f.fiscal_year, f.region, f.department, f.level, f.project_code, f.project_name, f.fund_type, f.fund_tags,
       f.budget, f.executed,
       CAST(CASE WHEN f.budget > 0 THEN f.executed / f.budget END AS DECIMAL(12, 6)) AS execution_rate,
       f.execution_rate_stated, f.goal_completion_rate, f.score, f.finance_score,
       coalesce(f.grade_stated, core.grade_by_rule(r.profile, f.finance_score, f.score)) AS grade,
       f.score_decision, f.score_process, f.score_output, f.score_effect,
       f.first_source.source_file AS source_file, f.first_source.source_sheet AS source_sheet,
       f.first_source.source_row AS source_row, f.source_count,
       f.year_source, f.region_source, f.grade_text
FROM core.fact_evaluation f JOIN core.dim_region r USING (region);

COMMENT ON VIEW mart.evaluation IS '项目支出绩效评价（部门评价与财政重点评价）：每个项目每年每个层级一行';
COMMENT ON COLUMN mart.evaluation.level IS '评价层级：部门评价 / 财政评价';
COMMENT ON COLUMN mart.evaluation.score IS '评价得分（部门评价为部门得分，财政评价为第三方/财政得分）';
COMMENT ON COLUMN mart.evaluation.finance_score IS '财政部门复核得分（部门评价）';
COMMENT ON COLUMN mart.evaluation.goal_completion_rate IS '绩效目标完成率（小数）';
COMMENT ON COLUMN mart.evaluation.score_decision IS '决策得分';
COMMENT ON COLUMN mart.evaluation.score_process IS '过程得分';
COMMENT ON COLUMN mart.evaluation.score_output IS '产出得分';
COMMENT ON COLUMN mart.evaluation.score_effect IS '效益得分';
COMMENT ON COLUMN mart.evaluation.grade IS '等级：表内填报优先，否则按区划定级规则（cfg.grading：财政评分或评价得分）与等级标准划分';
