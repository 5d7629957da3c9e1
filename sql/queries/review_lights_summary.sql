-- grain: one row per checkpoint month × worst light of the monitored projects in the filtered scope (with
-- the indicators of each light); feeds the 预算执行 亮灯 section.
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
SELECT period_end_month, worst_light, count(*) AS projects,
       sum(red_count) AS red, sum(yellow_count) AS yellow, sum(green_count) AS green, sum(blue_count) AS blue,
       sum(indicator_count) AS indicators
FROM p
GROUP BY period_end_month, worst_light
ORDER BY period_end_month, CASE worst_light WHEN '红' THEN 1 WHEN '黄' THEN 2 WHEN '蓝' THEN 3 WHEN '绿' THEN 4 ELSE 5 END;
