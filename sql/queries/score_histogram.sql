-- grain: one row per 5-point score band (below 60, 60–65 … 95–100) × kind (单位自评 / 财政评分) over the
-- assessed projects in the filtered scope; feeds 评分与等级 (distributions). Every band is present.
WITH bands AS (SELECT b AS band FROM range(11, 20) t(b)),
kinds AS (SELECT * FROM (VALUES ('单位自评'), ('财政评分')) t(kind)),
s AS (
    SELECT kind, greatest(least(floor(score / 5), 19), 11)::INTEGER AS band
    FROM (SELECT '单位自评' AS kind, self_score AS score
          FROM app.self_eval_scope($years, $regions, $departments, $funds) WHERE assessed
          UNION ALL
          SELECT '财政评分', finance_score
          FROM app.self_eval_scope($years, $regions, $departments, $funds) WHERE assessed)
    WHERE score IS NOT NULL
)
SELECT kinds.kind, bands.band,
       CASE WHEN bands.band = 11 THEN '60以下' ELSE (bands.band * 5)::VARCHAR || '–' || (bands.band * 5 + 5)::VARCHAR END
           AS label,
       count(s.band) AS projects
FROM kinds CROSS JOIN bands LEFT JOIN s ON s.kind = kinds.kind AND s.band = bands.band
GROUP BY kinds.kind, bands.band
ORDER BY kinds.kind, bands.band;
