-- Independent review, part 1: the 红/黄/绿/蓝 light of every monitored indicator at its checkpoint.
-- grain: one row per 三级指标 of a monitoring form (stg.indicator, stage 监控); feeds mart.indicator_light,
-- mart.project_light, the L rules and the 预算执行 / 项目详情 pages.
-- Progress = what the form reports ÷ the annual target; expected = 年度指标值 × 月份/12 for cumulative
-- indicators (counts, effects), the target itself for levels (rates, quality, cost); bands in cfg.review_light_band
-- (regions.toml [review.light_bands], default after the deployed 山西 system, forms.md §4.3).

-- the first number written in a cell ('210人次' → 210, '已完成41.67%' → 41.67, '1,200' → 1200)
CREATE OR REPLACE MACRO core.review_number(t) AS (
    TRY_CAST(nullif(regexp_extract(replace(replace(coalesce(t, ''), ',', ''), '，', ''), '([0-9]+(\.[0-9]+)?)', 1), '')
             AS DOUBLE)
);

-- the cell states a percentage ('40%', '40.00％')
CREATE OR REPLACE MACRO core.review_is_percent(t) AS (
    regexp_matches(replace(coalesce(t, ''), '％', '%'), '[0-9]\s*%')
);

-- a review threshold from regions.toml [review] (cfg.review_param)
CREATE OR REPLACE MACRO core.review_param(param_name) AS (
    (SELECT review_p.value FROM cfg.review_param review_p WHERE review_p.name = param_name)
);

-- a number without trailing zeros (98.50 → 98.5)
CREATE OR REPLACE MACRO core.review_fmt(x) AS (
    CASE WHEN x IS NULL THEN '空'
         ELSE regexp_replace(regexp_replace(CAST(CAST(round(x, 4) AS DECIMAL(18, 4)) AS VARCHAR), '(\.[0-9]*?)0+$', '\1'),
                             '\.$', '') END
);

-- the light whose lower bound is the highest not above the ratio
CREATE OR REPLACE MACRO core.review_light(ratio) AS (
    (SELECT arg_max(light, lower_ratio) FROM cfg.review_light_band WHERE lower_ratio <= ratio)
);

-- 红 worst, then 黄, 蓝 (target set too low), 绿
CREATE OR REPLACE MACRO core.review_light_rank(light) AS (
    CASE light WHEN '红' THEN 4 WHEN '黄' THEN 3 WHEN '蓝' THEN 2 WHEN '绿' THEN 1 END
);

CREATE OR REPLACE TABLE core.indicator_light AS
WITH form AS (
    SELECT source_file, source_sheet, min(period_end_month) AS period_end_month,
           arg_min(CASE WHEN budget > 0 THEN CAST(executed / budget AS DOUBLE) END, source_row) AS execution_rate,
           -- a form-level 偏差原因分析 (黄石 layout) explains all of its indicators
           arg_min(deviation_reason, source_row) FILTER (WHERE nullif(trim(deviation_reason), '') IS NOT NULL)
               AS form_deviation_reason
    FROM stg.monitoring
    GROUP BY source_file, source_sheet
),
base AS (
    SELECT i.*, coalesce(i.period_end_month, f.period_end_month) AS checkpoint, f.execution_rate,
           f.form_deviation_reason,
           core.review_number(i.actual_text) AS actual_number,
           CAST(i.target_value AS DOUBLE) AS target_number
    FROM stg.indicator i
    LEFT JOIN form f USING (source_file, source_sheet)
    WHERE i.stage = '监控'
),
kind AS (
    SELECT *,
           CASE
               WHEN unit = '月' OR contains(coalesce(target_text, ''), '月底前') THEN '完成时间'
               WHEN target_number IS NOT NULL AND actual_number IS NOT NULL AND operator IN ('≤', '<') THEN '指标值范围'
               WHEN target_number IS NOT NULL AND actual_number IS NOT NULL
                    AND (unit = '%' OR level2 IN ('质量指标', '成本指标')) THEN '指标值'
               WHEN target_number IS NOT NULL AND actual_number IS NOT NULL THEN '序时进度'
               ELSE '完成可能性'
           END AS basis,
           -- a percentage written against a count target is the share of the annual target reached
           core.review_is_percent(actual_text) AND coalesce(unit, '') <> '%' AS actual_is_share
    FROM base
),
progress AS (
    SELECT *,
           CASE
               WHEN basis NOT IN ('序时进度', '指标值') THEN NULL
               WHEN actual_is_share THEN actual_number / 100
               WHEN target_number > 0 THEN actual_number / target_number
           END AS progress,
           CASE WHEN basis = '序时进度' THEN checkpoint / 12.0 WHEN basis = '指标值' THEN 1.0 END AS expected_share
    FROM kind
),
lit AS (
    SELECT *,
           CASE WHEN expected_share > 0 THEN progress / expected_share END AS ratio,
           CASE basis
               WHEN '完成时间' THEN
                   CASE WHEN contains(coalesce(actual_text, ''), '已完成') OR contains(coalesce(actual_text, ''), '月底前')
                             THEN '绿'
                        WHEN checkpoint > target_number THEN '红'
                        ELSE '绿' END
               WHEN '指标值范围' THEN CASE WHEN actual_number <= target_number THEN '绿' ELSE '红' END
               WHEN '完成可能性' THEN
                   CASE completion_likelihood WHEN '确定能' THEN '绿' WHEN '有可能' THEN '黄' WHEN '完全不可能' THEN '红' END
           END AS fixed_light
    FROM progress
)
SELECT fiscal_year, region, department, project_code, project_name, checkpoint AS period_end_month,
       level1, level2, level3, operator, target_text, target_value, unit, actual_text,
       basis, CAST(progress AS DOUBLE) AS progress, CAST(expected_share AS DOUBLE) AS expected_share,
       CAST(ratio AS DOUBLE) AS ratio,
       coalesce(fixed_light, CASE WHEN ratio IS NOT NULL THEN core.review_light(ratio) END) AS light,
       completion_likelihood, coalesce(nullif(trim(deviation_reason), ''), form_deviation_reason) AS deviation_reason,
       execution_rate, source_file, source_sheet, source_row
FROM lit;

-- grain: one row per monitoring form (project × checkpoint): the worst light and the share of each light
CREATE OR REPLACE TABLE core.project_light AS
SELECT fiscal_year, region, department, arg_min(project_code, source_row) AS project_code,
       arg_min(project_name, source_row) AS project_name, period_end_month,
       count(*) AS indicator_count, count(light) AS lit_count,
       count(*) FILTER (WHERE light = '红') AS red_count,
       count(*) FILTER (WHERE light = '黄') AS yellow_count,
       count(*) FILTER (WHERE light = '绿') AS green_count,
       count(*) FILTER (WHERE light = '蓝') AS blue_count,
       CASE max(core.review_light_rank(light)) WHEN 4 THEN '红' WHEN 3 THEN '黄' WHEN 2 THEN '蓝' WHEN 1 THEN '绿' END
           AS worst_light,
       source_file, source_sheet, min(source_row) AS source_row
FROM core.indicator_light
GROUP BY fiscal_year, region, department, period_end_month, source_file, source_sheet;

COMMENT ON TABLE core.indicator_light IS '监控指标亮灯：每张监控表每条三级指标一行，实际进度 ÷ 应达进度按区划配置的区间亮红黄绿蓝灯';
COMMENT ON TABLE core.project_light IS '监控项目亮灯：每张监控表（项目 × 监控时点）一行，最差灯色与各色指标数';
