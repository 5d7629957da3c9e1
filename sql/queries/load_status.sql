-- grain: one row; feeds the data-freshness line and the 示例数据 badge.
SELECT count(*) AS files, max(loaded_at) AS last_loaded,
       bool_or(is_sample) AS has_sample, bool_and(is_sample) AS only_sample
FROM mart.load_log;
