-- The dashboard's filter scope (sql/mart/900_app_macros.sql) over the publish-time summaries: the same years,
-- regions, departments and fund categories keep the same projects' sums.

-- grain: one row per fiscal year × region × department × fund type and tags (mart.self_eval_summary) in scope
CREATE OR REPLACE MACRO app.self_eval_summary_scope(years, regions, departments, funds) AS TABLE
SELECT *
FROM mart.self_eval_summary s
WHERE app.in_scope(s.fiscal_year, s.region, s.department, years, regions, departments)
  AND app.fund_match(s.fund_type, s.fund_tags, funds);

-- The mean of values summed as DECIMAL with `unit` = 10^scale (10000 for 4 decimals): the exact sum as a whole
-- number of units, divided once in DOUBLE, so it rounds like avg() over the values themselves (casting the
-- DECIMAL sum to DOUBLE first would round twice and move the last digit).
CREATE OR REPLACE MACRO app.mean_of_sum(total, n, unit) AS
    CAST(CAST(total * unit AS HUGEINT) AS DOUBLE) / nullif(CAST(n AS DOUBLE) * unit, 0);
