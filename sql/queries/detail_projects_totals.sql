-- grain: one row: how many projects detail_projects lists under the same filters and search, how many of
-- them did 单位自评 and their budget; feeds the 明细与导出 caption (the page shows only the first rows).
SELECT count(*) AS projects,
       count(*) FILTER (WHERE assessed) AS assessed,
       sum(budget) FILTER (WHERE assessed) AS assessed_budget
FROM app.self_eval_scope($years, $regions, $departments, $funds)
WHERE $search = ''
   OR contains(project_name, $search) OR contains(coalesce(project_code, ''), $search)
   OR contains(department, $search) OR contains(coalesce(unit, ''), $search);
