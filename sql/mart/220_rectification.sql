-- grain: one row per finding key (mart.finding) and one row per 整改台账 item (mart.rectification).
-- Findings of the current load are grouped by their stable key (core.item_key); the registry kept in the state
-- store (snapshot in ledger.finding) remembers keys that disappeared (已消除, with the file that cleared them).
-- Feeds the 整改台账 page, the 退回整改通知 (item keys), the C rules and the 部门考核 scorecard.

-- grain: one row per failed monitoring review: a project checkpoint whose execution rate is below
-- monitoring_min_progress_ratio of the time elapsed, or whose 完成目标可能性 is a failing one (rules.toml
-- [results], the same test as the 连续两次监控不合格 list). Feeds mart.finding (E02) and rule C03.
CREATE OR REPLACE VIEW core.monitoring_review AS
SELECT m.fiscal_year, m.region, m.department, m.project_code, m.project_name, m.period_end_month,
       '绩效监控（1-' || m.period_end_month || '月）' AS stage, m.fund_type, m.fund_tags,
       concat_ws('；',
           CASE WHEN m.execution_rate < m.period_end_month / 12 * s.min_progress_ratio
                THEN '执行率 ' || CAST(round(m.execution_rate * 100, 2) AS VARCHAR) || '%' || ' 低于时间进度 '
                     || CAST(round(m.period_end_month / 12 * 100, 2) AS VARCHAR) || '%' || ' 的 ' || CAST(round(s.min_progress_ratio * 100, 2) AS VARCHAR) || '%' END,
           CASE WHEN list_contains(s.failing_likelihoods, m.completion_likelihood)
                THEN '完成目标可能性：' || m.completion_likelihood END) AS reasons,
       m.source_file, m.source_sheet, m.source_row
FROM mart.monitoring m
CROSS JOIN cfg.monitoring_review s
WHERE m.scope = '项目' AND m.period_end_month IS NOT NULL
  AND (m.execution_rate < m.period_end_month / 12 * s.min_progress_ratio
       OR list_contains(s.failing_likelihoods, m.completion_likelihood));

-- grain: one row per finding key: each audit rule's findings grouped by rule-identity (a rule may find several
-- rows of one project), plus the review results the bureau also sends back for 整改: E01 a 部门评价 or
-- 财政评价 graded 中/差, E02 a failed monitoring review (core.monitoring_review)
CREATE OR REPLACE VIEW mart.finding AS
WITH found AS (
    SELECT rule_code, rule_title, severity, stage, fiscal_year, region, department, project_name, message,
           fund_type, fund_tags, source_file, source_sheet, source_row
    FROM core.problem
    UNION ALL
    SELECT 'E01', '评价结果为中或差', '中', level, fiscal_year, region, department, project_name,
           level || '得分 ' || CAST(coalesce(score, finance_score) AS VARCHAR) || '，等级“' || grade || '”',
           fund_type, fund_tags, source_file, source_sheet, source_row
    FROM mart.evaluation WHERE grade IN ('中', '差')
    UNION ALL
    SELECT 'E02', '监控审核不合格', '中', stage, fiscal_year, region, department, project_name, reasons,
           fund_type, fund_tags, source_file, source_sheet, source_row
    FROM core.monitoring_review
),
-- a finding on a row that names no department (e.g. a 合计 row) is still tracked, under a visible name
named AS (SELECT * REPLACE (coalesce(department, '（未写明部门）') AS department) FROM found)
SELECT core.item_key(rule_code, region, fiscal_year, stage, department, project_name) AS item_key,
       rule_code, any_value(rule_title) AS rule_title, any_value(severity) AS severity, stage, fiscal_year,
       region, department, project_name, string_agg(DISTINCT message, '；' ORDER BY message) AS message,
       count(*) AS occurrences, any_value(fund_type) AS fund_type, any_value(fund_tags) AS fund_tags,
       min(source_file) AS source_file, min(source_sheet) AS source_sheet, min(source_row) AS source_row
FROM named
GROUP BY rule_code, stage, fiscal_year, region, department, project_name;

COMMENT ON VIEW mart.finding IS '审核发现（按稳定编号合并）：同一规则、区划、年度、环节、部门、项目的问题为一项；另含评价结果中/差（R01）与监控审核不合格（R02）';

