-- grain: one row per fiscal year with data in any stage; feeds the global 年度 filter (latest first).
-- is_default marks the year the dashboard opens on: the latest year whose year-end assessments
-- (部门整体自评 or 部门评价) are in — the latest closed year — else simply the latest year.
WITH closed AS (
    SELECT max(fiscal_year) AS y FROM (
        SELECT fiscal_year FROM mart.dept_self_eval UNION ALL SELECT fiscal_year FROM mart.evaluation
    )
)
SELECT d.fiscal_year,
       d.fiscal_year = coalesce((SELECT y FROM closed), max(d.fiscal_year) OVER ()) AS is_default
FROM core.dim_year d
ORDER BY d.fiscal_year DESC;
