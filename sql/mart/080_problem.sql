-- grain: one row per finding of an audit rule (sql/rules/*.sql, run by warehouse/audit.py after every load);
-- feeds the 问题清单 page, the 退回整改通知 export and `jixiao audit`.
-- core.problem is filled by the audit engine right after the marts are rebuilt; the empty tables below only
-- exist so that this view can be created on a brand-new warehouse before the first audit.
CREATE TABLE IF NOT EXISTS core.audit_rule (
    rule_code VARCHAR PRIMARY KEY, rule_title VARCHAR NOT NULL, stage VARCHAR NOT NULL,
    severity VARCHAR NOT NULL, rationale VARCHAR, message_template VARCHAR, params VARCHAR, file VARCHAR
);
CREATE TABLE IF NOT EXISTS core.problem (
    rule_code VARCHAR, rule_title VARCHAR, severity VARCHAR, stage VARCHAR, fiscal_year INTEGER,
    region VARCHAR, department VARCHAR, project_name VARCHAR, message VARCHAR, source_file VARCHAR,
    source_sheet VARCHAR, source_row INTEGER, fund_type VARCHAR, fund_tags VARCHAR[]
);

CREATE OR REPLACE VIEW mart.problem AS
SELECT fiscal_year, region, department, stage, project_name, rule_code, rule_title, severity, message,
       fund_type, fund_tags, source_file, source_sheet, source_row
FROM core.problem;

COMMENT ON VIEW mart.problem IS '审核问题清单：每条审核规则的每个发现一行，指向来源文件、工作表和行';
COMMENT ON COLUMN mart.problem.fiscal_year IS '年度（数据所属财政年度）';
COMMENT ON COLUMN mart.problem.region IS '财政区划';
COMMENT ON COLUMN mart.problem.department IS '主管部门';
COMMENT ON COLUMN mart.problem.stage IS '环节：绩效目标 / 绩效监控 / 项目自评 / 部门整体自评 / 部门评价 / 财政评价 / 事前评估';
COMMENT ON COLUMN mart.problem.project_name IS '项目名称（部门整体的问题为空）';
COMMENT ON COLUMN mart.problem.rule_code IS '规则代码（sql/rules/<代码>_*.sql）';
COMMENT ON COLUMN mart.problem.rule_title IS '规则名称';
COMMENT ON COLUMN mart.problem.severity IS '严重程度：高 / 中 / 低';
COMMENT ON COLUMN mart.problem.message IS '问题说明（含相关数值）';
COMMENT ON COLUMN mart.problem.fund_type IS '项目的资金性质（能从各环节数据中找到时）';
COMMENT ON COLUMN mart.problem.fund_tags IS '项目的资金标签';
COMMENT ON COLUMN mart.problem.source_file IS '来源文件';
COMMENT ON COLUMN mart.problem.source_sheet IS '来源工作表';
COMMENT ON COLUMN mart.problem.source_row IS '来源行号（Excel 行号）';

-- grain: one row per audit rule; the catalogue behind mart.problem (thresholds from etl/config/rules.toml)
CREATE OR REPLACE VIEW mart.audit_rule AS
SELECT rule_code, rule_title, stage, severity, rationale, message_template, params, file FROM core.audit_rule;

COMMENT ON VIEW mart.audit_rule IS '审核规则目录：代码、名称、环节、严重程度、依据、提示模板与阈值';
COMMENT ON COLUMN mart.audit_rule.params IS '规则使用的阈值（JSON，来自 etl/config/rules.toml）';
