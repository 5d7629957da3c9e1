-- grain: one row per project whose latest two consecutive monitoring checkpoints of a year both failed;
-- feeds the 结果应用 list 「连续两次监控不合格」 (such a project's evaluation may not be graded 优秀/合格).
-- A checkpoint fails when its execution rate is below $min_progress_ratio of the time elapsed (month ÷ 12),
-- its 完成目标可能性 is one of $failing_likelihoods, or an audit rule found a 高 problem in that row.
WITH m AS (
    SELECT *, coalesce(project_code, project_name) AS project_key
    FROM mart.monitoring
    WHERE scope = '项目' AND period_end_month IS NOT NULL
      AND (len($years) = 0 OR list_contains($years, fiscal_year))
      AND (len($regions) = 0 OR list_contains($regions, region))
      AND (len($departments) = 0 OR list_contains($departments, department))
      AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
),
high AS (
    SELECT source_file, source_sheet, source_row, count(*) AS n
    FROM mart.problem
    WHERE severity = '高' AND stage = '绩效监控'
    GROUP BY ALL
),
checked AS (
    SELECT m.*,
           concat_ws('；',
               CASE WHEN m.execution_rate < m.period_end_month / 12 * $min_progress_ratio
                    THEN '执行率 ' || core.audit_pct(m.execution_rate) || ' 低于时间进度 '
                         || core.audit_pct(m.period_end_month / 12) || ' 的 ' || core.audit_pct($min_progress_ratio)
               END,
               CASE WHEN list_contains($failing_likelihoods, m.completion_likelihood)
                    THEN '完成目标可能性：' || m.completion_likelihood END,
               CASE WHEN h.n > 0 THEN '审核发现“高”问题 ' || h.n || ' 个' END) AS reasons
    FROM m
    LEFT JOIN high h USING (source_file, source_sheet, source_row)
),
paired AS (
    SELECT *,
           lag(reasons) OVER w AS previous_reasons,
           lag(period_end_month) OVER w AS previous_month
    FROM checked
    WINDOW w AS (PARTITION BY fiscal_year, region, department, project_key ORDER BY period_end_month)
),
failing AS (
    SELECT * FROM paired
    WHERE reasons <> '' AND previous_reasons <> ''
    QUALIFY row_number() OVER (PARTITION BY fiscal_year, region, department, project_key
                               ORDER BY period_end_month DESC) = 1
),
graded AS (
    SELECT fiscal_year, region, department, project_code, project_name, grade,
           CASE level WHEN '财政评价' THEN 1 ELSE 2 END AS priority, level AS grade_source
    FROM mart.evaluation
    UNION ALL
    SELECT fiscal_year, region, department, project_code, project_name, grade, 3, '项目自评'
    FROM mart.project_self_eval
    WHERE assessed
)
SELECT f.fiscal_year, f.region, f.department, f.project_code, f.project_name,
       f.previous_month, f.previous_reasons, f.period_end_month, f.reasons,
       g.grade, g.grade_source,
       coalesce(list_contains($barred_grades, g.grade), false) AS grade_barred,
       f.source_file, f.source_sheet, f.source_row
FROM failing f
LEFT JOIN graded g
  ON g.fiscal_year = f.fiscal_year AND g.region = f.region AND g.department = f.department
 AND (g.project_code = f.project_code OR g.project_name = f.project_name)
QUALIFY row_number() OVER (PARTITION BY f.fiscal_year, f.region, f.department, f.project_key
                           ORDER BY g.priority NULLS LAST) = 1
ORDER BY grade_barred DESC, f.department, f.project_name;
