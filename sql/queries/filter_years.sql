-- grain: one row per fiscal year with data; feeds the global 年度 filter (latest first).
SELECT DISTINCT fiscal_year FROM mart.project_self_eval ORDER BY fiscal_year DESC;