-- grain: one row per item that can be or has been issued for 整改: every current finding of a rule open to
-- rectification (待下达 until issued) and every item of the ledger, also after its finding disappeared.
CREATE OR REPLACE VIEW mart.rectification AS
WITH candidates AS (
    SELECT f.* FROM mart.finding f
    WHERE f.rule_code NOT IN (SELECT rule_code FROM cfg.ledger_rule_excluded)
),
merged AS (
    SELECT coalesce(i.item_key, c.item_key) AS item_key,
           coalesce(i.rule_code, c.rule_code) AS rule_code,
           coalesce(i.stage, c.stage) AS stage,
           coalesce(i.fiscal_year, c.fiscal_year) AS fiscal_year,
           coalesce(i.region, c.region) AS region,
           coalesce(i.department, c.department) AS department,
           coalesce(i.project_name, c.project_name) AS project_name,
           coalesce(c.message, i.message) AS message,
           c.severity, c.fund_type, c.fund_tags,
           coalesce(i.office, core.office_for(c.region, c.department, c.fund_type, c.fund_tags)) AS office,
           coalesce(i.status, '待下达') AS ledger_status,
           i.issued_at, i.due_date, i.issued_by, i.measures, i.result, i.completed_on,
           i.feedback_by, i.feedback_at, i.feedback_file, i.review, i.reviewed_by, i.reviewed_at,
           c.item_key IS NOT NULL AS still_found,
           c.source_file, c.source_sheet, c.source_row
    FROM candidates c
    FULL JOIN ledger.item i USING (item_key)
)
SELECT m.fiscal_year, m.region, m.department, m.item_key, m.rule_code,
       coalesce(r.rule_title, CASE m.rule_code WHEN 'E01' THEN '评价结果为中或差' WHEN 'E02' THEN '监控审核不合格' END)
           AS rule_title,
       coalesce(m.severity, r.severity, '中') AS severity, m.stage, m.project_name, m.message, m.office,
       m.issued_at, m.due_date,
       CASE WHEN m.ledger_status = '已下达' AND m.due_date < current_date THEN '逾期' ELSE m.ledger_status END
           AS status,
       concat_ws('；', nullif(concat_ws('', '整改措施：' || m.measures), ''),
                 nullif(concat_ws('', '整改结果：' || m.result), ''),
                 nullif(concat_ws('', '完成日期：' || m.completed_on), '')) AS feedback,
       m.review, m.measures, m.result, m.completed_on, m.feedback_by, m.feedback_at, m.feedback_file,
       m.issued_by, m.reviewed_by, m.reviewed_at,
       CASE WHEN m.still_found THEN '在册' ELSE coalesce(f.status, '已消除') END AS finding_status,
       f.cleared_by_file, f.cleared_at,
       CASE WHEN m.ledger_status = '已下达' AND m.due_date < current_date
            THEN date_diff('day', m.due_date, current_date) END AS days_overdue,
       m.fund_type, coalesce(m.fund_tags, []::VARCHAR[]) AS fund_tags,
       coalesce(m.source_file, f.source_file) AS source_file, m.source_sheet, m.source_row
FROM merged m
LEFT JOIN core.audit_rule r USING (rule_code)
LEFT JOIN ledger.finding f USING (item_key);

COMMENT ON VIEW mart.rectification IS '整改台账：每个可下达或已下达整改的问题一行（台账由财政局在状态库中维护，重新加载不丢失）';
COMMENT ON COLUMN mart.rectification.item_key IS '问题编号（规则-年度-识别码），重新加载不变，退回整改通知中同样列出';
COMMENT ON COLUMN mart.rectification.issued_at IS '下达日期';
COMMENT ON COLUMN mart.rectification.due_date IS '整改期限';
COMMENT ON COLUMN mart.rectification.status IS '待下达 / 已下达 / 已反馈 / 已销号 / 逾期（已下达且超过整改期限）';
COMMENT ON COLUMN mart.rectification.feedback IS '部门反馈：整改措施、整改结果、完成日期';
COMMENT ON COLUMN mart.rectification.review IS '审核意见';
COMMENT ON COLUMN mart.rectification.finding_status IS '问题现状：在册（最近一次加载仍发现）/ 已消除（更正后的文件加载后不再发现）';
COMMENT ON COLUMN mart.rectification.cleared_by_file IS '使问题消除的文件';
