-- The dashboard's filter scope, in one place: every page query selects from these macros so that year,
-- region, department and fund-category filters mean the same thing everywhere. Empty lists mean "all".
CREATE OR REPLACE MACRO app.self_eval_scope(years, regions, departments, funds) AS TABLE
SELECT *
FROM mart.project_self_eval p
WHERE list_contains(years, p.fiscal_year)
  AND (len(regions) = 0 OR list_contains(regions, p.region))
  AND (len(departments) = 0 OR list_contains(departments, p.department))
  AND (len(funds) = 0 OR list_contains(funds, p.fund_type) OR list_has_any(p.fund_tags, funds));
