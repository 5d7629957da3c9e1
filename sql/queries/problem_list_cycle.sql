-- grain: one row per audit finding in the working year's cycle (each stage at its own fiscal year) and the filtered scope;
-- feeds the 问题清单 table, its downloads and 退回整改通知 (problem_list.sql is the same by fiscal year); page
-- filters (rule / severity / stage / keyword) as there, empty lists mean all.
-- The working year's cycle: $cycle lists '环节:预算年度' keys (e.g. 绩效目标:2022, 项目自评:2021).
-- list: by department, severity and rule; a page shows the first rows, an export and the notices every row.
SELECT fiscal_year, region, department, stage, project_name, rule_code, rule_title, severity, message,
       source_file, source_sheet, source_row
FROM mart.problem
WHERE app.in_cycle(stage, fiscal_year, $cycle)
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
  AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
  AND (len($rules) = 0 OR list_contains($rules, rule_code))
  AND (len($severities) = 0 OR list_contains($severities, severity))
  AND (len($stages) = 0 OR list_contains($stages, stage))
  AND ($keyword = '' OR contains(coalesce(project_name, ''), $keyword) OR contains(message, $keyword)
       OR contains(department, $keyword))
ORDER BY department, CASE severity WHEN '高' THEN 1 WHEN '中' THEN 2 ELSE 3 END, rule_code,
         source_file, source_sheet, source_row,
         -- findings of one rule on one row (several stages or messages) in a fixed order: a page is the list's start
         stage, fiscal_year, project_name, message;
