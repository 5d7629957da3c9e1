-- grain: one row per problem type of the seed's 二、存在的问题 (all five, also those without findings), with
-- the findings of its rules in the given fiscal years and regions; feeds the annual report's 存在的问题:
-- how many findings, departments and projects, which rules, and one example (the first by department,
-- project and rule).
WITH found AS (
    SELECT t.ord, t.problem_type, p.rule_code, p.department, p.project_name,
           p.department || coalesce('「' || p.project_name || '」', '') || '：' || p.message AS example
    FROM mart.problem_type t
    JOIN mart.problem p USING (rule_code)
    WHERE list_contains($years, p.fiscal_year) AND (len($regions) = 0 OR list_contains($regions, p.region))
)
SELECT t.ord, t.problem_type,
       count(f.rule_code)                                        AS findings,
       count(DISTINCT f.department)                              AS departments,
       count(DISTINCT f.project_name)                            AS projects,
       string_agg(DISTINCT f.rule_code, '、' ORDER BY f.rule_code) AS rule_codes,
       arg_min(f.example, (f.department, coalesce(f.project_name, ''), f.rule_code)) AS example
FROM (SELECT DISTINCT ord, problem_type FROM mart.problem_type) t
LEFT JOIN found f USING (ord, problem_type)
GROUP BY t.ord, t.problem_type
ORDER BY t.ord;
