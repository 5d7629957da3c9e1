-- message: 全部 {n} 条三级指标的实际完成值与指标值完全相同，疑为照抄指标值
-- grain: one row per self-assessment form with at least $copied_min_indicators indicators, each actual = its target.
WITH form AS (
    SELECT source_file, source_sheet,
           any_value(fiscal_year) AS fiscal_year, any_value(region) AS region,
           any_value(department) AS department, any_value(project_name) AS project_name,
           min(source_row) AS first_row, count(*) AS n,
           bool_and(actual_text IS NOT NULL
                    AND regexp_replace(actual_text, '\s', '', 'g') = regexp_replace(target_text, '\s', '', 'g'))
               AS all_copied
    FROM stg.indicator
    WHERE stage = '自评' AND target_text IS NOT NULL
    GROUP BY source_file, source_sheet
)
SELECT f.fiscal_year, f.region, f.department, '项目自评' AS stage, f.project_name,
       f.source_file, f.source_sheet, coalesce(p.source_row, f.first_row) AS source_row,
       '全部 ' || f.n || ' 条三级指标的实际完成值与指标值完全相同，疑为照抄指标值' AS message
FROM form f
LEFT JOIN stg.project_self_eval p USING (source_file, source_sheet)
WHERE f.all_copied AND f.n >= $copied_min_indicators
