-- Stateful tables of the warehouse: what was loaded (raw), parsed rows (stg), configuration (cfg).
-- core and mart are rebuilt from these after every load (sql/transform, sql/mart).
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS stg;
CREATE SCHEMA IF NOT EXISTS cfg;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS mart;
CREATE SCHEMA IF NOT EXISTS app;

-- grain: one row per workbook path ever loaded (the latest content of that path)
CREATE TABLE raw.load_log (
    source_file   VARCHAR PRIMARY KEY,   -- 文件路径（相对仓库根目录，或绝对路径）
    sha256        VARCHAR NOT NULL,      -- 文件内容哈希：内容不变则不重复加载
    size_bytes    BIGINT,
    kind          VARCHAR,               -- 识别出的报表种类
    rows_loaded   INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    status        VARCHAR NOT NULL,      -- 已加载 / 部分拒绝 / 已拒绝 / 重复内容
    message       VARCHAR,
    is_sample     BOOLEAN NOT NULL,      -- 内容与随附示例数据（合成）一致
    loaded_at     TIMESTAMP NOT NULL
);

-- grain: one row per data row of a 项目支出绩效自评结果汇总表 (before de-duplication across sources)
CREATE TABLE stg.project_self_eval (
    source_file           VARCHAR NOT NULL,
    source_sheet          VARCHAR NOT NULL,
    source_row            INTEGER NOT NULL,
    fiscal_year           INTEGER NOT NULL,
    region                VARCHAR NOT NULL,
    department            VARCHAR NOT NULL,
    unit                  VARCHAR,
    project_code          VARCHAR,
    project_name          VARCHAR NOT NULL,
    fund_type_raw         VARCHAR,
    fund_type             VARCHAR NOT NULL,
    fund_tags             VARCHAR[] NOT NULL,
    assessed              BOOLEAN NOT NULL,
    budget_initial        DECIMAL(18, 6),
    budget                DECIMAL(18, 6),
    executed              DECIMAL(18, 6),
    execution_rate_stated DECIMAL(12, 6),
    goal_completion_rate  DECIMAL(12, 6),
    self_score            DECIMAL(9, 4),
    finance_score         DECIMAL(9, 4),
    grade_stated          VARCHAR,
    remark                VARCHAR
);

-- grain: one row per input row that could not be loaded, with the reason
CREATE TABLE stg.rejected_row (
    source_file   VARCHAR NOT NULL,
    kind          VARCHAR,
    source_sheet  VARCHAR,
    source_row    INTEGER,
    source_column VARCHAR,
    field         VARCHAR,
    reason        VARCHAR NOT NULL,
    raw_values    VARCHAR               -- 原始单元格内容（JSON）
);

-- grain: one row per region profile × grade (etl/config/regions.toml, refreshed at every load)
CREATE TABLE cfg.grade_band (
    profile     VARCHAR NOT NULL,
    grade       VARCHAR NOT NULL,
    lower_bound DECIMAL(9, 4) NOT NULL
);

-- grain: one row per region name as written → its profile
CREATE TABLE cfg.region_profile (
    region  VARCHAR PRIMARY KEY,
    profile VARCHAR NOT NULL
);
