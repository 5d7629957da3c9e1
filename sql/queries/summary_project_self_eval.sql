-- grain: one row per report fund group of the year's project self-assessments and a '合计' row for all of
-- them (reported and excluded counts, then the assessed projects' figures); feeds P21-*, B22-7…11 and the annual report.
-- Projects are first summed per fund type, tag list and department (a few thousand rows even nationally), so
-- the report group is looked up once per distinct pair, not once per project; means are sums over counts.
WITH parts AS (
    SELECT fund_type, fund_tags, department,
           count(*)                                           AS reported,
           count(*) FILTER (WHERE NOT assessed)               AS excluded,
           count(*) FILTER (WHERE assessed)                   AS assessed,
           sum(budget) FILTER (WHERE assessed)                AS budget,
           sum(executed) FILTER (WHERE assessed)              AS executed,
           sum(goal_completion_rate) FILTER (WHERE assessed)  AS goal_sum,
           count(goal_completion_rate) FILTER (WHERE assessed) AS goal_count,
           sum(self_score) FILTER (WHERE assessed)            AS self_sum,
           count(self_score) FILTER (WHERE assessed)          AS self_count,
           sum(finance_score) FILTER (WHERE assessed)         AS finance_sum,
           count(finance_score) FILTER (WHERE assessed)       AS finance_count,
           count(*) FILTER (WHERE assessed AND grade = '优')  AS g1,
           count(*) FILTER (WHERE assessed AND grade = '良')  AS g2,
           count(*) FILTER (WHERE assessed AND grade = '中')  AS g3,
           count(*) FILTER (WHERE assessed AND grade = '差')  AS g4
    FROM mart.project_self_eval
    WHERE fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region))
    GROUP BY ALL
),
grouped AS (
    SELECT core.fund_group(fund_type, fund_tags) AS fund_group, *
    FROM parts
)
SELECT coalesce(fund_group, '合计') AS fund_group,
       CAST(sum(reported) AS BIGINT)                              AS project_count_reported,
       CAST(sum(excluded) AS BIGINT)                              AS project_count_excluded,
       CAST(sum(assessed) AS BIGINT)                              AS project_count,
       count(DISTINCT department) FILTER (WHERE assessed > 0)     AS department_count,
       sum(budget)                                                AS budget,
       sum(executed)                                              AS executed,
       sum(executed) / nullif(sum(budget), 0)                     AS execution_rate,
       CAST(sum(goal_sum) AS DOUBLE) / nullif(sum(goal_count), 0)       AS goal_completion_rate,
       CAST(sum(self_sum) AS DOUBLE) / nullif(sum(self_count), 0)       AS mean_self_score,
       CAST(sum(finance_sum) AS DOUBLE) / nullif(sum(finance_count), 0) AS mean_finance_score,
       CAST(sum(g1) AS BIGINT)                                    AS grade_count_优,
       CAST(sum(g2) AS BIGINT)                                    AS grade_count_良,
       CAST(sum(g3) AS BIGINT)                                    AS grade_count_中,
       CAST(sum(g4) AS BIGINT)                                    AS grade_count_差
FROM grouped
GROUP BY GROUPING SETS ((fund_group), ())
ORDER BY fund_group;
