-- grain: one row per audit rule that belongs to one of the seed's five problem types (二、存在的问题);
-- filled by the audit engine from sql/rules/rules.toml [problem_types]; feeds report_problem_types.
CREATE TABLE IF NOT EXISTS core.rule_problem_type (ord INTEGER, problem_type VARCHAR, rule_code VARCHAR);

CREATE OR REPLACE VIEW mart.problem_type AS
SELECT ord, problem_type, rule_code FROM core.rule_problem_type;

COMMENT ON VIEW mart.problem_type IS '问题类型对照：审核规则归入工作总结“存在的问题”的哪一类';
