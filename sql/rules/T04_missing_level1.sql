-- message: 绩效目标缺少一级指标：{缺少的一级指标}
-- grain: one row per target form lacking any of the configured 一级 categories ($required_level1).
WITH form AS (
    SELECT source_file, source_sheet,
           any_value(fiscal_year) AS fiscal_year, any_value(region) AS region,
           any_value(department) AS department, any_value(project_name) AS project_name,
           min(source_row) AS first_row,
           list(DISTINCT level1) FILTER (WHERE level1 IS NOT NULL) AS levels
    FROM stg.indicator
    WHERE stage = '目标'
    GROUP BY source_file, source_sheet
),
missing AS (
    SELECT *, list_filter($required_level1, lambda r: NOT list_bool_or(list_transform(levels, lambda l: contains(l, r))))
                  AS absent
    FROM form
)
SELECT m.fiscal_year, m.region, m.department, '绩效目标' AS stage, m.project_name,
       m.source_file, m.source_sheet, coalesce(t.source_row, m.first_row) AS source_row,
       '绩效目标缺少一级指标：' || array_to_string(list_transform(m.absent, lambda r: r || '指标'), '、') AS message
FROM missing m
LEFT JOIN stg.performance_target t USING (source_file, source_sheet)
WHERE len(m.absent) > 0
