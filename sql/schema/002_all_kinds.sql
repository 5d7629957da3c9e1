-- Staging tables for every kind of report besides the project self-assessment list.
-- Each keeps one row per input row (lists) or per form, with lineage; core de-duplicates.

-- grain: one row per department row of a 部门整体支出绩效自评 list or form
CREATE TABLE stg.dept_self_eval (
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL, region VARCHAR NOT NULL, department VARCHAR NOT NULL,
    budget DECIMAL(18, 6), executed DECIMAL(18, 6), execution_rate_stated DECIMAL(12, 6),
    self_score DECIMAL(9, 4), finance_score DECIMAL(9, 4), grade_stated VARCHAR, remark VARCHAR
);

-- grain: one row per project row of a 部门评价 / 财政重点评价 result list
CREATE TABLE stg.evaluation (
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL, region VARCHAR NOT NULL, level VARCHAR NOT NULL,
    department VARCHAR NOT NULL, unit VARCHAR, project_code VARCHAR, project_name VARCHAR NOT NULL,
    fund_type_raw VARCHAR, fund_type VARCHAR NOT NULL, fund_tags VARCHAR[] NOT NULL,
    budget DECIMAL(18, 6), executed DECIMAL(18, 6), execution_rate_stated DECIMAL(12, 6),
    goal_completion_rate DECIMAL(12, 6), score DECIMAL(9, 4), finance_score DECIMAL(9, 4), grade_stated VARCHAR,
    score_decision DECIMAL(9, 4), score_process DECIMAL(9, 4), score_output DECIMAL(9, 4), score_effect DECIMAL(9, 4),
    remark VARCHAR
);

-- grain: one row per project or department row of a monitoring list or form, at its checkpoint month
CREATE TABLE stg.monitoring (
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL, region VARCHAR NOT NULL, scope VARCHAR NOT NULL, period_end_month INTEGER,
    department VARCHAR NOT NULL, unit VARCHAR, project_code VARCHAR, project_name VARCHAR,
    fund_type_raw VARCHAR, fund_type VARCHAR NOT NULL, fund_tags VARCHAR[] NOT NULL,
    budget_initial DECIMAL(18, 6), budget DECIMAL(18, 6), funds_arrived DECIMAL(18, 6), executed DECIMAL(18, 6),
    execution_rate_stated DECIMAL(12, 6), expected_annual_executed DECIMAL(18, 6),
    completion_likelihood VARCHAR, deviation_reason VARCHAR, remark VARCHAR
);

-- grain: one row per project or department target (list row or 绩效目标表 form)
CREATE TABLE stg.performance_target (
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL, region VARCHAR NOT NULL, scope VARCHAR NOT NULL,
    department VARCHAR NOT NULL, unit VARCHAR, project_code VARCHAR, project_name VARCHAR,
    fund_type_raw VARCHAR, fund_type VARCHAR NOT NULL, fund_tags VARCHAR[] NOT NULL,
    budget DECIMAL(18, 6), indicator_count INTEGER, quantified_count INTEGER, review_result VARCHAR, remark VARCHAR
);

-- grain: one row per 三级指标 of a target, monitoring or self-assessment form
CREATE TABLE stg.indicator (
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL, region VARCHAR NOT NULL, stage VARCHAR NOT NULL, period_end_month INTEGER,
    department VARCHAR NOT NULL, project_code VARCHAR, project_name VARCHAR,
    level1 VARCHAR, level2 VARCHAR, level3 VARCHAR, operator VARCHAR, target_text VARCHAR,
    target_value DECIMAL(18, 6), unit VARCHAR, actual_text VARCHAR, actual_value DECIMAL(18, 6),
    weight DECIMAL(9, 4), score DECIMAL(9, 4), is_quantified BOOLEAN, completion_likelihood VARCHAR,
    deviation_reason VARCHAR
);

-- grain: one row per project of a 事前绩效评估 result list
CREATE TABLE stg.exante_assessment (
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    fiscal_year INTEGER NOT NULL, region VARCHAR NOT NULL, department VARCHAR NOT NULL,
    project_code VARCHAR, project_name VARCHAR NOT NULL, amount DECIMAL(18, 6), conclusion VARCHAR,
    score DECIMAL(9, 4), remark VARCHAR
);

ALTER TABLE stg.project_self_eval ADD COLUMN execution_score DECIMAL(9, 4);
