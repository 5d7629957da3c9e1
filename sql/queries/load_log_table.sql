-- grain: one row per workbook in the load log, newest first; feeds 数据管理.
SELECT file, kind, status, rows_loaded, rows_rejected, message, is_sample, loaded_at, saved_at, sha256
FROM mart.load_log
ORDER BY loaded_at DESC, file;
