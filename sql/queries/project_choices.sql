-- grain: one row per project-year of any stage in the filtered scope (keyed by code, else name); feeds the
-- 项目详情 project picker (mart.project_choice: de-duplicated at publish time).
-- list: by department and key; the picker offers the first rows, the filters narrow it.
SELECT fiscal_year, region, department, project_key, project_code, project_name
FROM mart.project_choice
WHERE app.in_scope(fiscal_year, region, department, $years, $regions, $departments)
  AND app.fund_match(fund_type, fund_tags, $funds)
ORDER BY department, project_key, region, fiscal_year, project_code, project_name;
