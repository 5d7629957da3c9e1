-- grain: one row per 10-point band of project execution rate (0–10% … 90–100%, then ≥100%) over the
-- assessed projects in the filtered scope; feeds the 预算执行 distribution. Every band is present.
WITH bands AS (
    SELECT b AS band, b * 0.1 AS lower_rate FROM range(0, 11) t(b)
), p AS (
    SELECT least(floor(coalesce(execution_rate, 0) * 10), 10)::INTEGER AS band, budget
    FROM app.self_eval_scope($years, $regions, $departments, $funds)
    WHERE assessed AND budget > 0
)
SELECT bands.band,
       CASE WHEN bands.band = 10 THEN '≥100%'  -- short: the rotated axis labels must not run into each other
            ELSE (bands.band * 10)::VARCHAR || '–' || (bands.band * 10 + 10)::VARCHAR || '%' END AS label,
       count(p.band)  AS projects,
       coalesce(sum(p.budget), 0) AS budget
FROM bands LEFT JOIN p USING (band)
GROUP BY bands.band
ORDER BY bands.band;
