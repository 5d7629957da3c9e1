-- grain: one row per value of a stage fact (project-year, department-year; per level, checkpoint, scope) that a
-- load replaced. A value counts as replaced when it differs and the fact now comes from another file, or from a
-- file of this load ($files: a corrected workbook kept under the same name). $changed_at is the load's time;
-- history_before comes from 010_snapshot.sql.
INSERT INTO raw.value_history
SELECT b.stage, b.fiscal_year, b.region, b.department, b.project_key, coalesce(a.project_name, b.project_name),
       b.field, b.value, a.value, b.source_file, a.source_file, CAST($changed_at AS TIMESTAMP)
FROM history_before b
JOIN core.fact_value a USING (stage, fiscal_year, region, department, project_key, field)
WHERE (a.source_file <> b.source_file OR list_contains($files, a.source_file))
  AND a.value IS DISTINCT FROM b.value
