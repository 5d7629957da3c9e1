-- grain: helpers of the two ledgers (工作推进台账, 整改台账): the finding key, dates as departments write them,
-- each region's calendar and each department's 对口科室. Feed mart.submission, mart.finding, mart.rectification
-- and the S/C audit rules.

-- 问题的稳定编号：规则、区划、年度、环节、部门、项目（部门整体为空）相同，编号就相同，重新加载不变
CREATE OR REPLACE MACRO core.item_key(rule_code, region, fiscal_year, stage, department, project_name) AS (
    rule_code || '-' || CAST(fiscal_year AS VARCHAR) || '-'
    || upper(substr(md5(concat_ws('|', rule_code, region, CAST(fiscal_year AS VARCHAR), stage, department,
                                  coalesce(project_name, ''))), 1, 8))
);

-- 填报日期 as written: 2022-02-10, 2022/2/10, 2022.2.10, 2022年2月10日 (an Excel date arrives as 2022-02-10)
CREATE OR REPLACE MACRO core.parse_date(text) AS (
    CASE
        WHEN regexp_matches(trim(text), '^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?')
        THEN try_cast(
            regexp_extract(trim(text), '^(\d{4})', 1) || '-'
            || lpad(regexp_extract(trim(text), '^\d{4}\s*[-/.年]\s*(\d{1,2})', 1), 2, '0') || '-'
            || lpad(regexp_extract(trim(text), '^\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*(\d{1,2})', 1), 2, '0')
            AS DATE)
    END
);

-- grain: one row per region × calendar stage (the region's own calendar, else the national default)
CREATE OR REPLACE VIEW core.region_calendar AS
WITH regions AS (SELECT DISTINCT region FROM core.all_org_rows
                 UNION SELECT DISTINCT region FROM stg.department_roster)
SELECT r.region, c.stage, c.source, c.scope, c.period_end_month, c.year_offset, c.due_month, c.due_day,
       c.projects_only, c.sort_order
FROM regions r
JOIN cfg.calendar_stage c
  ON c.region = CASE WHEN r.region IN (SELECT region FROM cfg.calendar_stage) THEN r.region ELSE 'national' END;

-- grain: one row per region: the ledger settings that apply to it
CREATE OR REPLACE VIEW core.region_ledger_setting AS
WITH regions AS (SELECT DISTINCT region FROM core.all_org_rows
                 UNION SELECT DISTINCT region FROM stg.department_roster)
SELECT r.region, s.rectify_days, s.default_office, s.evaluation_coverage_min, s.key_evaluation_min_count
FROM regions r
JOIN cfg.ledger_setting s
  ON s.region = CASE WHEN r.region IN (SELECT region FROM cfg.ledger_setting) THEN r.region ELSE 'national' END;

-- grain: one row per region × department seen anywhere: its 对口科室 (部门名录 first, then the calendar's
-- keyword rules by priority, then the default office)
CREATE OR REPLACE VIEW core.department_office AS
WITH departments AS (
    SELECT DISTINCT region, department FROM core.all_org_rows
    UNION SELECT DISTINCT region, department FROM stg.department_roster
),
named AS (
    SELECT region, department, arg_max(office, coalesce(fiscal_year, 0)) AS office
    FROM stg.department_roster WHERE office IS NOT NULL GROUP BY ALL
),
rules AS (
    SELECT d.region, d.department, arg_min(o.office, o.priority) AS office
    FROM departments d
    JOIN cfg.office o
      ON o.region = CASE WHEN d.region IN (SELECT region FROM cfg.office) THEN d.region ELSE 'national' END
     AND o.match_kind = 'department' AND contains(d.department, o.match_value)
    GROUP BY ALL
)
SELECT d.region, d.department, coalesce(n.office, r.office, s.default_office, '绩效中心') AS office,
       CASE WHEN n.office IS NOT NULL THEN '部门名录' WHEN r.office IS NOT NULL THEN '工作日历' ELSE '默认' END
           AS office_source
FROM departments d
LEFT JOIN named n USING (region, department)
LEFT JOIN rules r USING (region, department)
LEFT JOIN core.region_ledger_setting s USING (region);

-- 项目的责任科室：资金性质或资金标签对口的科室优先（社保基金→社保科，国有资本经营与 PPP→经建科），否则部门的对口科室
CREATE OR REPLACE MACRO core.office_for(p_region, p_department, p_fund_type, p_fund_tags) AS (
    coalesce(
        (SELECT arg_min(o.office, o.priority) FROM cfg.office o
         WHERE o.region = CASE WHEN p_region IN (SELECT region FROM cfg.office) THEN p_region ELSE 'national' END
           AND ((o.match_kind = 'fund_type' AND o.match_value = p_fund_type)
             OR (o.match_kind = 'tag' AND list_contains(coalesce(p_fund_tags, []::VARCHAR[]), o.match_value)))),
        (SELECT d.office FROM core.department_office d WHERE d.region = p_region AND d.department = p_department),
        '绩效中心')
);
