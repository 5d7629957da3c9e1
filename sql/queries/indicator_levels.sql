-- grain: one row per 一级 × 二级 indicator of the target forms (stage 目标) in the filtered scope; feeds the
-- 绩效目标与指标 一级/二级 mix.
SELECT coalesce(level1, '（未填）') AS level1, coalesce(level2, '（未填）') AS level2,
       count(*) AS indicators,
       count(*) FILTER (WHERE is_quantified) AS quantified
FROM app.indicator_scope($years, $regions, $departments, $funds)
WHERE stage = '目标'
GROUP BY ALL
ORDER BY level1, indicators DESC;
