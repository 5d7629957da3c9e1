-- grain: one row per 行业 × 一级 × 二级 × 三级指标 × 单位; feeds the 指标库 page and its workbook export.
CREATE OR REPLACE VIEW mart.indicator_library AS
SELECT sector, level1, level2, level3, unit, operator, indicator_count, department_count, project_count,
       typical_low, typical_median, typical_high, first_year, last_year
FROM core.indicator_library;

COMMENT ON VIEW mart.indicator_library IS '指标库：各部门已设置的定量指标，按行业与二级指标归类，附常用区间（25%–75% 分位）';
