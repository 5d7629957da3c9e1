-- grain: one row per rejected input row with its reason; feeds 数据管理.
SELECT source_file, kind, source_sheet, source_row, source_column, field, reason, raw_values
FROM mart.rejected_row
ORDER BY source_file, source_sheet, source_row;
