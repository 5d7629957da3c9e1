-- grain: one row per department × calendar stage × fiscal year (工作推进台账); feeds the 工作推进台账 page,
-- the S rules (报送逾期, 未报送), the 部门考核 scorecard and the 通报.
-- A stage of fiscal year Y is tracked once any department of the region has submitted it for Y.
-- Who must submit: the 部门名录 of that year (or an undated one) when loaded; otherwise every department seen
-- in that working year, plus those that submitted the same stage the year before.
-- Submission date: the earliest 填报日期 written in the department's rows, else the earliest time one of its
-- workbooks was last saved (their document properties), else the time the file was loaded.
CREATE OR REPLACE VIEW core.submission_row AS
SELECT 'project_self_eval' AS source, NULL AS scope, NULL::INTEGER AS period_end_month, fiscal_year, region,
       department, TRUE AS is_project, source_file, filled_on FROM stg.project_self_eval
UNION ALL SELECT 'dept_self_eval', NULL, NULL, fiscal_year, region, department, FALSE, source_file, filled_on
FROM stg.dept_self_eval
UNION ALL SELECT 'evaluation', level, NULL, fiscal_year, region, department, TRUE, source_file, filled_on
FROM stg.evaluation
UNION ALL SELECT 'monitoring', scope, period_end_month, fiscal_year, region, department, scope = '项目',
       source_file, filled_on FROM stg.monitoring
UNION ALL SELECT 'performance_target', scope, NULL, fiscal_year, region, department, scope = '项目',
       source_file, filled_on FROM stg.performance_target;

