-- grain: one row per region with data in any stage; feeds the global 区划 filter.
SELECT DISTINCT region FROM (
    SELECT region FROM mart.project_self_eval
    UNION ALL SELECT region FROM mart.performance_target
    UNION ALL SELECT region FROM mart.monitoring
    UNION ALL SELECT region FROM mart.evaluation
    UNION ALL SELECT region FROM mart.dept_self_eval
    UNION ALL SELECT region FROM mart.exante_assessment
)
WHERE region IS NOT NULL
ORDER BY region;
