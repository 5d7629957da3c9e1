-- grain: one row per report fund group of the year's project self-assessments and a '合计' row for all of
-- them (reported and excluded counts, then the assessed projects' figures); feeds P21-*, B22-7…11 and the annual report.
SELECT coalesce(core.fund_group(fund_type, fund_tags), '合计') AS fund_group,
       count(*)                                              AS project_count_reported,
       count(*) FILTER (WHERE NOT assessed)                  AS project_count_excluded,
       count(*) FILTER (WHERE assessed)                      AS project_count,
       count(DISTINCT department) FILTER (WHERE assessed)    AS department_count,
       sum(budget) FILTER (WHERE assessed)                   AS budget,
       sum(executed) FILTER (WHERE assessed)                 AS executed,
       sum(executed) FILTER (WHERE assessed) / nullif(sum(budget) FILTER (WHERE assessed), 0) AS execution_rate,
       avg(goal_completion_rate) FILTER (WHERE assessed)     AS goal_completion_rate,
       avg(self_score) FILTER (WHERE assessed)               AS mean_self_score,
       avg(finance_score) FILTER (WHERE assessed)            AS mean_finance_score,
       count(*) FILTER (WHERE assessed AND grade = '优')     AS grade_count_优,
       count(*) FILTER (WHERE assessed AND grade = '良')     AS grade_count_良,
       count(*) FILTER (WHERE assessed AND grade = '中')     AS grade_count_中,
       count(*) FILTER (WHERE assessed AND grade = '差')     AS grade_count_差
FROM mart.project_self_eval
WHERE fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region))
GROUP BY GROUPING SETS ((core.fund_group(fund_type, fund_tags)), ())
ORDER BY fund_group;
