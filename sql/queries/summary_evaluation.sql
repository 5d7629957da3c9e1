-- grain: one row per evaluation level (部门评价 / 财政评价) of the year; feeds E21-*, K21-*, the report.
SELECT level,
       count(*)                                      AS project_count,
       count(DISTINCT department)                    AS department_count,
       sum(budget)                                   AS budget,
       sum(executed)                                 AS executed,
       sum(executed) / nullif(sum(budget), 0)        AS execution_rate,
       avg(goal_completion_rate)                     AS goal_completion_rate,
       avg(score)                                    AS mean_score,
       avg(finance_score)                            AS mean_finance_score,
       count(*) FILTER (WHERE grade = '优')          AS grade_count_优,
       count(*) FILTER (WHERE grade = '良')          AS grade_count_良,
       count(*) FILTER (WHERE grade = '中')          AS grade_count_中,
       count(*) FILTER (WHERE grade = '差')          AS grade_count_差
FROM mart.evaluation
WHERE fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region))
GROUP BY level
ORDER BY level;
