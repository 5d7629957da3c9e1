-- grain: the bureau's own state, kept outside the rebuildable warehouse (SQLite, beside it).
-- Accounts, sign-in sessions and the audit trail; never regenerated from workbooks.

-- one row per account
CREATE TABLE user_account (
    username          TEXT PRIMARY KEY,
    display_name      TEXT,
    role              TEXT NOT NULL CHECK (role IN ('领导', '绩效中心', '业务科室', '部门')),
    departments       TEXT NOT NULL DEFAULT '[]',   -- JSON 列表：部门用户的本部门；业务科室的对口部门
    fund_types        TEXT NOT NULL DEFAULT '[]',   -- JSON 列表：业务科室对口的资金性质（如 社会保险基金预算、PPP）
    office            TEXT,                         -- 业务科室名称
    password_hash     TEXT,                         -- argon2id；单点登录用户可为空
    external_subject  TEXT UNIQUE,                  -- 单点登录（OpenID Connect）用户的邮箱或 subject
    disabled          INTEGER NOT NULL DEFAULT 0,
    failed_attempts   INTEGER NOT NULL DEFAULT 0,
    locked_until      TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

-- one row per signed-in browser session (only a hash of the token is kept)
CREATE TABLE user_session (
    token_hash  TEXT PRIMARY KEY,
    username    TEXT NOT NULL REFERENCES user_account (username),
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- one row per recorded action: sign-in, failed sign-in, load, upload, export, ledger change, account change
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    username  TEXT,
    action    TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT '{}',  -- JSON：文件、筛选条件、行数等
    outcome   TEXT NOT NULL DEFAULT '成功'
);
CREATE INDEX audit_log_at ON audit_log (at);
