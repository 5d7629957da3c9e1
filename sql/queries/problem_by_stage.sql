-- grain: one row per stage (环节) with findings in the filtered scope; feeds the 问题清单 counts by stage.
-- The working year's cycle: $cycle lists '环节:预算年度' keys (e.g. 绩效目标:2022, 项目自评:2021).
SELECT stage,
       count(*) AS problems,
       count(*) FILTER (WHERE severity = '高') AS high,
       count(DISTINCT department) AS departments
FROM mart.problem
WHERE app.in_cycle(stage, fiscal_year, $cycle)
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
  AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
GROUP BY stage
ORDER BY problems DESC, stage;
