-- grain: one row per audit rule that belongs to one of the seed's five kinds of problem (rules.toml
-- [problem_types]); the annual report lists the other rules' findings after the five kinds.
SELECT DISTINCT rule_code FROM mart.problem_type ORDER BY rule_code;
