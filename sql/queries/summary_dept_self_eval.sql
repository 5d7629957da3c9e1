-- grain: one row for the year's 部门整体自评 (regions filter; empty = all); feeds D21-*, the annual report.
SELECT count(DISTINCT department)                    AS department_count,
       sum(budget)                                   AS budget,
       sum(executed)                                 AS executed,
       sum(executed) / nullif(sum(budget), 0)        AS execution_rate,
       avg(self_score)                               AS mean_self_score,
       avg(finance_score)                            AS mean_finance_score,
       count(*) FILTER (WHERE grade = '优')          AS grade_count_优,
       count(*) FILTER (WHERE grade = '良')          AS grade_count_良,
       count(*) FILTER (WHERE grade = '中')          AS grade_count_中,
       count(*) FILTER (WHERE grade = '差')          AS grade_count_差
FROM mart.dept_self_eval
WHERE fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region));
