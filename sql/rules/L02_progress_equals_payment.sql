-- message: 全部 {n} 条指标的完成进度（折算为年度指标值的 {进度}）均与预算执行率 {执行率} 相同，疑以资金支付进度代替项目完成进度
-- grain: one row per monitoring form where every indicator with a computable progress (counts included, not
--        only percentages as in M01) sits at the budget execution rate.
WITH form AS (
    SELECT source_file, source_sheet, any_value(fiscal_year) AS fiscal_year, any_value(region) AS region,
           any_value(department) AS department, any_value(project_name) AS project_name,
           min(source_row) AS first_row, any_value(execution_rate) AS rate, count(*) AS n,
           min(progress) AS low, max(progress) AS high,
           count(*) FILTER (WHERE NOT core.review_is_percent(actual_text)) AS n_counts
    FROM mart.indicator_light
    WHERE progress IS NOT NULL AND basis = '序时进度'
    GROUP BY source_file, source_sheet
)
SELECT f.fiscal_year, f.region, f.department, '绩效监控' AS stage, f.project_name,
       f.source_file, f.source_sheet, m.source_row,
       '全部 ' || f.n || ' 条指标的完成进度（折算为年度指标值的 ' || core.audit_pct(f.low) || '）均与预算执行率 '
           || core.audit_pct(f.rate) || ' 相同，疑以资金支付进度代替项目完成进度' AS message
FROM form f
JOIN (SELECT source_file, source_sheet, min(source_row) AS source_row FROM stg.monitoring GROUP BY ALL) m
  USING (source_file, source_sheet)
WHERE f.n >= $progress_min_indicators AND f.n_counts > 0 AND f.rate IS NOT NULL
  AND abs(f.low - f.rate) <= $progress_tolerance AND abs(f.high - f.rate) <= $progress_tolerance
