-- message: 指标“{三级指标}”目标值 {指标值} 超过指标库同类指标常用区间 {下限}–{上限}{单位}（{n} 条）上限的 {系数} 倍
-- grain: one row per numeric target indicator above typical_high × [review] library_range_factor of its 指标库
--        entry (same 行业, 一级, 二级, 三级, unit) when the entry has at least [review] library_min_count targets.
--        Only the high side: typing errors (extra digits, 元 in a 万元 column, 9800%) inflate; small targets of
--        small projects are normal, and a target below last year's actual is R04's.
WITH sectors AS (  -- a department's 行业 looked up once, not once per indicator
    SELECT department, core.review_sector(department) AS sector
    FROM (SELECT DISTINCT department FROM stg.indicator WHERE stage = '目标')
)
SELECT i.fiscal_year, i.region, i.department, '绩效目标' AS stage, i.project_name,
       i.source_file, i.source_sheet, i.source_row,
       '指标“' || i.level3 || '”目标值 ' || coalesce(i.target_text, core.audit_num(i.target_value))
           || ' 超过指标库同类指标常用区间 ' || core.audit_num(l.typical_low) || '–' || core.audit_num(l.typical_high)
           || l.unit || '（' || l.indicator_count || ' 条）上限的 '
           || core.audit_num(core.review_param('library_range_factor')) || ' 倍' AS message
FROM stg.indicator i
JOIN sectors d ON d.department = i.department
JOIN mart.indicator_library l
  ON l.sector = d.sector AND l.level1 IS NOT DISTINCT FROM i.level1
 AND l.level2 IS NOT DISTINCT FROM i.level2 AND l.level3 = i.level3 AND l.unit = coalesce(i.unit, '')
WHERE i.stage = '目标' AND i.target_value IS NOT NULL
  AND i.level2 IS DISTINCT FROM '成本指标'  -- 成本随预算而定
  AND l.indicator_count >= core.review_param('library_min_count')
  AND i.target_value > l.typical_high * core.review_param('library_range_factor')
