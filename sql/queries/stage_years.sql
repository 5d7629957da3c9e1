-- grain: one row per stage of the cycle × fiscal year with data in the chosen regions; feeds the 工作年度
-- list (working year = fiscal year − the stage's offset) and the "which year has it" hint of empty sections.
-- Stage keys are those of warehouse.profiles.CYCLE_STAGES.
WITH rows AS (
    SELECT 'exante' AS stage, fiscal_year, region FROM mart.exante_assessment
    UNION ALL SELECT 'target', fiscal_year, region FROM mart.performance_target
    UNION ALL SELECT 'monitoring', fiscal_year, region FROM mart.monitoring
    UNION ALL SELECT 'self_eval', fiscal_year, region FROM mart.project_self_eval
    UNION ALL SELECT 'dept_self_eval', fiscal_year, region FROM mart.dept_self_eval
    UNION ALL SELECT 'evaluation', fiscal_year, region FROM mart.evaluation
)
SELECT stage, fiscal_year, count(*) AS rows
FROM rows
WHERE len($regions) = 0 OR list_contains($regions, region)
GROUP BY stage, fiscal_year
ORDER BY fiscal_year DESC, stage;
