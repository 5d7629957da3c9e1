-- grain: one row per region × department × working year (部门绩效管理工作考核); feeds the 部门考核 page and the
-- 考核通报 (jixiao bulletin). Each component is 0–100; the score is their weighted mean over the components
-- that apply to the department (weights and credits: regions.toml [scorecard], copied to cfg.scorecard_*).
-- Working year W: submissions due in W; 部门评价 coverage and evaluation results (projects' mean 财政评分, else
-- the 部门整体自评's) of fiscal W-1; 量化率 of the
-- targets of fiscal W; problems and rectification of fiscal W-1 and W.
CREATE OR REPLACE VIEW mart.scorecard AS
WITH p AS (SELECT name, value FROM cfg.scorecard_param),
departments AS (
    SELECT DISTINCT region, department, CAST(year(due_date) AS INTEGER) AS work_year
    FROM mart.submission WHERE status <> '不适用' AND NOT (status = '未报送' AND days_late = 0)
),
on_time AS (
    SELECT region, department, CAST(year(due_date) AS INTEGER) AS work_year,
           count(*) FILTER (WHERE status = '已报送') AS on_time, count(*) FILTER (WHERE status = '逾期报送') AS late,
           count(*) FILTER (WHERE status = '未报送') AS missing, count(*) AS expected
    FROM mart.submission WHERE status <> '不适用' AND NOT (status = '未报送' AND days_late = 0) GROUP BY ALL
),
coverage AS (
    SELECT b.region, b.department, b.fiscal_year + 1 AS work_year, b.project_budget,
           coalesce(e.evaluated_budget, 0) AS evaluated_budget,
           least(1, coalesce(e.evaluated_budget, 0) / (b.project_budget * s.evaluation_coverage_min)) AS ratio
    FROM (SELECT region, department, fiscal_year, sum(budget) AS project_budget FROM mart.project_self_eval
          WHERE assessed GROUP BY ALL HAVING sum(budget) > 0) b
    JOIN core.region_ledger_setting s USING (region)
    LEFT JOIN (SELECT region, department, fiscal_year, sum(budget) AS evaluated_budget FROM mart.evaluation
               WHERE level = '部门评价' GROUP BY ALL) e USING (region, department, fiscal_year)
),
projects AS (
    SELECT region, department, work_year, count(DISTINCT project_name) AS projects
    FROM (SELECT region, department, fiscal_year + 1 AS work_year, project_name FROM mart.project_self_eval
          UNION ALL
          SELECT region, department, fiscal_year, project_name FROM mart.performance_target WHERE scope = '项目')
    GROUP BY ALL
),
problems AS (
    SELECT f.region, f.department, w.work_year,
           count(*) FILTER (WHERE f.severity = '高') AS high, count(*) FILTER (WHERE f.severity = '中') AS medium,
           count(*) FILTER (WHERE f.severity = '低') AS low
    FROM mart.finding f
    JOIN (SELECT DISTINCT work_year FROM departments) w ON f.fiscal_year IN (w.work_year - 1, w.work_year)
    WHERE f.rule_code NOT IN (SELECT rule_code FROM cfg.ledger_rule_excluded) AND f.rule_code NOT LIKE 'R%'
    GROUP BY ALL
),
rectified AS (
    SELECT r.region, r.department, w.work_year, count(*) AS issued,
           count(*) FILTER (WHERE r.status = '已销号') AS closed, count(*) FILTER (WHERE r.status = '已反馈') AS answered,
           count(*) FILTER (WHERE r.status = '逾期') AS overdue
    FROM mart.rectification r
    JOIN (SELECT DISTINCT work_year FROM departments) w ON r.fiscal_year IN (w.work_year - 1, w.work_year)
    WHERE r.status <> '待下达'
    GROUP BY ALL
),
quantified AS (
    SELECT region, department, fiscal_year AS work_year, avg(quantification_rate) AS rate
    FROM mart.performance_target WHERE scope = '项目' AND quantification_rate IS NOT NULL GROUP BY ALL
),
results AS (   -- the projects' mean 财政评分 (自评分 where not scored), else the 部门整体自评's
    SELECT region, department, work_year, coalesce(arg_min(mean_score, priority), NULL) AS mean_score
    FROM (SELECT region, department, fiscal_year + 1 AS work_year, avg(coalesce(finance_score, self_score)) AS mean_score,
                 1 AS priority
          FROM mart.project_self_eval WHERE assessed AND coalesce(finance_score, self_score) IS NOT NULL GROUP BY ALL
          UNION ALL
          SELECT region, department, fiscal_year + 1, avg(coalesce(finance_score, self_score)), 2
          FROM mart.dept_self_eval WHERE coalesce(finance_score, self_score) IS NOT NULL GROUP BY ALL)
    GROUP BY ALL
),
components AS (
    SELECT d.region, d.department, d.work_year,
           o.on_time, o.late, o.missing, o.expected, c.ratio AS coverage_ratio, pr.projects,
           coalesce(q.high, 0) AS high, coalesce(q.medium, 0) AS medium, coalesce(q.low, 0) AS low,
           coalesce(r.issued, 0) AS issued, coalesce(r.closed, 0) AS closed, coalesce(r.overdue, 0) AS overdue,
           qt.rate AS quantification_rate, rs.mean_score,
           100 * (o.on_time + o.late * (SELECT value FROM p WHERE name = 'late_credit')) / o.expected AS s_on_time,
           100 * c.ratio AS s_coverage,
           100 * greatest(0, 1 - (coalesce(q.high, 0) * (SELECT value FROM p WHERE name = 'severity_高')
                                      + coalesce(q.medium, 0) * (SELECT value FROM p WHERE name = 'severity_中')
                                      + coalesce(q.low, 0) * (SELECT value FROM p WHERE name = 'severity_低'))
                                     / greatest(coalesce(pr.projects, 0), 1)
                                     / (SELECT value FROM p WHERE name = 'problem_cap')) AS s_problems,
           CASE WHEN r.issued > 0 THEN 100 * (r.closed + r.answered * (SELECT value FROM p WHERE name = 'feedback_credit'))
                                        / r.issued END AS s_rectification,
           100 * qt.rate AS s_quantification,
           rs.mean_score AS s_results
    FROM departments d
    LEFT JOIN on_time o USING (region, department, work_year)
    LEFT JOIN coverage c USING (region, department, work_year)
    LEFT JOIN projects pr USING (region, department, work_year)
    LEFT JOIN problems q USING (region, department, work_year)
    LEFT JOIN rectified r USING (region, department, work_year)
    LEFT JOIN quantified qt USING (region, department, work_year)
    LEFT JOIN results rs USING (region, department, work_year)
),
weighted AS (
    SELECT c.*, (
        SELECT sum(w.weight * v.s) / nullif(sum(w.weight) FILTER (WHERE v.s IS NOT NULL), 0)
        FROM cfg.scorecard_weight w
        JOIN (VALUES ('on_time', c.s_on_time), ('coverage', c.s_coverage), ('problems', c.s_problems),
                     ('rectification', c.s_rectification), ('quantification', c.s_quantification),
                     ('results', c.s_results)) v(component, s) USING (component)
    ) AS score,
    (c.s_on_time IS NOT NULL)::INTEGER + (c.s_coverage IS NOT NULL)::INTEGER + (c.s_problems IS NOT NULL)::INTEGER
    + (c.s_rectification IS NOT NULL)::INTEGER + (c.s_quantification IS NOT NULL)::INTEGER
    + (c.s_results IS NOT NULL)::INTEGER AS components
    FROM components c
)
SELECT work_year, work_year AS fiscal_year, region, department, o.office,
       CAST(round(score, 2) AS DECIMAL(9, 2)) AS score,
       CAST(rank() OVER (PARTITION BY region, work_year ORDER BY score DESC NULLS LAST) AS INTEGER) AS rank,
       CAST(round(s_on_time, 2) AS DECIMAL(9, 2)) AS score_on_time,
       CAST(round(s_coverage, 2) AS DECIMAL(9, 2)) AS score_coverage,
       CAST(round(s_problems, 2) AS DECIMAL(9, 2)) AS score_problems,
       CAST(round(s_rectification, 2) AS DECIMAL(9, 2)) AS score_rectification,
       CAST(round(s_quantification, 2) AS DECIMAL(9, 2)) AS score_quantification,
       CAST(round(s_results, 2) AS DECIMAL(9, 2)) AS score_results,
       components, components >= (SELECT value FROM p WHERE name = 'min_components') AS listable,
       on_time, late, missing, expected, projects, high, medium, low, issued, closed, overdue,
       NULL::VARCHAR AS source_file, NULL::VARCHAR AS source_sheet, NULL::INTEGER AS source_row
FROM weighted
LEFT JOIN core.department_office o USING (region, department);

COMMENT ON VIEW mart.scorecard IS '部门绩效管理工作考核：每个部门每个工作年度一行，各项得分（0–100）、加权总分与名次（权重见 regions.toml [scorecard]）';
COMMENT ON COLUMN mart.scorecard.work_year IS '工作年度（考核年度）';
COMMENT ON COLUMN mart.scorecard.score IS '加权总分（不适用的项按其余权重折算）';
COMMENT ON COLUMN mart.scorecard.listable IS '适用的考核项不少于 min_components 项，可上红榜、黑榜（只有部门整体数据的部门不上榜）';
