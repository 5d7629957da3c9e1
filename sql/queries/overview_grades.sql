-- grain: one row per grade (优/良/中/差, always all four) in the filtered scope; feeds the grade chart
-- (seed figures P21-10…P21-13). Only assessed projects carry a grade.
SELECT g.grade, count(p.grade) AS projects
FROM (VALUES ('优', 1), ('良', 2), ('中', 3), ('差', 4)) AS g(grade, ord)
LEFT JOIN app.self_eval_scope($years, $regions, $departments, $funds) p
       ON p.grade = g.grade AND p.assessed
GROUP BY g.grade, g.ord
ORDER BY g.ord;
