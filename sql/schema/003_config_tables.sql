-- Region profile rules and report fund groups, copied from etl/config at every load.

-- grain: one row per region profile
CREATE TABLE cfg.profile (
    profile                  VARCHAR PRIMARY KEY,
    quantification_rule      VARCHAR NOT NULL,   -- count_ratio 或 mean_of_project_rates
    evaluation_coverage_min  DECIMAL(9, 4)       -- 部门评价覆盖面下限（如 0.20）
);

-- grain: one row per report fund group, in priority order (first match wins)
CREATE TABLE cfg.fund_group (
    priority   INTEGER PRIMARY KEY,
    group_name VARCHAR NOT NULL,
    tag        VARCHAR,       -- 项目带有此资金标签即属于该组
    fund_type  VARCHAR        -- 或资金性质（预算类别）等于此值
);
