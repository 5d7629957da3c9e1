-- grain: one row per department-year in the filtered scope; feeds the 结果应用 list 「部门评价覆盖」: the share
-- of the department's project budget (projects that did 单位自评, i.e. 财政预算安排的项目) covered by its
-- 部门评价 projects, against the rule that it be at least $min_share.
-- list: departments short of the rule first; a page shows the first rows, an export every row.
-- one pass: a page takes its first rows and the count from one aggregation, not one for each
WITH parts AS (  -- department sums per fund type and tags, worked out at publish time
    SELECT *
    FROM mart.department_coverage_part
    WHERE (len($years) = 0 OR list_contains($years, fiscal_year))
      AND (len($regions) = 0 OR list_contains($regions, region))
      AND (len($departments) = 0 OR list_contains($departments, department))
      AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
),
sums AS (  -- one pass: a department's self-assessed and evaluated sums side by side (keys are never NULL)
    SELECT fiscal_year, region, department,
           CAST(sum(projects) FILTER (WHERE projects > 0) AS BIGINT) AS projects,
           sum(project_budget) FILTER (WHERE projects > 0) AS project_budget,
           CAST(sum(evaluated_projects) FILTER (WHERE evaluated_projects > 0) AS BIGINT) AS evaluated_projects,
           sum(evaluated_budget) FILTER (WHERE evaluated_projects > 0) AS evaluated_budget
    FROM parts WHERE projects > 0 OR evaluated_projects > 0
    GROUP BY fiscal_year, region, department
)
SELECT fiscal_year, region, department,
       coalesce(projects, 0) AS projects,
       CAST(coalesce(project_budget, 0) AS DECIMAL(18, 6)) AS project_budget,
       coalesce(evaluated_projects, 0) AS evaluated_projects,
       CAST(coalesce(evaluated_budget, 0) AS DECIMAL(18, 6)) AS evaluated_budget,
       CAST(coalesce(evaluated_budget, 0) / nullif(project_budget, 0) AS DECIMAL(12, 6)) AS coverage,
       coalesce(evaluated_budget, 0) >= coalesce(project_budget, 0) * CAST($min_share AS DECIMAL(9, 4))
           AS meets_rule,
       CAST(greatest(0, coalesce(project_budget, 0) * CAST($min_share AS DECIMAL(9, 4))
                        - coalesce(evaluated_budget, 0)) AS DECIMAL(18, 6)) AS shortfall
FROM sums
ORDER BY meets_rule, coverage NULLS FIRST, department, region, fiscal_year;  -- ties broken: a page's first rows are always the same
