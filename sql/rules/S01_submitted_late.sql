-- message: {环节}截止 {截止日期}，{报送日期} 才报送（填报日期），逾期 {天数} 天
-- grain: one row per department × stage × year submitted after the calendar's deadline (mart.submission),
--        judged on the date the form states: a load time says when the bureau loaded it, not when it came in.
SELECT s.fiscal_year, s.region, s.department, s.stage, NULL AS project_name,
       s.source_file, NULL AS source_sheet, NULL AS source_row,
       s.stage || '截止 ' || strftime(s.due_date, '%Y-%m-%d') || '，' || strftime(s.submitted_at, '%Y-%m-%d')
       || ' 才报送（填报日期），逾期 ' || s.days_late || ' 天' AS message
FROM mart.submission s
WHERE s.status = '逾期报送' AND s.date_source = '填报日期'
