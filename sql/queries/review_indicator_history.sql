-- grain: one row per 三级指标 of one project's target form ($project = code or name) in $years, with last
-- year's target and actual, the three-year mean and the budget change; feeds 项目详情 (指标历史).
SELECT level1, level2, level3, target_text, unit, last_target, last_actual, mean_actual_3y, budget, last_budget,
       budget_change, source_file, source_sheet, source_row
FROM mart.indicator_history
WHERE list_contains($years, fiscal_year) AND (project_code = $project OR project_name = $project)
ORDER BY source_file, source_row;
