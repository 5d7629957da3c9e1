-- grain: one row per audit finding on one project ($project = code or name) in $years; feeds 项目详情.
-- Only run when mart.problem exists (see view_exists).
SELECT stage, rule_code, severity, message, source_file, source_sheet, source_row
FROM mart.problem
WHERE list_contains($years, fiscal_year) AND project_name IN (
    SELECT project_name FROM mart.project_self_eval WHERE project_code = $project
    UNION SELECT $project)
ORDER BY severity, rule_code;
