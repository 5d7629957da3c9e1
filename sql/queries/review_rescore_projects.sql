-- grain: one row per re-scored self-assessment form in the filtered scope, largest overstatement first;
-- feeds the 评分与等级 复核明细 table.
SELECT r.department, r.project_code, r.project_name, r.stated_score, r.rescored, r.difference,
       p.finance_score, r.execution_rate, r.execution_score, r.stated_execution_score, r.reason,
       r.source_file, r.source_sheet, r.source_row
FROM mart.rescore r
LEFT JOIN mart.project_self_eval p
  ON p.fiscal_year = r.fiscal_year AND p.region = r.region AND p.department = r.department
 AND (p.project_code = r.project_code OR (r.project_code IS NULL AND p.project_name = r.project_name))
WHERE app.in_scope(r.fiscal_year, r.region, r.department, $years, $regions, $departments)
  AND app.fund_match(p.fund_type, p.fund_tags, $funds)
ORDER BY r.difference DESC, r.department, r.project_name;
