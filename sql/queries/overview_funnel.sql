-- grain: one row per stage of the working year's cycle (事前评估 → 目标 → 监控 → 自评 → 部门评价 →
-- 财政评价) in the filtered scope, each stage at its own fiscal year (fiscal_year column): projects and
-- money at each; feeds the 总览 funnel. Monitoring counts each project once, at its latest checkpoint;
-- 自评 counts the assessed projects.
WITH latest_monitoring AS (  -- each project's latest checkpoint: stored at publish (mart.monitoring_latest)
    SELECT budget
    FROM mart.monitoring_latest
    WHERE len($funds) = 0 AND fund_uniform
      AND app.in_scope(fiscal_year, region, department, $monitoring_years, $regions, $departments)
    UNION ALL  -- a project whose checkpoints differ in fund: its latest checkpoint in scope, from the checkpoints
    SELECT arg_max(m.budget, m.period_end_month) AS budget
    FROM app.monitoring_scope($monitoring_years, $regions, $departments, $funds) m
    JOIN mart.monitoring_latest n  -- a join, not EXISTS: a correlated lookup would group every checkpoint
      ON NOT n.fund_uniform AND n.fiscal_year = m.fiscal_year AND n.region = m.region
     AND n.department = m.department AND n.project_key IS NOT DISTINCT FROM coalesce(m.project_code, m.project_name)
    WHERE len($funds) = 0 AND m.scope = '项目'
    GROUP BY m.fiscal_year, m.region, m.department, coalesce(m.project_code, m.project_name)
    UNION ALL  -- under a fund filter: each project's latest checkpoint of that fund
    SELECT arg_max(budget, period_end_month) AS budget
    FROM app.monitoring_scope($monitoring_years, $regions, $departments, $funds)
    WHERE len($funds) > 0 AND scope = '项目'
    GROUP BY fiscal_year, region, department, coalesce(project_code, project_name)
)
SELECT 1 AS ord, '事前评估' AS stage, 'exante' AS stage_key, count(*) AS projects, sum(amount) AS amount
FROM app.exante_scope($exante_years, $regions, $departments, $funds)
UNION ALL
SELECT 2, '绩效目标', 'target', count(*), sum(budget)
FROM app.target_scope($target_years, $regions, $departments, $funds) WHERE scope = '项目'
UNION ALL
SELECT 3, '绩效监控', 'monitoring', count(*), sum(budget) FROM latest_monitoring
UNION ALL
SELECT 4, '单位自评', 'self_eval', CAST(coalesce(sum(assessed), 0) AS BIGINT), sum(budget)
FROM app.self_eval_summary_scope($self_years, $regions, $departments, $funds)  -- publish-time sums
UNION ALL  -- both levels of evaluation from one pass over the evaluations in scope
SELECT CASE l.level WHEN '部门评价' THEN 5 ELSE 6 END, l.level, 'evaluation', count(e.level), sum(e.budget)
FROM (VALUES ('部门评价'), ('财政评价')) AS l(level)
LEFT JOIN app.evaluation_scope($eval_years, $regions, $departments, $funds) e ON e.level = l.level
GROUP BY l.level
ORDER BY ord;
