-- grain: one row per report fund group of the year's project self-assessments and a '合计' row for all of
-- them (reported and excluded counts, then the assessed projects' figures); feeds P21-*, B22-7…11 and the annual report.
-- The year's department sums per fund type and tag list are worked out at publish time (mart.self_eval_part),
-- so the report group is looked up once per distinct pair, not once per project; means are sums over counts.
WITH parts AS (
    SELECT fund_type, fund_tags, department,
           sum(reported) AS reported, sum(excluded) AS excluded, sum(assessed) AS assessed,
           sum(budget) AS budget, sum(executed) AS executed,
           sum(goal_sum) AS goal_sum, sum(goal_count) AS goal_count, sum(self_sum) AS self_sum,
           sum(self_count) AS self_count, sum(finance_sum) AS finance_sum, sum(finance_count) AS finance_count,
           sum(grade_1) AS g1, sum(grade_2) AS g2, sum(grade_3) AS g3, sum(grade_4) AS g4
    FROM mart.self_eval_part
    WHERE fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region))
    GROUP BY ALL
),
grouped AS (
    SELECT core.fund_group(fund_type, fund_tags) AS fund_group, *
    FROM parts
)
SELECT coalesce(fund_group, '合计') AS fund_group,
       CAST(coalesce(sum(reported), 0) AS BIGINT)                              AS project_count_reported,
       CAST(coalesce(sum(excluded), 0) AS BIGINT)                              AS project_count_excluded,
       CAST(coalesce(sum(assessed), 0) AS BIGINT)                              AS project_count,
       count(DISTINCT department) FILTER (WHERE assessed > 0)     AS department_count,
       sum(budget)                                                AS budget,
       sum(executed)                                              AS executed,
       sum(executed) / nullif(sum(budget), 0)                     AS execution_rate,
       CAST(sum(goal_sum) AS DOUBLE) / nullif(sum(goal_count), 0)       AS goal_completion_rate,
       CAST(sum(self_sum) AS DOUBLE) / nullif(sum(self_count), 0)       AS mean_self_score,
       CAST(sum(finance_sum) AS DOUBLE) / nullif(sum(finance_count), 0) AS mean_finance_score,
       CAST(coalesce(sum(g1), 0) AS BIGINT)                                    AS grade_count_优,
       CAST(coalesce(sum(g2), 0) AS BIGINT)                                    AS grade_count_良,
       CAST(coalesce(sum(g3), 0) AS BIGINT)                                    AS grade_count_中,
       CAST(coalesce(sum(g4), 0) AS BIGINT)                                    AS grade_count_差
FROM grouped
GROUP BY GROUPING SETS ((fund_group), ())
ORDER BY fund_group;
