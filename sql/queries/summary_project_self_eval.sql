-- grain: one row per report fund group of the year's project self-assessments and a '合计' row for all of
-- them (reported and excluded counts, then the assessed projects' figures); feeds P21-*, B22-7…11 and the annual report.
-- The report group is looked up once per distinct fund type and tag list, not once per project.
WITH grouped AS (
    SELECT fund_type, fund_tags, core.fund_group(fund_type, fund_tags) AS fund_group
    FROM (SELECT DISTINCT fund_type, fund_tags FROM mart.project_self_eval WHERE fiscal_year = $year)
),
projects AS (
    SELECT g.fund_group, p.assessed, p.department, p.budget, p.executed, p.goal_completion_rate,
           p.self_score, p.finance_score, p.grade
    FROM mart.project_self_eval p
    JOIN grouped g
      ON g.fund_type IS NOT DISTINCT FROM p.fund_type AND g.fund_tags IS NOT DISTINCT FROM p.fund_tags
    WHERE p.fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, p.region))
)
SELECT coalesce(fund_group, '合计') AS fund_group,
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
FROM projects
GROUP BY GROUPING SETS ((fund_group), ())
ORDER BY fund_group;
