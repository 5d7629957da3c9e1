-- grain: one row per 对口科室 with departments in the work calendar; feeds the 科室 filter of the 工作推进台账
-- and 整改台账 pages.
SELECT DISTINCT office FROM mart.submission WHERE office IS NOT NULL
UNION SELECT DISTINCT office FROM mart.rectification WHERE office IS NOT NULL
ORDER BY office;
