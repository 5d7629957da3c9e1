-- grain: one row per assessed project in the filtered scope with a finance score, at most $max_points of
-- them; feeds the 评分与等级 scatter of score against execution rate. Beyond that many (a province) the
-- 中/差 projects are all kept — they are the story — and the rest is a fixed pseudo-random sample.
-- The sample is a top-N (no window over every project) and the total a plain count.
WITH sample AS (
    SELECT department, project_code, project_name, budget, execution_rate, self_score, finance_score, grade
    FROM app.self_eval_scope($years, $regions, $departments, $funds)
    WHERE assessed AND finance_score IS NOT NULL AND execution_rate IS NOT NULL
    ORDER BY grade IN ('中', '差') DESC, hash(coalesce(project_code, project_name))
    LIMIT $max_points
)
SELECT *,
       (SELECT count(*) FROM app.self_eval_scope($years, $regions, $departments, $funds)
        WHERE assessed AND finance_score IS NOT NULL AND execution_rate IS NOT NULL) AS total_points
FROM sample
ORDER BY department, project_code;
