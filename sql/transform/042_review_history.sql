-- Independent review, part 3: targets against history (历史标准: 上年实际完成值、前三年平均值) and the
-- 指标库 built from the targets departments set.

-- a project's name without its year prefix ('2022年学生营养餐补助' → '学生营养餐补助'), to follow it across years
CREATE OR REPLACE MACRO core.review_project_stem(name) AS (
    regexp_replace(coalesce(name, ''), '^\s*(19|20)[0-9]{2}\s*年度?', '')
);

-- a department's 行业 for the 指标库: the first configured keyword its name contains, else 其他
CREATE OR REPLACE MACRO core.review_sector(department_name) AS (
    coalesce((SELECT arg_min(review_rs.sector, length(review_rs.keyword) * -1) FROM cfg.review_sector review_rs
              WHERE contains(department_name, review_rs.keyword)), '其他')
);

-- grain: one row per 三级指标 of a target form (stage 目标) with its own history: last year's target and
-- actual (from the 自评 forms), the mean actual of the three years before, and the project's budgets
CREATE OR REPLACE TABLE core.indicator_history AS
WITH keyed AS (
    SELECT *, core.review_project_stem(project_name) AS stem, coalesce(unit, '') AS unit_key
    FROM stg.indicator
    WHERE level3 IS NOT NULL
),
actual AS (
    SELECT region, department, stem, level3, unit_key, fiscal_year,
           avg(CAST(actual_value AS DOUBLE)) AS actual_value
    FROM keyed WHERE stage = '自评' AND actual_value IS NOT NULL
    GROUP BY ALL
),
target AS (
    SELECT region, department, stem, level3, unit_key, fiscal_year,
           avg(CAST(target_value AS DOUBLE)) AS target_value
    FROM keyed WHERE stage IN ('目标', '自评') AND target_value IS NOT NULL
    GROUP BY ALL
),
mean_3y AS (  -- each year's actual counts towards the mean of each of the three years after it
    SELECT region, department, stem, level3, unit_key, fiscal_year + later AS fiscal_year,
           avg(actual_value) AS mean_actual_3y
    FROM actual, (VALUES (1), (2), (3)) AS following(later)
    GROUP BY ALL
),
budget AS (
    SELECT region, department, core.review_project_stem(project_name) AS stem, fiscal_year,
           arg_min(budget, source_file || source_sheet || lpad(CAST(source_row AS VARCHAR), 8, '0')) AS budget
    FROM (SELECT region, department, project_name, fiscal_year, budget, source_file, source_sheet, source_row
          FROM stg.performance_target WHERE scope = '项目' AND budget IS NOT NULL
          UNION ALL
          SELECT region, department, project_name, fiscal_year, budget, source_file, source_sheet, source_row
          FROM stg.project_self_eval WHERE budget IS NOT NULL)
    GROUP BY ALL
)
SELECT k.fiscal_year, k.region, k.department, k.project_code, k.project_name, k.level1, k.level2, k.level3,
       k.operator, k.target_text, k.target_value, k.unit,
       lt.target_value AS last_target, la.actual_value AS last_actual,
       m3.mean_actual_3y,
       b.budget, lb.budget AS last_budget,
       k.operator IN ('≤', '<') OR k.unit = '月' AS inverse,
       k.source_file, k.source_sheet, k.source_row
FROM keyed k
LEFT JOIN actual la ON la.region = k.region AND la.department = k.department AND la.stem = k.stem
     AND la.level3 = k.level3 AND la.unit_key = k.unit_key AND la.fiscal_year = k.fiscal_year - 1
LEFT JOIN target lt ON lt.region = k.region AND lt.department = k.department AND lt.stem = k.stem
     AND lt.level3 = k.level3 AND lt.unit_key = k.unit_key AND lt.fiscal_year = k.fiscal_year - 1
LEFT JOIN budget b ON b.region = k.region AND b.department = k.department AND b.stem = k.stem
     AND b.fiscal_year = k.fiscal_year
LEFT JOIN budget lb ON lb.region = k.region AND lb.department = k.department AND lb.stem = k.stem
     AND lb.fiscal_year = k.fiscal_year - 1
LEFT JOIN mean_3y m3 ON m3.region = k.region AND m3.department = k.department AND m3.stem = k.stem
     AND m3.level3 = k.level3 AND m3.unit_key = k.unit_key AND m3.fiscal_year = k.fiscal_year
WHERE k.stage = '目标';

-- grain: one row per 行业 × 一级 × 二级 × 三级指标 × unit with numeric targets, from the target forms
-- (placeholder names such as 指标1 / …… left out); typical range = the middle half of the targets (25th–75th percentile), robust to a few typing errors
CREATE OR REPLACE TABLE core.indicator_library AS
WITH sectors AS (  -- a department's 行业 looked up once, not once per indicator
    SELECT department, core.review_sector(department) AS sector
    FROM (SELECT DISTINCT department FROM stg.indicator WHERE stage = '目标')
)
SELECT sector, level1, level2, level3, coalesce(unit, '') AS unit,
       mode(operator) AS operator,
       count(*) AS indicator_count, count(DISTINCT department) AS department_count,
       count(DISTINCT project_name) AS project_count,
       CAST(quantile_cont(CAST(target_value AS DOUBLE), 0.25) AS DOUBLE) AS typical_low,
       CAST(median(CAST(target_value AS DOUBLE)) AS DOUBLE) AS typical_median,
       CAST(quantile_cont(CAST(target_value AS DOUBLE), 0.75) AS DOUBLE) AS typical_high,
       min(fiscal_year) AS first_year, max(fiscal_year) AS last_year
FROM stg.indicator JOIN sectors USING (department)
WHERE stage = '目标' AND target_value IS NOT NULL AND level3 IS NOT NULL
  AND NOT regexp_matches(level3, '^\s*(指标\s*[0-9一二三四五六七八九十]*\s*[：:]?\s*|[…\.。、]+)\s*$')
GROUP BY ALL;

COMMENT ON TABLE core.indicator_history IS '指标历史标准：每张目标表每条三级指标一行，附上年目标、上年实际、前三年平均实际与预算变动';
COMMENT ON TABLE core.indicator_library IS '指标库：每个行业 × 一级 × 二级 × 三级指标 × 单位一行，附目标值常用区间（25%–75% 分位）';
