-- message: 绩效目标缺少{产出指标/效益指标}（已设三级指标 {n} 条）；或：绩效目标未设置任何三级指标
-- grain: one row per target form whose 三级指标 lack 产出 or 效益, or per target stating 0 indicators.
WITH form AS (
    SELECT source_file, source_sheet,
           any_value(fiscal_year) AS fiscal_year, any_value(region) AS region,
           any_value(department) AS department, any_value(project_name) AS project_name,
           min(source_row) AS first_row, count(*) AS n,
           bool_or(contains(level1, '产出')) AS has_output,
           bool_or(contains(level1, '效益')) AS has_effect
    FROM stg.indicator
    WHERE stage = '目标'
    GROUP BY source_file, source_sheet
)
SELECT f.fiscal_year, f.region, f.department, '绩效目标' AS stage, f.project_name,
       f.source_file, f.source_sheet, coalesce(t.source_row, f.first_row) AS source_row,
       '绩效目标缺少' || concat_ws('、', CASE WHEN NOT f.has_output THEN '产出指标' END,
                                   CASE WHEN NOT f.has_effect THEN '效益指标' END)
           || '（已设三级指标 ' || f.n || ' 条）' AS message
FROM form f
LEFT JOIN stg.performance_target t USING (source_file, source_sheet)
WHERE NOT (f.has_output AND f.has_effect)
UNION ALL
SELECT fiscal_year, region, department, '绩效目标', project_name,
       first_source.source_file, first_source.source_sheet, first_source.source_row,
       CASE WHEN scope = '部门整体' THEN '部门整体绩效目标' ELSE '绩效目标' END || '未设置任何三级指标'
FROM core.fact_performance_target
WHERE indicator_count = 0
