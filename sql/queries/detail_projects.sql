-- grain: one row per reported project in the filtered scope whose name, code, department or unit contains
-- $search (empty = all); feeds 明细与导出 (table and downloads).
-- list: by department and code; a page shows the first rows, an export every row.
SELECT fiscal_year, department, unit, project_code, project_name, fund_type, fund_tags, assessed,
       budget_initial, budget, executed, execution_rate, goal_completion_rate, self_score, finance_score, grade,
       source_file, source_sheet, source_row, region
FROM app.self_eval_scope($years, $regions, $departments, $funds)
WHERE $search = ''
   OR contains(project_name, $search) OR contains(coalesce(project_code, ''), $search)
   OR contains(department, $search) OR contains(coalesce(unit, ''), $search)
ORDER BY department, project_code, project_name,
         region, fiscal_year, source_file, source_sheet, source_row;  -- ties broken: a page's first rows are always the same
