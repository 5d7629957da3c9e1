-- grain: one row per value of a project-year (department-year) that a load replaced with another file's value.
-- $changed_at is the load's time; history_before comes from 010_snapshot.sql.
INSERT INTO raw.value_history
WITH after AS (
    SELECT '项目自评' AS stage, fiscal_year, region, department,
           coalesce(project_code, project_name) AS project_key, project_name, source_file, budget, executed,
           self_score, finance_score, grade
    FROM mart.project_self_eval
    UNION ALL
    SELECT '部门整体自评', fiscal_year, region, department, '', NULL, source_file, budget, executed, self_score,
           finance_score, grade
    FROM mart.dept_self_eval
),
pairs AS (
    SELECT b.stage, b.fiscal_year, b.region, b.department, b.project_key, coalesce(a.project_name, b.project_name) AS project_name,
           b.source_file AS old_file, a.source_file AS new_file,
           [{'f': 'budget', 'o': CAST(b.budget AS VARCHAR), 'n': CAST(a.budget AS VARCHAR)},
            {'f': 'executed', 'o': CAST(b.executed AS VARCHAR), 'n': CAST(a.executed AS VARCHAR)},
            {'f': 'self_score', 'o': CAST(b.self_score AS VARCHAR), 'n': CAST(a.self_score AS VARCHAR)},
            {'f': 'finance_score', 'o': CAST(b.finance_score AS VARCHAR), 'n': CAST(a.finance_score AS VARCHAR)},
            {'f': 'grade', 'o': b.grade, 'n': a.grade}] AS changes
    FROM history_before b
    JOIN after a USING (stage, fiscal_year, region, department, project_key)
    WHERE a.source_file <> b.source_file
)
SELECT stage, fiscal_year, region, department, project_key, project_name, c.f, c.o, c.n, old_file, new_file,
       CAST($changed_at AS TIMESTAMP)
FROM (SELECT *, unnest(changes) AS c FROM pairs)
WHERE c.o IS DISTINCT FROM c.n
