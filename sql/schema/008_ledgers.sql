-- The work calendar, the department roster, returned 整改 notices and the snapshot of the bureau's ledgers.
-- The ledgers themselves live in the state store (sql/state/002_ledger.sql); every rebuild copies them into
-- schema ledger so mart views and audit rules can join them. Never written by anything but that copy.
CREATE SCHEMA IF NOT EXISTS ledger;

-- grain: one row per finding key the bureau's registry has ever seen (snapshot of the state store)
CREATE TABLE ledger.finding (
    item_key VARCHAR PRIMARY KEY, rule_code VARCHAR, region VARCHAR, fiscal_year INTEGER, stage VARCHAR,
    department VARCHAR, project_name VARCHAR, severity VARCHAR, message VARCHAR, source_file VARCHAR,
    first_seen_at VARCHAR, last_seen_at VARCHAR, status VARCHAR, cleared_at VARCHAR, cleared_by_file VARCHAR
);

-- grain: one row per item of the 整改台账 (snapshot of the state store)
CREATE TABLE ledger.item (
    item_key VARCHAR PRIMARY KEY, rule_code VARCHAR, region VARCHAR, fiscal_year INTEGER, stage VARCHAR,
    department VARCHAR, project_name VARCHAR, message VARCHAR, office VARCHAR, status VARCHAR,
    issued_at DATE, due_date DATE, issued_by VARCHAR, measures VARCHAR, result VARCHAR, completed_on VARCHAR,
    feedback_by VARCHAR, feedback_at VARCHAR, feedback_file VARCHAR, review VARCHAR, reviewed_by VARCHAR,
    reviewed_at VARCHAR, updated_at VARCHAR
);

-- grain: one row per region × stage of the work calendar (warehouse/config/regions.toml [calendar])
CREATE TABLE cfg.calendar_stage (
    region VARCHAR NOT NULL,            -- 区划（national 为默认）
    stage VARCHAR NOT NULL,             -- 工作环节，如 单位自评、项目监控（1-5月）
    source VARCHAR NOT NULL,            -- 报送数据所在的环节：project_self_eval / dept_self_eval / evaluation / monitoring / performance_target
    scope VARCHAR,                      -- 项目 / 部门整体 / 部门评价（evaluation 的 level）
    period_end_month INTEGER,           -- 监控截止月份
    year_offset INTEGER NOT NULL,       -- 截止日期所在年 = 预算年度 + year_offset
    due_month INTEGER NOT NULL,
    due_day INTEGER NOT NULL,
    projects_only BOOLEAN NOT NULL,     -- 只要求有项目的部门报送
    sort_order INTEGER NOT NULL
);

-- grain: one row per region × matching rule of a 业务科室 (first match by priority wins)
CREATE TABLE cfg.office (
    region VARCHAR NOT NULL, priority INTEGER NOT NULL, office VARCHAR NOT NULL,
    match_kind VARCHAR NOT NULL,        -- department（部门名称包含关键词）/ fund_type（资金性质）/ tag（资金标签）
    match_value VARCHAR NOT NULL
);

-- grain: one row per region: ledger settings (整改期限天数, 默认责任科室)
CREATE TABLE cfg.ledger_setting (
    region VARCHAR PRIMARY KEY, rectify_days INTEGER NOT NULL, default_office VARCHAR NOT NULL,
    evaluation_coverage_min DECIMAL(9, 4), key_evaluation_min_count INTEGER
);

-- grain: one row per audit rule whose findings are not issued for 整改 (they are about the ledgers themselves)
CREATE TABLE cfg.ledger_rule_excluded (rule_code VARCHAR PRIMARY KEY);

-- grain: one row: when a monitoring review fails (copied from sql/rules/rules.toml [results])
CREATE TABLE cfg.monitoring_review (min_progress_ratio DECIMAL(9, 4), failing_likelihoods VARCHAR[]);

-- grain: one row per scorecard component (部门绩效管理工作考核): its weight (regions.toml [scorecard])
CREATE TABLE cfg.scorecard_weight (component VARCHAR PRIMARY KEY, label VARCHAR NOT NULL, weight DECIMAL(9, 4) NOT NULL);

-- grain: one row per scorecard parameter (problem severity weights, late credit, problem cap)
CREATE TABLE cfg.scorecard_param (name VARCHAR PRIMARY KEY, value DECIMAL(9, 4) NOT NULL);

-- Submission date where the form states one (填报日期, as written: the warehouse reads the date from it)
ALTER TABLE stg.project_self_eval ADD COLUMN filled_on VARCHAR;
ALTER TABLE stg.dept_self_eval ADD COLUMN filled_on VARCHAR;
ALTER TABLE stg.evaluation ADD COLUMN filled_on VARCHAR;
ALTER TABLE stg.monitoring ADD COLUMN filled_on VARCHAR;
ALTER TABLE stg.performance_target ADD COLUMN filled_on VARCHAR;
ALTER TABLE stg.exante_assessment ADD COLUMN filled_on VARCHAR;

-- grain: one row per department row of a 部门名录 workbook (who must submit; 对口科室; 一级预算单位)
CREATE TABLE stg.department_roster (
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    fiscal_year INTEGER, region VARCHAR NOT NULL, department VARCHAR NOT NULL, office VARCHAR,
    is_primary BOOLEAN
);

-- grain: one row per answered item of a returned 退回整改通知 (整改措施 / 整改结果 / 完成日期)
CREATE TABLE stg.notice_answer (
    source_file VARCHAR NOT NULL, source_sheet VARCHAR NOT NULL, source_row INTEGER NOT NULL,
    region VARCHAR, department VARCHAR, item_key VARCHAR NOT NULL, measures VARCHAR, result VARCHAR,
    completed_on VARCHAR
);
