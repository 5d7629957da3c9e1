-- grain: one row per side ('current' = the shown fiscal year, 'previous' = the year before) over the
-- projects assessed in BOTH years in the filtered scope (same region, department and project code or
-- name); feeds the 总览 year-on-year deltas, which compare like for like. projects = 0 means no
-- comparable set: no delta is shown. Both years are read in one pass; a project is matched when its
-- (region, department, key) holds rows of both sides.
WITH both_years AS (
    SELECT *, CASE WHEN list_contains($years, fiscal_year) THEN 'current' ELSE 'previous' END AS side
    FROM app.self_eval_scope(list_concat($years, $previous_years), $regions, $departments, $funds)
    WHERE assessed
), sides AS (
    SELECT *
    FROM both_years
    WINDOW k AS (PARTITION BY region, department, coalesce(project_code, project_name))
    QUALIFY min(side) OVER k <> max(side) OVER k
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
