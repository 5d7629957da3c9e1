-- grain: one row per finding, for `jixiao audit` (optionally one fiscal year), most severe first.
SELECT p.*, CASE p.severity WHEN '高' THEN 1 WHEN '中' THEN 2 ELSE 3 END AS severity_rank
FROM mart.problem p
WHERE $year IS NULL OR p.fiscal_year = $year
ORDER BY fiscal_year, severity_rank, rule_code, department, source_file, source_sheet, source_row;
