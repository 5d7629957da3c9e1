-- grain: the bureau's two ledgers, written by warehouse/ledger.py only; never rebuilt from workbooks.
-- ledger_finding is the registry of audit findings by stable key (kept when a finding disappears: 已消除);
-- ledger_item is the 整改台账: an item issued for rectification and its answers and review.

-- one row per finding key ever seen (rule, region, year, stage, department, project)
CREATE TABLE ledger_finding (
    item_key         TEXT PRIMARY KEY,
    rule_code        TEXT NOT NULL,
    region           TEXT NOT NULL,
    fiscal_year      INTEGER NOT NULL,
    stage            TEXT NOT NULL,
    department       TEXT NOT NULL,
    project_name     TEXT,                 -- 部门整体的问题为空
    severity         TEXT,
    message          TEXT,
    source_file      TEXT,
    first_seen_at    TEXT NOT NULL,
    last_seen_at     TEXT NOT NULL,
    status           TEXT NOT NULL CHECK (status IN ('在册', '已消除')),
    cleared_at       TEXT,
    cleared_by_file  TEXT                  -- 加载后使该问题消失的文件（更正后的文件）
);

-- one row per item issued (or queued) for 整改; 逾期 is derived from due_date, never stored
CREATE TABLE ledger_item (
    item_key       TEXT PRIMARY KEY,
    rule_code      TEXT NOT NULL,
    region         TEXT NOT NULL,
    fiscal_year    INTEGER NOT NULL,
    stage          TEXT NOT NULL,
    department     TEXT NOT NULL,
    project_name   TEXT,
    message        TEXT,
    office         TEXT,                   -- 责任科室
    status         TEXT NOT NULL CHECK (status IN ('待下达', '已下达', '已反馈', '已销号')),
    issued_at      TEXT,                   -- 下达日期 YYYY-MM-DD
    due_date       TEXT,                   -- 整改期限 YYYY-MM-DD
    issued_by      TEXT,
    measures       TEXT,                   -- 整改措施（部门填写）
    result         TEXT,                   -- 整改结果（部门填写）
    completed_on   TEXT,                   -- 完成日期（部门填写）
    feedback_by    TEXT,
    feedback_at    TEXT,
    feedback_file  TEXT,                   -- 反馈来自的退回整改通知文件（在看板填写时为空）
    review         TEXT,                   -- 审核意见
    reviewed_by    TEXT,
    reviewed_at    TEXT,
    updated_at     TEXT NOT NULL
);
CREATE INDEX ledger_item_department ON ledger_item (department, fiscal_year);
