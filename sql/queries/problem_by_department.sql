-- grain: one row per department with findings in the filtered scope, by severity; feeds the 问题清单
-- The working year's cycle: $cycle lists '环节:预算年度' keys (e.g. 绩效目标:2022, 项目自评:2021).
-- counts by department (and the list of departments to send 退回整改通知 to).
SELECT department,
       count(*) AS problems,
       count(*) FILTER (WHERE severity = '高') AS high,
       count(*) FILTER (WHERE severity = '中') AS medium,
       count(*) FILTER (WHERE severity = '低') AS low,
       count(DISTINCT project_name) AS projects
FROM mart.problem
WHERE app.in_cycle(stage, fiscal_year, $cycle)
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
  AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
GROUP BY department
ORDER BY high DESC, problems DESC, department;
