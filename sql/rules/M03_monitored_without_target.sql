-- message: 项目开展了 1-{月}月绩效监控，但本年度没有绩效目标（已加载本区划本年度绩效目标 {n} 个）
-- grain: one row per monitored project-checkpoint with no project target of the same year (matched by code or
--        name), checked only where that region-year has targets loaded at all.
WITH targets AS (
    SELECT fiscal_year, region, project_code, project_name,
           count(*) OVER (PARTITION BY fiscal_year, region) AS loaded
    FROM core.fact_performance_target
    WHERE scope = '项目'
),
loaded AS (
    SELECT fiscal_year, region, any_value(loaded) AS n FROM targets GROUP BY ALL
)
SELECT m.fiscal_year, m.region, m.department, '绩效监控' AS stage, m.project_name,
       m.first_source.source_file AS source_file, m.first_source.source_sheet AS source_sheet,
       m.first_source.source_row AS source_row,
       '项目开展了 ' || coalesce('1-' || m.period_end_month || '月', '') || '绩效监控，但本年度没有绩效目标（已加载本区划本年度绩效目标 '
           || l.n || ' 个）' AS message
FROM core.fact_monitoring m
JOIN loaded l USING (fiscal_year, region)
WHERE m.scope = '项目'
  AND NOT EXISTS (
      SELECT 1 FROM targets t
      WHERE t.fiscal_year = m.fiscal_year AND t.region = m.region
        AND (t.project_code = m.project_code OR t.project_name = m.project_name)
  )
