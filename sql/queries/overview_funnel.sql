-- grain: one row per stage of the working year's cycle (事前评估 → 目标 → 监控 → 自评 → 部门评价 →
-- 财政评价) in the filtered scope, each stage at its own fiscal year: projects and money at each; feeds the
-- 总览 funnel. Monitoring counts each project once, at its latest checkpoint; 自评 counts the assessed
-- projects. The stages are added up in one pass over their publish-time sums (mart.funnel_summary); only
-- monitored projects whose checkpoints differ in fund are worked out from their checkpoints.
WITH stages(ord, stage, stage_key) AS (
    VALUES (1, '事前评估', 'exante'), (2, '绩效目标', 'target'), (3, '绩效监控', 'monitoring'),
           (4, '单位自评', 'self_eval'), (5, '部门评价', 'evaluation'), (6, '财政评价', 'evaluation')
), counted AS (
    SELECT s.ord, s.projects, s.amount
    FROM mart.funnel_summary s
    WHERE app.in_scope(s.fiscal_year, s.region, s.department,
                       [$exante_years, $target_years, $monitoring_years, $self_years, $eval_years, $eval_years][s.ord],
                       $regions, $departments)
      AND (app.fund_match(s.fund_type, s.fund_tags, $funds) OR list_has_any(s.lookup_funds, $funds))
    UNION ALL  -- a project whose checkpoints differ in fund: its latest checkpoint in scope (of the filtered fund)
    SELECT 3, 1, arg_max(m.budget, m.period_end_month)
    FROM app.monitoring_scope($monitoring_years, $regions, $departments, $funds) m
    JOIN mart.monitoring_latest n  -- a join, not EXISTS: a correlated lookup would group every checkpoint
      ON NOT n.fund_uniform AND n.fiscal_year = m.fiscal_year AND n.region = m.region
     AND n.department = m.department AND n.project_key IS NOT DISTINCT FROM coalesce(m.project_code, m.project_name)
    WHERE m.scope = '项目'
    GROUP BY m.fiscal_year, m.region, m.department, coalesce(m.project_code, m.project_name)
)
SELECT st.ord, st.stage, st.stage_key, CAST(coalesce(sum(c.projects), 0) AS BIGINT) AS projects,
       sum(c.amount) AS amount
FROM stages st
LEFT JOIN counted c ON c.ord = st.ord
GROUP BY st.ord, st.stage, st.stage_key
ORDER BY st.ord;