-- The ledger is judged as of the latest 填报日期 written in any form (the data's own date, so a past year's
-- workbooks are not judged by today's date); with no stated date at all, as of the latest saved time of a
-- workbook; with neither, as of today. A department that has not submitted a stage not yet due is 未报送
-- with 0 days late.
CREATE OR REPLACE VIEW mart.submission AS
WITH dated AS (
    -- a saved time after the load is a wrong clock (the file was in hand when it was loaded); one before 2000,
    -- before any 预算绩效 form existed, is a placeholder (1900-01-01, an unset 1601-01-01): no date at all
    SELECT r.*, core.parse_date(r.filled_on) AS stated_on, CAST(l.loaded_at AS DATE) AS loaded_on,
           CASE WHEN l.saved_at >= DATE '2000-01-01' THEN least(CAST(l.saved_at AS DATE), loaded_on) END AS saved_on
    FROM core.submission_row r
    LEFT JOIN raw.load_log l USING (source_file)
),
as_of AS (
    SELECT coalesce(max(stated_on), max(saved_on), current_date) AS as_of FROM dated
),
staged AS (   -- each submitted row matched to its calendar stage
    SELECT c.stage, d.*
    FROM dated d
    JOIN core.region_calendar c
      ON c.region = d.region AND c.source = d.source
     AND (c.scope IS NULL OR c.scope = d.scope)
     AND (c.period_end_month IS NULL OR c.period_end_month = d.period_end_month)
),
tracked AS (   -- a stage of a year is tracked once any department of the region has submitted it
    SELECT DISTINCT c.region, s.fiscal_year, c.stage, c.sort_order, c.projects_only,
           make_date(s.fiscal_year + c.year_offset, c.due_month, c.due_day) AS due_date, c.year_offset
    FROM core.region_calendar c
    JOIN staged s USING (region, stage)
),
roster AS (
    SELECT t.region, t.fiscal_year, t.stage, r.department
    FROM tracked t
    JOIN stg.department_roster r
      ON r.region = t.region AND (r.fiscal_year IS NULL OR r.fiscal_year = t.fiscal_year + t.year_offset
                                  OR r.fiscal_year = t.fiscal_year)
),
seen AS (
    SELECT t.region, t.fiscal_year, t.stage, s.department
    FROM tracked t
    JOIN core.submission_row s ON s.region = t.region
    JOIN core.region_calendar c ON c.region = s.region AND c.source = s.source
    WHERE s.fiscal_year + c.year_offset = t.fiscal_year + t.year_offset
    UNION
    SELECT t.region, t.fiscal_year, t.stage, p.department
    FROM tracked t
    JOIN staged p ON p.region = t.region AND p.stage = t.stage AND p.fiscal_year = t.fiscal_year - 1
),
expected AS (
    SELECT DISTINCT region, fiscal_year, stage, department FROM roster
    UNION
    SELECT DISTINCT s.region, s.fiscal_year, s.stage, s.department FROM seen s
    WHERE NOT EXISTS (SELECT 1 FROM roster r WHERE r.region = s.region AND r.fiscal_year = s.fiscal_year
                                              AND r.stage = s.stage)
),
with_projects AS (
    SELECT DISTINCT region, fiscal_year, department FROM core.submission_row WHERE is_project
),
submitted AS (
    SELECT region, fiscal_year, stage, department,
           -- a date written in any of the department's forms outranks every saved time, and a saved time
           -- every load time: the earliest of the strongest kind the department's files give
           coalesce(min(stated_on), min(saved_on), min(loaded_on)) AS submitted_at,
           CASE WHEN min(stated_on) IS NOT NULL THEN '填报日期'
                WHEN min(saved_on) IS NOT NULL THEN '文件保存时间'
                ELSE '加载时间' END AS date_source,
           coalesce(arg_min(source_file, stated_on), arg_min(source_file, saved_on),
                    arg_min(source_file, loaded_on)) AS source_file
    FROM staged
    GROUP BY ALL
),
joined AS (
    SELECT t.fiscal_year, t.region, e.department, t.stage, t.sort_order, t.due_date, s.submitted_at,
           s.date_source, s.source_file,
           t.projects_only AND p.department IS NULL AND s.submitted_at IS NULL AS not_applicable
    FROM tracked t
    JOIN expected e USING (region, fiscal_year, stage)
    LEFT JOIN submitted s USING (region, fiscal_year, stage, department)
    LEFT JOIN with_projects p USING (region, fiscal_year, department)
    UNION ALL   -- submitted although not on the roster: still shown
    SELECT t.fiscal_year, t.region, s.department, t.stage, t.sort_order, t.due_date, s.submitted_at,
           s.date_source, s.source_file, FALSE
    FROM tracked t
    JOIN submitted s USING (region, fiscal_year, stage)
    WHERE NOT EXISTS (SELECT 1 FROM expected e WHERE e.region = s.region AND e.fiscal_year = s.fiscal_year
                                                AND e.stage = s.stage AND e.department = s.department)
)
SELECT j.fiscal_year, j.region, j.department, o.office, j.stage, j.sort_order, j.due_date, j.submitted_at,
       CASE
           WHEN j.not_applicable THEN '不适用'
           WHEN j.submitted_at IS NULL THEN '未报送'
           WHEN j.submitted_at > j.due_date THEN '逾期报送'
           ELSE '已报送'
       END AS status,
       CASE
           WHEN j.not_applicable THEN NULL
           WHEN j.submitted_at IS NULL THEN greatest(0, date_diff('day', j.due_date, (SELECT as_of FROM as_of)))
           ELSE greatest(0, date_diff('day', j.due_date, j.submitted_at))
       END AS days_late,
       j.date_source, j.source_file, NULL::VARCHAR AS source_sheet, NULL::INTEGER AS source_row
FROM joined j
LEFT JOIN core.department_office o USING (region, department);

COMMENT ON VIEW mart.submission IS '工作推进台账：每个部门、每个工作环节、每个预算年度一行：截止日期、报送日期、状态与逾期天数';
COMMENT ON COLUMN mart.submission.stage IS '工作环节（工作日历 warehouse/config/regions.toml [calendar]）';
COMMENT ON COLUMN mart.submission.office IS '对口科室（部门名录优先，否则按工作日历的对口规则）';
COMMENT ON COLUMN mart.submission.due_date IS '报送截止日期';
COMMENT ON COLUMN mart.submission.submitted_at IS '报送日期：表内填报日期；没有时为工作簿的最后保存日期；都没有时为文件加载日期（见 date_source）';
COMMENT ON COLUMN mart.submission.status IS '已报送 / 逾期报送 / 未报送 / 不适用（当年没有项目的部门不须报送项目环节）';
COMMENT ON COLUMN mart.submission.days_late IS '逾期天数：逾期报送为报送日期减截止日期；未报送为评估日减截止日期（未到期为 0；评估日为数据中最晚的填报日期，没有时为最晚的文件保存日期，都没有时为今天）';
COMMENT ON COLUMN mart.submission.date_source IS '报送日期的来源：填报日期 / 文件保存时间 / 加载时间';
