-- grain: one row per department × checkpoint month with monitored indicators in the filtered scope: worst
-- light, projects by worst light, and the share of red indicators; feeds the 预算执行 亮灯 section.
WITH p AS (
    SELECT l.*
    FROM mart.project_light l
    WHERE app.in_scope(l.fiscal_year, l.region, l.department, $years, $regions, $departments)
      AND (len($funds) = 0 OR EXISTS (
            SELECT 1 FROM mart.monitoring m
            WHERE m.fiscal_year = l.fiscal_year AND m.region = l.region AND m.department = l.department
              AND (m.project_code = l.project_code OR m.project_name = l.project_name)
              AND app.fund_match(m.fund_type, m.fund_tags, $funds)))
)
SELECT department, period_end_month,
       CASE max(CASE worst_light WHEN '红' THEN 4 WHEN '黄' THEN 3 WHEN '蓝' THEN 2 WHEN '绿' THEN 1 END)
           WHEN 4 THEN '红' WHEN 3 THEN '黄' WHEN 2 THEN '蓝' WHEN 1 THEN '绿' END AS worst_light,
       count(*)                                       AS projects,
       count(*) FILTER (WHERE worst_light = '红')     AS red_projects,
       count(*) FILTER (WHERE worst_light = '黄')     AS yellow_projects,
       sum(red_count)                                 AS red_indicators,
       sum(lit_count)                                 AS lit_indicators,
       CAST(sum(red_count) AS DOUBLE) / nullif(sum(lit_count), 0) AS red_share
FROM p
GROUP BY department, period_end_month
ORDER BY period_end_month DESC, red_share DESC NULLS LAST, department;
