-- grain: one row per scope (项目 / 部门整体) × report fund group of the year's targets; feeds T22-*, PPP22-1…5,
-- B22-1…5, S22-* and the report. 量化率 follows the region profile: the mean of per-project rates
-- (沙湾市) or the count ratio (national default). A scope whose regions follow different rules has no single
-- 量化率: quantification_rule and quantification_rate are NULL there and the report says so.
WITH t AS (
    SELECT t.*, core.fund_group(t.fund_type, t.fund_tags) AS fund_group, p.quantification_rule
    FROM mart.performance_target t
    JOIN core.dim_region r USING (region)
    JOIN cfg.profile p ON p.profile = r.profile
    WHERE t.fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, t.region))
)
SELECT scope,
       CASE WHEN scope = '项目' THEN fund_group END  AS fund_group,
       count(DISTINCT department)                     AS department_count,
       count(*)                                       AS project_count,
       sum(budget)                                    AS budget,
       sum(indicator_count)                           AS indicator_count,
       sum(quantified_count)                          AS quantified_count,
       CASE WHEN count(DISTINCT quantification_rule) = 1 THEN min(quantification_rule) END
                                                      AS quantification_rule,
       CASE WHEN count(DISTINCT quantification_rule) > 1 THEN NULL
            WHEN min(quantification_rule) = 'mean_of_project_rates' THEN avg(quantification_rate)
            ELSE sum(quantified_count) / nullif(sum(indicator_count), 0) END AS quantification_rate,
       avg(CASE WHEN review_result LIKE '%不合格%' THEN 0 WHEN review_result LIKE '%合格%' THEN 1 END)
                                                      AS review_pass_rate
FROM t
GROUP BY ALL
ORDER BY scope, fund_group;
