-- grain: one row per problem type of the seed's 二、存在的问题 (all five, also those without findings), with
-- the findings of its rules in the given fiscal years and regions; feeds the annual report's 存在的问题:
-- how many findings, departments and projects, which rules, and one example (the first by department,
-- project and rule), and the count per rule (rule_parts).
WITH found AS (
    SELECT t.ord, t.problem_type, p.rule_code, p.rule_title, p.department, p.project_name,
           p.department || coalesce('「' || p.project_name || '」', '') || '：' || p.message AS example
    FROM mart.problem_type t
    JOIN mart.problem p USING (rule_code)
    WHERE list_contains($years, p.fiscal_year) AND (len($regions) = 0 OR list_contains($regions, p.region))
),
by_rule AS (
    SELECT ord, problem_type, rule_title || ' ' || count(*) || ' 处' AS part, count(*) AS n
    FROM found GROUP BY ord, problem_type, rule_code, rule_title
),
parts AS (
    SELECT ord, problem_type, string_agg(part, '、' ORDER BY n DESC, part) AS rule_parts FROM by_rule GROUP BY ALL
)
SELECT t.ord, t.problem_type,
       count(f.rule_code)                                        AS findings,
       count(DISTINCT f.department)                              AS departments,
       count(DISTINCT f.project_name)                            AS projects,
       string_agg(DISTINCT f.rule_code, '、' ORDER BY f.rule_code) AS rule_codes,
       arg_min(f.example, (f.department, coalesce(f.project_name, ''), f.rule_code)) AS example,
       any_value(r.rule_parts)                                   AS rule_parts
FROM (SELECT DISTINCT ord, problem_type FROM mart.problem_type) t
LEFT JOIN found f USING (ord, problem_type)
LEFT JOIN parts r USING (ord, problem_type)
GROUP BY t.ord, t.problem_type
ORDER BY t.ord;
