-- message: 指标“{三级指标}”未达到指标值 {指标值}（实际完成值 {完成值}），未说明偏差原因
-- grain: one row per self-assessment indicator that missed its numeric target (by its operator) with no
--        deviation reason; misses so large that D07 reports them are not repeated here.
WITH i AS (
    SELECT *, actual_value / nullif(target_value, 0) AS ratio
    FROM stg.indicator
    WHERE stage = '自评' AND target_value IS NOT NULL AND actual_value IS NOT NULL
      AND nullif(trim(deviation_reason), '') IS NULL
)
SELECT fiscal_year, region, department, '项目自评' AS stage, project_name, source_file, source_sheet, source_row,
       '指标“' || coalesce(level3, '空') || '”未达到指标值 ' || coalesce(target_text, core.audit_num(target_value))
           || '（实际完成值 ' || coalesce(actual_text, core.audit_num(actual_value)) || '），未说明偏差原因'
           AS message
FROM i
WHERE CASE
          WHEN operator = '≤' THEN actual_value > target_value
          WHEN operator = '<' THEN actual_value >= target_value
          WHEN operator = '>' THEN actual_value <= target_value
          WHEN operator = '=' THEN actual_value <> target_value
          ELSE actual_value < target_value
      END
  -- D07's territory: a numeric (non-time) ratio outside the bounds
  AND NOT (target_value > 0 AND coalesce(unit, '') <> '月'
           AND (ratio > $deviation_upper_ratio OR ratio < $deviation_lower_ratio))
