-- message: 全部 {n} 条指标的执行进度均填为 {进度}，与预算执行率 {执行率} 相同，疑以资金支付进度代替项目完成进度
-- grain: one row per monitoring form whose every indicator's progress equals the budget execution rate.
WITH project AS (
    SELECT source_file, source_sheet, source_row, fiscal_year, region, department, project_name,
           coalesce(execution_rate_stated, CASE WHEN budget > 0 THEN executed / budget END) AS rate
    FROM stg.monitoring
),
form AS (
    SELECT source_file, source_sheet, count(*) AS n,
           count(*) FILTER (WHERE core.audit_percent_in(actual_text) IS NOT NULL) AS n_percent,
           min(core.audit_percent_in(actual_text)) AS low, max(core.audit_percent_in(actual_text)) AS high
    FROM stg.indicator
    WHERE stage = '监控' AND actual_text IS NOT NULL
    GROUP BY source_file, source_sheet
)
SELECT p.fiscal_year, p.region, p.department, '绩效监控' AS stage, p.project_name,
       p.source_file, p.source_sheet, p.source_row,
       '全部 ' || f.n || ' 条指标的执行进度均填为 ' || core.audit_pct(f.low) || '，与预算执行率 '
           || core.audit_pct(p.rate) || ' 相同，疑以资金支付进度代替项目完成进度' AS message
FROM form f
JOIN project p USING (source_file, source_sheet)
WHERE f.n >= $progress_min_indicators AND f.n_percent = f.n AND p.rate IS NOT NULL
  AND abs(f.low - p.rate) <= $progress_tolerance AND abs(f.high - p.rate) <= $progress_tolerance
