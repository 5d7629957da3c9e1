-- grain: one row per side ('current' = the shown fiscal year, 'previous' = the year before) over the
-- projects assessed in BOTH years in the filtered scope (same region, department and project code or
-- name); feeds the 总览 year-on-year deltas, which compare like for like. projects = 0 means no
-- comparable set: no delta is shown.
WITH cur AS (
    SELECT *, coalesce(project_code, project_name) AS k
    FROM app.self_eval_scope($years, $regions, $departments, $funds) WHERE assessed
), prev AS (
    SELECT *, coalesce(project_code, project_name) AS k
    FROM app.self_eval_scope($previous_years, $regions, $departments, $funds) WHERE assessed
), matched AS (
    SELECT region, department, k FROM cur INTERSECT SELECT region, department, k FROM prev
), sides AS (
    SELECT 'current' AS side, c.* FROM cur c SEMI JOIN matched m USING (region, department, k)
    UNION ALL
    SELECT 'previous', p.* FROM prev p SEMI JOIN matched m USING (region, department, k)
)
SELECT s.side,
       count(x.side)                                   AS projects,
       sum(x.budget)                                   AS budget,
       sum(x.executed)                                 AS executed,
       sum(x.executed) / nullif(sum(x.budget), 0)      AS execution_rate,
       avg(x.goal_completion_rate)                     AS goal_completion_rate,
       avg(x.self_score)                               AS mean_self_score,
       avg(x.finance_score)                            AS mean_finance_score
FROM (VALUES ('current'), ('previous')) AS s(side)
LEFT JOIN sides x ON x.side = s.side
GROUP BY s.side
ORDER BY s.side;
