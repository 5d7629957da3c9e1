-- grain: one row for the year's 部门评价 coverage: each department's 部门评价 budget against its assessed
-- project budget (单位自评, 财政预算安排的项目), checked against its region's minimum share; feeds E21-10 and
-- the report. coverage_min is NULL when the regions in scope set different minimums (coverage_rule_count > 1)
-- or none (0: no department can be said to meet or miss it).
WITH parts AS (  -- department sums per fund type and tags, worked out at publish time
    SELECT *
    FROM mart.department_coverage_part
    WHERE fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region))
),
base AS (
    SELECT region, department, sum(project_budget) AS project_budget
    FROM parts WHERE projects > 0
    GROUP BY ALL
),
evaluated AS (
    SELECT region, department, sum(evaluated_budget) AS evaluated_budget
    FROM parts WHERE evaluated_projects > 0
    GROUP BY ALL
),
checked AS (
    SELECT b.region, b.department, p.evaluation_coverage_min AS coverage_min,
           coalesce(e.evaluated_budget, 0) >= b.project_budget * p.evaluation_coverage_min AS meets_rule
    FROM base b
    JOIN core.dim_region r USING (region)
    JOIN cfg.profile p ON p.profile = r.profile
    LEFT JOIN evaluated e USING (region, department)
    WHERE EXISTS (SELECT 1 FROM evaluated)
)
SELECT CASE WHEN count(DISTINCT coverage_min) = 1 THEN min(coverage_min) END AS coverage_min,
       count(DISTINCT coverage_min)                                          AS coverage_rule_count,
       count(*)                                                              AS department_count,
       count(*) FILTER (WHERE meets_rule)                                    AS department_count_meeting,
       count(*) FILTER (WHERE meets_rule) / nullif(count(*), 0)              AS share_meeting
FROM checked
HAVING count(*) > 0;
