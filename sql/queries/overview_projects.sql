-- grain: one row per reported project in the filtered scope; feeds the 总览 table and its downloads.
-- list: by department and code; a page shows the first rows, an export every row.
SELECT fiscal_year, department, project_code, project_name, fund_type, fund_tags, assessed,
       budget, executed, execution_rate, self_score, finance_score, grade, source_file, source_row
FROM app.self_eval_scope($years, $regions, $departments, $funds)
ORDER BY department, project_code, project_name,
         region, fiscal_year, source_file, source_sheet, source_row;  -- ties broken: a page's first rows are always the same
