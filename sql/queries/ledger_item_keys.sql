-- grain: one row per finding key of the current load (mart.finding) in the filtered regions and departments;
-- feeds the 问题编号 column of the 退回整改通知 (dashboard/notices.py joins it to the listed problems by rule,
-- year, region, stage, department and project, so no order is needed).
SELECT item_key, rule_code, fiscal_year, region, stage, department, project_name
FROM mart.finding
WHERE (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department));
