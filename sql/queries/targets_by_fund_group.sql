-- grain: one row per report fund group (core.fund_group: disjoint, first match of etl/config/funds.toml
-- [report_groups]) of the project targets in the filtered scope; feeds 绩效目标与指标 (seed T22-*).
-- 量化率 both as the mean of per-project rates and as the count ratio; the page shows the region's rule.
SELECT fund_group,
       count(*)                                                   AS projects,
       sum(indicator_count)                                       AS indicators,
       sum(quantified_count)                                      AS quantified,
       avg(quantification_rate)                                   AS rate_mean,
       sum(quantified_count) / nullif(sum(indicator_count), 0)    AS rate_ratio,
       sum(budget)                                                AS budget
FROM (SELECT *, core.fund_group(fund_type, fund_tags) AS fund_group
      FROM app.target_scope($years, $regions, $departments, $funds)
      WHERE scope = '项目')
GROUP BY fund_group
ORDER BY projects DESC, fund_group;
