-- grain: one row per department with assessed projects in the filtered scope: the budget covered by
-- 部门评价 against the department's assessed project budget of the same year (the 20% rule); feeds 评价结果.
WITH parts AS (  -- department sums per fund type and tags, worked out at publish time
    SELECT *
    FROM mart.department_coverage_part
    WHERE app.in_scope(fiscal_year, region, department, $years, $regions, $departments)
      AND app.fund_match(fund_type, fund_tags, $funds)
), assessed AS (
    SELECT fiscal_year, region, department, sum(projects) AS projects, sum(project_budget) AS budget
    FROM parts WHERE projects > 0 GROUP BY ALL
), evaluated AS (
    SELECT fiscal_year, region, department, sum(evaluated_projects) AS projects,
           sum(evaluated_budget) AS budget
    FROM parts WHERE evaluated_projects > 0 GROUP BY ALL
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
