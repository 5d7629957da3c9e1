-- grain: one row for the whole filtered scope (whole = true, department NULL), then one per department with
-- assessed projects in it, best first (mean finance score, then execution Σexecuted ÷ Σbudget). Feeds, in one
-- query over the publish-time sums (mart.self_eval_summary), the KPI cards of 总览, 预算执行 and 评分与等级
-- (seed figures P21-1…P21-9), 总览's grade chart (P21-10…P21-13) and its best/worst departments. Money, rates,
-- means and grades are over the assessed projects; reported counts every reported project.
SELECT grouping(department) = 1                                      AS whole,
       department,
       CAST(coalesce(sum(reported), 0) AS BIGINT)                    AS reported,
       CAST(coalesce(sum(assessed), 0) AS BIGINT)                    AS assessed,
       CAST(coalesce(sum(reported) - sum(assessed), 0) AS BIGINT)    AS not_assessed,
       sum(budget)                                                   AS budget,
       sum(executed)                                                 AS executed,
       sum(executed) / nullif(sum(budget), 0)                        AS execution_rate,
       app.mean_of_sum(sum(goal_sum), sum(goal_count), 1000000)                AS goal_completion_rate,
       app.mean_of_sum(sum(self_score_sum), sum(self_score_count), 10000)        AS mean_self_score,
       app.mean_of_sum(sum(finance_score_sum), sum(finance_score_count), 10000)  AS mean_finance_score,
       CAST(coalesce(sum(grade_excellent), 0) AS BIGINT)             AS grade_excellent,
       CAST(coalesce(sum(grade_good), 0) AS BIGINT)                  AS grade_good,
       CAST(coalesce(sum(grade_fair), 0) AS BIGINT)                  AS grade_fair,
       CAST(coalesce(sum(grade_poor), 0) AS BIGINT)                  AS grade_poor
FROM app.self_eval_summary_scope($years, $regions, $departments, $funds)
GROUP BY GROUPING SETS ((), (department))
HAVING grouping(department) = 1 OR sum(assessed) > 0
ORDER BY whole DESC, mean_finance_score DESC, execution_rate DESC, department;
