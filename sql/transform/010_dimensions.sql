-- grain: core dimensions, rebuilt from every stage table after each load; feed the facts and mart views.

-- A later load wins: facts order a project's sources by this rank first (the most recent load comes first),
-- then by file, sheet and row, so which value is used never depends on how the paths sort.
CREATE OR REPLACE MACRO core.load_rank(file) AS (
    SELECT coalesce(-epoch_ms(max(l.loaded_at)), 0) FROM raw.load_log l WHERE l.source_file = file
);
CREATE OR REPLACE VIEW core.all_org_rows AS
SELECT fiscal_year, region, department, fund_type FROM stg.project_self_eval
UNION ALL SELECT fiscal_year, region, department, NULL FROM stg.dept_self_eval
UNION ALL SELECT fiscal_year, region, department, fund_type FROM stg.evaluation
UNION ALL SELECT fiscal_year, region, department, fund_type FROM stg.monitoring
UNION ALL SELECT fiscal_year, region, department, fund_type FROM stg.performance_target
UNION ALL SELECT fiscal_year, region, department, NULL FROM stg.exante_assessment;

CREATE OR REPLACE TABLE core.dim_year AS
SELECT DISTINCT fiscal_year FROM core.all_org_rows ORDER BY fiscal_year;

CREATE OR REPLACE TABLE core.dim_region AS
SELECT row_number() OVER (ORDER BY region) AS region_id, region, coalesce(p.profile, 'national') AS profile
FROM (SELECT DISTINCT region FROM core.all_org_rows) r
LEFT JOIN cfg.region_profile p USING (region);

CREATE OR REPLACE TABLE core.dim_department AS
SELECT row_number() OVER (ORDER BY region, department) AS department_id, region, department
FROM (SELECT DISTINCT region, department FROM core.all_org_rows);

CREATE OR REPLACE TABLE core.dim_fund_type AS
SELECT row_number() OVER (ORDER BY fund_type) AS fund_type_id, fund_type
FROM (SELECT DISTINCT fund_type FROM core.all_org_rows WHERE fund_type IS NOT NULL);

-- 等级：按区划配置的分数下限（含）取最高的一档
CREATE OR REPLACE MACRO core.grade_for(profile_name, score_value) AS (
    SELECT b.grade FROM cfg.grade_band b
    WHERE b.profile = profile_name AND score_value >= b.lower_bound
    ORDER BY b.lower_bound DESC LIMIT 1
);

-- 报告口径资金分组（互不重叠，见 etl/config/funds.toml [report_groups]）
CREATE OR REPLACE MACRO core.fund_group(ft, tags) AS (
    SELECT g.group_name FROM cfg.fund_group g
    WHERE (g.tag IS NULL AND g.fund_type IS NULL)
       OR list_contains(coalesce(tags, []), g.tag)
       OR g.fund_type = ft
    ORDER BY g.priority LIMIT 1
);
