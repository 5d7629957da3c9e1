-- grain: one row per row of a stage table, with its identity as core.identified gives it (project_code the
-- row's own or adopted, project_key, src). Worked out once per rebuild: the stage facts (020, 030) and the
-- audit's conflicting-sources rule (D09) read these instead of each identifying every row again.
CREATE OR REPLACE TABLE core.identified_project_self_eval AS SELECT * FROM core.identified('stg.project_self_eval');
CREATE OR REPLACE TABLE core.identified_evaluation AS SELECT * FROM core.identified('stg.evaluation');
CREATE OR REPLACE TABLE core.identified_monitoring AS SELECT * FROM core.identified('stg.monitoring');
CREATE OR REPLACE TABLE core.identified_performance_target AS
SELECT * FROM core.identified('stg.performance_target');
CREATE OR REPLACE TABLE core.identified_exante_assessment AS
SELECT * FROM core.identified('stg.exante_assessment');
