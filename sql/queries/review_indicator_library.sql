-- grain: one row per 行业 × 一级 × 二级 × 三级指标 × 单位 of the 指标库, optionally narrowed to sectors
-- ($sectors) and 二级指标 ($second_levels; empty lists mean all); feeds the 指标库 page and its workbook.
SELECT sector, level1, level2, level3, unit, operator, indicator_count, department_count, project_count,
       typical_low, typical_median, typical_high, first_year, last_year
FROM mart.indicator_library
WHERE (len($sectors) = 0 OR list_contains($sectors, sector))
  AND (len($second_levels) = 0 OR list_contains($second_levels, level2))
ORDER BY sector, level1, level2, indicator_count DESC, level3, unit;
