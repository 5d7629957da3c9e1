-- grain: core dimensions, rebuilt from stg after every load; feed the facts and the mart views.
CREATE OR REPLACE TABLE core.dim_year AS
SELECT DISTINCT fiscal_year FROM stg.project_self_eval ORDER BY fiscal_year;

CREATE OR REPLACE TABLE core.dim_region AS
SELECT row_number() OVER (ORDER BY region) AS region_id, region,
       coalesce(p.profile, 'national') AS profile
FROM (SELECT DISTINCT region FROM stg.project_self_eval) r
LEFT JOIN cfg.region_profile p USING (region);

CREATE OR REPLACE TABLE core.dim_department AS
SELECT row_number() OVER (ORDER BY region, department) AS department_id, region, department
FROM (SELECT DISTINCT region, department FROM stg.project_self_eval);

CREATE OR REPLACE TABLE core.dim_fund_type AS
SELECT row_number() OVER (ORDER BY fund_type) AS fund_type_id, fund_type
FROM (SELECT DISTINCT fund_type FROM stg.project_self_eval);
