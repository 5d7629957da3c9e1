-- grain: one row per project-year of any stage in the filtered scope (keyed by code, else name); feeds the
-- 项目详情 project picker.
SELECT DISTINCT fiscal_year, region, department, coalesce(project_code, project_name) AS project_key,
       project_code, project_name
FROM (SELECT fiscal_year, region, department, project_code, project_name
      FROM app.self_eval_scope($years, $regions, $departments, $funds)
      UNION ALL
      SELECT fiscal_year, region, department, project_code, project_name
      FROM app.target_scope($years, $regions, $departments, $funds) WHERE scope = '项目'
      UNION ALL
      SELECT fiscal_year, region, department, project_code, project_name
      FROM app.evaluation_scope($years, $regions, $departments, $funds))
WHERE project_name IS NOT NULL
ORDER BY department, project_key;
