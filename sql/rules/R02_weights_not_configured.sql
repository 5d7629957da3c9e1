-- message: 一级指标“{一级指标}”分值合计 {合计} 分，区划配置为 {配置} 分
-- grain: one row per self-assessment form × 一级指标 whose indicator weights do not add up to the configured
--        score_weights of the region's profile (regions.toml; national 产出 50 / 效益 30 / 满意度 10).
WITH form_level AS (
    SELECT source_file, source_sheet, region, level1, sum(weight) AS weight
    FROM core.rescore_indicator
    GROUP BY ALL
)
SELECT r.fiscal_year, r.region, r.department, '项目自评' AS stage, r.project_name,
       r.source_file, r.source_sheet, r.source_row,
       '一级指标“' || f.level1 || '”分值合计 ' || core.audit_num(f.weight) || ' 分，区划配置为 '
           || core.audit_num(w.weight) || ' 分' AS message
FROM form_level f
JOIN mart.rescore r USING (source_file, source_sheet)
JOIN cfg.score_weight w ON w.profile = core.review_profile(f.region) AND w.part = f.level1
WHERE abs(f.weight - w.weight) >= 0.005
