-- Provenance of every staged row (where its year and region were read), the columns of every recognised
-- table (mart.load_column), the stated subtotals of lists (checked by rule D12) and the values a later load
-- replaced (mart.value_history).

ALTER TABLE stg.project_self_eval ADD COLUMN year_source VARCHAR;   -- 标题/副标题/年度栏/工作表名/文件名/表头
ALTER TABLE stg.project_self_eval ADD COLUMN region_source VARCHAR; -- 标题/副标题/区划栏/指定区划/本级区划
ALTER TABLE stg.project_self_eval ADD COLUMN grade_text VARCHAR;    -- 等级原文（优秀/良好…），grade_stated 为四档
ALTER TABLE stg.dept_self_eval ADD COLUMN year_source VARCHAR;
ALTER TABLE stg.dept_self_eval ADD COLUMN region_source VARCHAR;
ALTER TABLE stg.dept_self_eval ADD COLUMN grade_text VARCHAR;
ALTER TABLE stg.evaluation ADD COLUMN year_source VARCHAR;
ALTER TABLE stg.evaluation ADD COLUMN region_source VARCHAR;
ALTER TABLE stg.evaluation ADD COLUMN grade_text VARCHAR;
ALTER TABLE stg.monitoring ADD COLUMN year_source VARCHAR;
ALTER TABLE stg.monitoring ADD COLUMN region_source VARCHAR;
ALTER TABLE stg.performance_target ADD COLUMN year_source VARCHAR;
ALTER TABLE stg.performance_target ADD COLUMN region_source VARCHAR;
ALTER TABLE stg.indicator ADD COLUMN year_source VARCHAR;
ALTER TABLE stg.indicator ADD COLUMN region_source VARCHAR;
ALTER TABLE stg.exante_assessment ADD COLUMN year_source VARCHAR;
ALTER TABLE stg.exante_assessment ADD COLUMN region_source VARCHAR;

-- grain: one row per non-empty column of each recognised table of each loaded file
CREATE TABLE raw.load_column (
    source_file   VARCHAR NOT NULL,
    source_sheet  VARCHAR NOT NULL,
    column_letter VARCHAR NOT NULL,
    header        VARCHAR,            -- 表头原文（多行表头以 / 连接）
    field         VARCHAR,            -- 对应字段；NULL 为未使用
    sample_value  VARCHAR,            -- 该列第一个非空数据
    note          VARCHAR             -- 未使用的原因，或读取时的推断（向下填充、单位列作主管部门…）
);

-- grain: one row per 合计/小计 row of a list × money column, with the sum of the rows it covers
CREATE TABLE stg.subtotal (
    source_file  VARCHAR NOT NULL,
    source_sheet VARCHAR NOT NULL,
    source_row   INTEGER NOT NULL,
    kind         VARCHAR NOT NULL,    -- 报表种类
    label        VARCHAR NOT NULL,    -- 行上写的字样（合计 / 教育局小计 …）
    field        VARCHAR NOT NULL,    -- budget / executed …
    stated       DECIMAL(18, 6),      -- 合计行上写的数（万元）
    computed     DECIMAL(18, 6),      -- 它覆盖的数据行之和（万元）
    covered_rows INTEGER NOT NULL,
    first_row    INTEGER,
    last_row     INTEGER,
    fiscal_year  INTEGER,
    region       VARCHAR,
    department   VARCHAR
);

-- grain: one row per value a later load replaced (kept across loads; state, not rebuilt)
CREATE TABLE raw.value_history (
    stage        VARCHAR NOT NULL,
    fiscal_year  INTEGER NOT NULL,
    region       VARCHAR NOT NULL,
    department   VARCHAR NOT NULL,
    project_key  VARCHAR,
    project_name VARCHAR,
    field        VARCHAR NOT NULL,
    old_value    VARCHAR,
    new_value    VARCHAR,
    old_file     VARCHAR NOT NULL,
    new_file     VARCHAR NOT NULL,
    changed_at   TIMESTAMP NOT NULL
);
