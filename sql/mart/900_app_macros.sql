-- The dashboard's filter scope, in one place: every page query selects from these macros so that year,
-- region, department and fund-category filters mean the same thing everywhere. Empty lists mean "all".
-- year, region and department filters, shared by every scope macro here and in 910_app_scopes.sql
CREATE OR REPLACE MACRO app.in_scope(fiscal_year, region, department, years, regions, departments) AS
    list_contains(years, fiscal_year)
    AND (len(regions) = 0 OR list_contains(regions, region))
    AND (len(departments) = 0 OR list_contains(departments, department));

CREATE OR REPLACE MACRO app.fund_match(fund_type, fund_tags, funds) AS
    len(funds) = 0 OR list_contains(funds, fund_type) OR list_has_any(coalesce(fund_tags, []), funds);

CREATE OR REPLACE MACRO app.self_eval_scope(years, regions, departments, funds) AS TABLE
SELECT *
FROM mart.project_self_eval p
WHERE app.in_scope(p.fiscal_year, p.region, p.department, years, regions, departments)
  AND app.fund_match(p.fund_type, p.fund_tags, funds);
