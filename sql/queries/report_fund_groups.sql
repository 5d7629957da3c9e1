-- grain: one row per report fund group in priority order (cfg.fund_group, from the region profiles); the last
-- is the catch-all group (no tag, no fund type). Feeds the annual report's paragraph per group.
SELECT group_name, tag IS NULL AND fund_type IS NULL AS is_default
FROM cfg.fund_group
ORDER BY priority;
