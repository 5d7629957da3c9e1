-- message: 量化率 {量化率}（{定量}/{总数}），低于{最低量化率 / 同年同区划项目平均 {均值} 减 {差距}}
-- grain: one row per project target-year with some but too few quantified indicators (all-qualitative is T05).
WITH t AS (
    SELECT *, quantified_count / indicator_count AS rate
    FROM core.fact_performance_target
    WHERE scope = '项目' AND indicator_count > 0 AND quantified_count IS NOT NULL
),
peers AS (
    SELECT *, avg(rate) OVER (PARTITION BY fiscal_year, region) AS peer_rate FROM t
)
SELECT fiscal_year, region, department, '绩效目标' AS stage, project_name,
       first_source.source_file AS source_file, first_source.source_sheet AS source_sheet,
       first_source.source_row AS source_row,
       '量化率 ' || core.audit_pct(rate) || '（' || quantified_count || '/' || indicator_count || '），低于'
           || concat_ws('，且低于',
                        CASE WHEN rate < $min_quantification_rate THEN '最低量化率 ' || core.audit_pct($min_quantification_rate) END,
                        CASE WHEN rate < peer_rate - $peer_quantification_gap
                             THEN '同年同区划项目平均量化率 ' || core.audit_pct(peer_rate) || ' 减 '
                                  || core.audit_num($peer_quantification_gap * 100) || ' 个百分点' END) AS message
FROM peers
WHERE rate > 0 AND (rate < $min_quantification_rate OR rate < peer_rate - $peer_quantification_gap)
