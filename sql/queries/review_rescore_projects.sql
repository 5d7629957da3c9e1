-- grain: one row per re-scored self-assessment form in the filtered scope, largest overstatement first;
-- feeds the 评分与等级 复核明细 table (the project's 财政评分 and fund joined at publish: mart.rescore_project).
-- list: largest overstatement first; a page shows the first rows, an export every row.
SELECT department, project_code, project_name, stated_score, rescored, difference, finance_score,
       execution_rate, execution_score, stated_execution_score, reason, source_file, source_sheet, source_row
FROM mart.rescore_project
WHERE app.in_scope(fiscal_year, region, department, $years, $regions, $departments)
  AND app.fund_match(project_fund_type, project_fund_tags, $funds)
ORDER BY difference DESC, department, project_name,
         region, fiscal_year, source_file, source_sheet, source_row, finance_score;  -- ties broken: a page's first rows are always the same
