-- grain: one row per audit rule with findings in the given fiscal years; feeds 二、存在的问题 of the annual
-- report: how many findings, how many departments, and one example (the first by department and project).
SELECT rule_code,
       any_value(rule_title)                                   AS rule_title,
       count(*)                                                AS findings,
       count(DISTINCT department)                              AS departments,
       arg_min(department || coalesce('「' || project_name || '」', '') || '：' || message,
               (department, coalesce(project_name, '')))       AS example
FROM mart.problem
WHERE list_contains($years, fiscal_year) AND (len($regions) = 0 OR list_contains($regions, region))
GROUP BY rule_code
ORDER BY findings DESC, rule_code;
