-- grain: one row per finding of an audit rule; the table behind mart.problem.
-- The project's fund category (from any stage that names it) is attached so the dashboard's 资金性质 filter applies.
CREATE OR REPLACE TABLE core.problem AS
WITH funds AS (
    SELECT fiscal_year, region, department, project_name,
           arg_min(fund_type, priority) AS fund_type, arg_min(fund_tags, priority) AS fund_tags
    FROM (
        SELECT fiscal_year, region, department, project_name, fund_type, fund_tags, 1 AS priority
        FROM stg.project_self_eval
        UNION ALL SELECT fiscal_year, region, department, project_name, fund_type, fund_tags, 2
        FROM stg.evaluation
        UNION ALL SELECT fiscal_year, region, department, project_name, fund_type, fund_tags, 3
        FROM stg.performance_target WHERE project_name IS NOT NULL
        UNION ALL SELECT fiscal_year, region, department, project_name, fund_type, fund_tags, 4
        FROM stg.monitoring WHERE project_name IS NOT NULL
    )
    GROUP BY ALL
)
SELECT f.rule_code, r.rule_title, r.severity, f.stage, f.fiscal_year, f.region, f.department,
       f.project_name, f.message, f.source_file, f.source_sheet, f.source_row,
       u.fund_type, coalesce(u.fund_tags, []::VARCHAR[]) AS fund_tags
FROM audit_found f
JOIN core.audit_rule r USING (rule_code)
LEFT JOIN funds u USING (fiscal_year, region, department, project_name)
ORDER BY f.fiscal_year, f.department, f.rule_code, f.source_file, f.source_sheet, f.source_row
;
COMMENT ON TABLE core.problem IS '审核发现：每条规则每个问题行一行，附来源文件、工作表、行与项目的资金性质';
