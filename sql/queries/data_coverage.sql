-- grain: one row per stage view × fiscal year: rows held; feeds the 数据管理 freshness/coverage table.
SELECT '单位自评' AS stage, fiscal_year, count(*) AS rows FROM mart.project_self_eval GROUP BY ALL
UNION ALL SELECT '部门整体自评', fiscal_year, count(*) FROM mart.dept_self_eval GROUP BY ALL
UNION ALL SELECT level, fiscal_year, count(*) FROM mart.evaluation GROUP BY ALL
UNION ALL SELECT '绩效监控', fiscal_year, count(*) FROM mart.monitoring GROUP BY ALL
UNION ALL SELECT '绩效目标', fiscal_year, count(*) FROM mart.performance_target GROUP BY ALL
UNION ALL SELECT '三级指标', fiscal_year, count(*) FROM mart.indicator GROUP BY ALL
UNION ALL SELECT '事前评估', fiscal_year, count(*) FROM mart.exante_assessment GROUP BY ALL
ORDER BY stage, fiscal_year;
