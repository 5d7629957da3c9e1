-- grain: one row per department with project targets in the filtered scope: indicator counts, 量化率 both as
-- the mean of per-project rates and as the count ratio; feeds 绩效目标与指标 (by department, weakest first).
SELECT department,
       count(*)                                                   AS projects,
       sum(indicator_count)                                       AS indicators,
       sum(quantified_count)                                      AS quantified,
       avg(quantification_rate)                                   AS rate_mean,
       sum(quantified_count) / nullif(sum(indicator_count), 0)    AS rate_ratio,
       sum(budget)                                                AS budget
FROM app.target_scope($years, $regions, $departments, $funds)
WHERE scope = '项目'
GROUP BY department
ORDER BY rate_mean, department;
