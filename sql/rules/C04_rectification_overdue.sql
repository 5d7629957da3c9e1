-- message: 问题 {编号} 于 {下达日期} 下达整改，期限 {整改期限}，已逾期 {天数} 天未反馈
-- grain: one row per 整改台账 item issued (已下达) whose 整改期限 has passed without an answer.
SELECT i.fiscal_year, i.region, i.department, i.stage, i.project_name,
       NULL AS source_file, NULL AS source_sheet, NULL AS source_row,
       '问题 ' || i.item_key || ' 于 ' || strftime(i.issued_at, '%Y-%m-%d') || ' 下达整改，期限 '
       || strftime(i.due_date, '%Y-%m-%d') || '，已逾期 ' || date_diff('day', i.due_date, current_date)
       || ' 天未反馈' AS message
FROM ledger.item i
WHERE i.status = '已下达' AND i.due_date < current_date
