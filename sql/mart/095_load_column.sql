-- grain: one row per non-empty column of each recognised table; feeds 数据管理 and the load report.
-- A column with field NULL was read and not loaded: `note` says why (unknown header, another year, a known
-- column such as 预算调整数, a duplicate); a numeric one of those makes its file 「部分识别」.
CREATE OR REPLACE VIEW mart.load_column AS
SELECT source_file AS file, source_sheet AS sheet, column_letter AS "column", header, field, sample_value, note
FROM raw.load_column;

COMMENT ON VIEW mart.load_column IS '每个已识别表格的每一非空列：对应的字段，或未使用（field 为空）及原因';
COMMENT ON COLUMN mart.load_column.file IS '文件路径';
COMMENT ON COLUMN mart.load_column.sheet IS '工作表';
COMMENT ON COLUMN mart.load_column."column" IS '列（Excel 列字母）';
COMMENT ON COLUMN mart.load_column.header IS '表头原文（多行表头以 / 连接）';
COMMENT ON COLUMN mart.load_column.field IS '对应字段；为空表示该列未加载';
COMMENT ON COLUMN mart.load_column.sample_value IS '该列第一个非空值';
COMMENT ON COLUMN mart.load_column.note IS '未加载的原因，或读取时的推断（向下填充、单位列作主管部门、按内容读作等级）';

-- grain: one row per value a later load replaced; kept across loads.
CREATE OR REPLACE VIEW mart.value_history AS
SELECT fiscal_year, region, department, stage, project_name, field, old_value, new_value, old_file, new_file,
       changed_at
FROM raw.value_history;

COMMENT ON VIEW mart.value_history IS '被后加载文件替换的数值：哪个项目的哪个字段，从哪个文件的什么值变为哪个文件的什么值';
COMMENT ON COLUMN mart.value_history.old_file IS '原来的来源文件';
COMMENT ON COLUMN mart.value_history.new_file IS '替换它的来源文件';
COMMENT ON COLUMN mart.value_history.changed_at IS '替换发生的加载时间';
