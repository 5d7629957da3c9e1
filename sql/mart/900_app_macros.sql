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

-- A finding belongs to the working year's cycle when its stage is one of the cycle's stages at that stage's
-- fiscal year ('环节:预算年度' keys in cycle), or — for findings about the work itself (报送, 整改…), whose
-- stage is none of the cycle's — when its fiscal year is one of the cycle's years.
CREATE OR REPLACE MACRO app.in_cycle(stage, fiscal_year, cycle) AS
    list_contains(cycle, stage || ':' || fiscal_year)
    OR (NOT list_contains(list_transform(cycle, lambda k: split_part(k, ':', 1)), stage)
        AND list_contains(list_transform(cycle, lambda k: TRY_CAST(split_part(k, ':', 2) AS INTEGER)), fiscal_year));
