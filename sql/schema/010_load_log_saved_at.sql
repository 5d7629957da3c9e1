-- 文件保存时间: when the workbook says it was last saved (docProps/core.xml of an .xlsx, the summary
-- information of an .xls; Beijing time; NULL when the file does not say). It dates a submission whose form
-- leaves 填报日期 blank (mart.submission).
ALTER TABLE raw.load_log ADD COLUMN saved_at TIMESTAMP;
