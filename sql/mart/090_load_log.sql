-- grain: one row per workbook path loaded or rejected; feeds 数据管理 and `jixiao load` reports.
CREATE OR REPLACE VIEW mart.load_log AS
SELECT source_file AS file, sha256, kind, rows_loaded, rows_rejected, status, message, is_sample, loaded_at,
       saved_at
FROM raw.load_log;

COMMENT ON VIEW mart.load_log IS '加载日志：每个文件一行（最近一次加载的内容）';
COMMENT ON COLUMN mart.load_log.file IS '文件路径';
COMMENT ON COLUMN mart.load_log.sha256 IS '文件内容哈希';
COMMENT ON COLUMN mart.load_log.kind IS '识别出的报表种类';
COMMENT ON COLUMN mart.load_log.rows_loaded IS '加载行数';
COMMENT ON COLUMN mart.load_log.rows_rejected IS '拒绝行数';
COMMENT ON COLUMN mart.load_log.status IS '状态：已加载 / 部分拒绝 / 已拒绝 / 重复内容';
COMMENT ON COLUMN mart.load_log.message IS '说明';
COMMENT ON COLUMN mart.load_log.is_sample IS '是否为随附的合成示例数据';
COMMENT ON COLUMN mart.load_log.loaded_at IS '加载时间';
COMMENT ON COLUMN mart.load_log.saved_at IS '文件保存时间（工作簿属性中的最后保存时间，北京时间；工作簿没有写明时为空）';

-- grain: one row per rejected input row, with the reason (nothing is dropped silently)
CREATE OR REPLACE VIEW mart.rejected_row AS
SELECT source_file, kind, source_sheet, source_row, source_column, field, reason, raw_values
FROM stg.rejected_row;

COMMENT ON VIEW mart.rejected_row IS '被拒绝的行：文件、工作表、行、列与原因；原始内容保留在 raw_values';
COMMENT ON COLUMN mart.rejected_row.source_column IS '列（Excel 列字母）';
COMMENT ON COLUMN mart.rejected_row.reason IS '拒绝原因';
COMMENT ON COLUMN mart.rejected_row.raw_values IS '该行原始单元格内容（JSON）';
