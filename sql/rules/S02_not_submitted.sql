-- message: {环节}截止 {截止日期}，其他部门已报送，本部门未报送（已逾期 {天数} 天）
-- grain: one row per department × stage × year expected to submit (部门名录, or seen in the working year) that
--        has not, once the deadline has passed (as of the data's latest 填报日期, else today) and other
--        departments of the region have submitted.
SELECT s.fiscal_year, s.region, s.department, s.stage, NULL AS project_name,
       NULL AS source_file, NULL AS source_sheet, NULL AS source_row,
       s.stage || '截止 ' || strftime(s.due_date, '%Y-%m-%d') || '，其他部门已报送，本部门未报送（已逾期 '
       || s.days_late || ' 天）' AS message
FROM mart.submission s
WHERE s.status = '未报送' AND s.days_late > 0
