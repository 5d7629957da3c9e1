-- grain: one row per scorecard component with its weight (regions.toml [scorecard]); feeds the 部门考核 page's
-- explanation and the 考核通报.
SELECT component, label, weight FROM cfg.scorecard_weight ORDER BY weight DESC, component;
