-- grain: one row per value of a stage fact as the warehouse holds it before a load (core.fact_value); compared
-- after it by 020_record.sql to keep the values a load replaced (mart.value_history).
CREATE OR REPLACE TEMP TABLE history_before AS SELECT * FROM core.fact_value
