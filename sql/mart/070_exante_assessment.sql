-- grain: one row per project ex-ante assessment; feeds X22-* and 结果应用 (不支持 projects in targets).
CREATE OR REPLACE VIEW mart.exante_assessment AS
SELECT fiscal_year, region, department, project_code, project_name, amount, conclusion, score,
       first_source.source_file AS source_file, first_source.source_sheet AS source_sheet,
       first_source.source_row AS source_row, source_count,
       year_source, region_source
FROM core.fact_exante_assessment;

COMMENT ON VIEW mart.exante_assessment IS '事前绩效评估：每个新增项目一行；金额单位万元';
COMMENT ON COLUMN mart.exante_assessment.amount IS '涉及资金/申请金额（万元）';
COMMENT ON COLUMN mart.exante_assessment.conclusion IS '评估结论：予以支持 / 调整完善后予以支持 / 不予支持';
COMMENT ON COLUMN mart.exante_assessment.score IS '评估得分';
