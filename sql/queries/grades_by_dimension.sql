-- grain: one row per dimension (主管部门 / 资金性质 / 年度) × member × grade of the assessed projects in the
-- filtered scope; feeds the 评分与等级 stacked bars. Fund categories overlap (a project counts under its
-- budget and each tag). 年度 covers $trend_years; the others the selected year.
SELECT '主管部门' AS dimension, department AS member, grade, count(*) AS projects
FROM app.self_eval_scope($years, $regions, $departments, $funds)
WHERE assessed AND grade IS NOT NULL GROUP BY ALL
UNION ALL
SELECT '资金性质', category, grade, CAST(sum(projects) AS BIGINT)
FROM (SELECT unnest(list_prepend(fund_type, fund_tags)) AS category, grade, projects
      FROM (SELECT fund_type, fund_tags, grade, count(*) AS projects  -- per distinct pair, then spread
            FROM app.self_eval_scope($years, $regions, $departments, $funds) WHERE assessed AND grade IS NOT NULL
            GROUP BY ALL))
GROUP BY ALL
UNION ALL
SELECT '年度', fiscal_year::VARCHAR, grade, count(*)
FROM app.self_eval_scope($trend_years, $regions, $departments, $funds)
WHERE assessed AND grade IS NOT NULL GROUP BY ALL
ORDER BY dimension, member, grade;
