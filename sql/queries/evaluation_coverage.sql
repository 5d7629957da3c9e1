-- grain: one row per department with assessed projects in the filtered scope: the budget covered by
-- 部门评价 against the department's assessed project budget of the same year (the 20% rule); feeds 评价结果.
WITH assessed AS (
    SELECT fiscal_year, region, department, count(*) AS projects, sum(budget) AS budget
    FROM app.self_eval_scope($years, $regions, $departments, $funds)
    WHERE assessed GROUP BY ALL
), evaluated AS (
    SELECT fiscal_year, region, department, count(*) AS projects, sum(budget) AS budget
    FROM app.evaluation_scope($years, $regions, $departments, $funds)
    WHERE level = '部门评价' GROUP BY ALL
)
SELECT a.department,
       sum(a.projects)                                            AS assessed_projects,
       sum(a.budget)                                              AS assessed_budget,
       coalesce(sum(e.projects), 0)                               AS evaluated_projects,
       coalesce(sum(e.budget), 0)                                 AS evaluated_budget,
       coalesce(sum(e.budget), 0) / nullif(sum(a.budget), 0)      AS coverage,
       coalesce(sum(e.budget), 0) / nullif(sum(a.budget), 0) >= $required AS meets_rule
FROM assessed a
LEFT JOIN evaluated e USING (fiscal_year, region, department)
GROUP BY a.department
ORDER BY coverage, a.department;
