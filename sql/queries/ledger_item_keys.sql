-- grain: one row per finding key of the current load (mart.finding); feeds the 问题编号 column of the
-- 退回整改通知 (dashboard/notices.py joins it to the listed problems by rule, year, region, stage, department
-- and project).
SELECT item_key, rule_code, fiscal_year, region, stage, department, project_name
FROM mart.finding
ORDER BY item_key;
