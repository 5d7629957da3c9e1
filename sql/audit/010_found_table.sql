-- grain: one row per offending row returned by a rule (sql/rules/*.sql), collected before titles are joined.
CREATE OR REPLACE TEMP TABLE audit_found (
    rule_code VARCHAR, fiscal_year INTEGER, region VARCHAR, department VARCHAR, stage VARCHAR,
    project_name VARCHAR, source_file VARCHAR, source_sheet VARCHAR, source_row INTEGER, message VARCHAR
);
