-- 文件保存时间: when the workbook says it was last saved (docProps/core.xml, Beijing time; NULL for .xls and
-- for files that do not say). It dates a submission whose form leaves 填报日期 blank (mart.submission).
ALTER TABLE raw.load_log ADD COLUMN saved_at TIMESTAMP;
