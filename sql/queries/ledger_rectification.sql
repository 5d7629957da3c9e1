-- grain: one row per 整改台账 item in the filtered scope (global filters + the page's 状态 / 科室 / 规则
-- filters; empty lists mean all); feeds the 整改台账 table, its export and the issue / review forms.
-- list: overdue and high-severity items first; a page shows the first rows, an export every row.
SELECT item_key, fiscal_year, region, office, department, stage, project_name, rule_code, rule_title, severity,
       message, status, issued_at, due_date, days_overdue, measures, result, completed_on, feedback_at,
       feedback_file, review, reviewed_by, finding_status, cleared_by_file, source_file, source_sheet, source_row
FROM mart.rectification
WHERE app.in_cycle(stage, fiscal_year, $cycle)
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND (len($departments) = 0 OR list_contains($departments, department))
  AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
  AND (len($statuses) = 0 OR list_contains($statuses, status))
  AND (len($offices) = 0 OR list_contains($offices, office))
  AND (len($rules) = 0 OR list_contains($rules, rule_code))
ORDER BY CASE status WHEN '逾期' THEN 1 WHEN '已反馈' THEN 2 WHEN '已下达' THEN 3 WHEN '待下达' THEN 4 ELSE 5 END,
         CASE severity WHEN '高' THEN 1 WHEN '中' THEN 2 ELSE 3 END, department, item_key,
         region;  -- ties broken (a copied ledger may repeat a key in another region)
