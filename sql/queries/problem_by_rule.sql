-- grain: one row per audit rule (every rule, found or not) with its findings in the filtered scope;
-- The working year's cycle: $cycle lists '环节:预算年度' keys (e.g. 绩效目标:2022, 项目自评:2021).
-- feeds the 问题清单 counts by rule.
WITH scoped AS (
    SELECT * FROM mart.problem
    WHERE app.in_cycle(stage, fiscal_year, $cycle)
      AND (len($regions) = 0 OR list_contains($regions, region))
      AND (len($departments) = 0 OR list_contains($departments, department))
      AND (len($funds) = 0 OR list_contains($funds, fund_type) OR list_has_any(fund_tags, $funds))
)
SELECT r.rule_code, r.rule_title, r.severity, r.stage, r.rationale,
       count(s.rule_code) AS problems, count(DISTINCT s.department) AS departments
FROM mart.audit_rule r
LEFT JOIN scoped s USING (rule_code)
GROUP BY ALL
ORDER BY r.rule_code;
