-- grain: one row per evaluated project-year and level in the filtered scope; feeds the 评价结果 table.
-- list: levels, then highest scores; a page shows the first rows, an export every row.
SELECT fiscal_year, level, department, project_code, project_name, fund_type, budget, executed, execution_rate,
       score, finance_score, grade, score_decision, score_process, score_output, score_effect,
       source_file, source_sheet, source_row, region
FROM app.evaluation_scope($years, $regions, $departments, $funds)
ORDER BY level DESC, score DESC NULLS LAST, project_name,
         region, fiscal_year, source_file, source_sheet, source_row;  -- ties broken: a page's first rows are always the same
