-- message: {n} 条三级指标全部为定性指标，没有可衡量的量化指标值
-- grain: one row per project or department target-year whose indicators are all qualitative.
SELECT fiscal_year, region, department, '绩效目标' AS stage, project_name,
       first_source.source_file AS source_file, first_source.source_sheet AS source_sheet,
       first_source.source_row AS source_row,
       indicator_count || ' 条三级指标全部为定性指标，没有可衡量的量化指标值' AS message
FROM core.fact_performance_target
WHERE indicator_count > 0 AND coalesce(quantified_count, 0) = 0
