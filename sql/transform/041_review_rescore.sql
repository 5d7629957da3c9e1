-- Independent review, part 2: every 单位自评 form re-scored from its own figures beside the stated score.
-- Rules (财预〔2020〕10号, forms.md §1.2 and domain.md §5): 执行率得分 = 分值 × min(执行数 ÷ 预算数, 1), 分值 from
-- cfg.score_weight (预算执行率); a quantitative indicator = 分值 × min(完成值 ÷ 指标值, 1), inverted for ≤/＜
-- (反向) and met dates counting full; a qualitative one = 分值 × the upper bound of its band
-- (cfg.review_qualitative_band, matched by keywords in the 实际完成值).

-- the profile whose score weights apply to a region (national where the region has none)
CREATE OR REPLACE MACRO core.review_profile(region_name) AS (
    coalesce((SELECT review_rp.profile FROM cfg.region_profile review_rp WHERE review_rp.region = region_name), 'national')
);

-- grain: one row per weighted 三级指标 of a self-assessment form; feeds core.rescore and mart.rescore_indicator
CREATE OR REPLACE TABLE core.rescore_indicator AS
WITH item AS (
    SELECT *, CAST(target_value AS DOUBLE) AS t, CAST(actual_value AS DOUBLE) AS a, CAST(weight AS DOUBLE) AS w,
           operator IN ('≤', '<') OR unit = '月' AS inverse
    FROM stg.indicator
    WHERE stage = '自评' AND weight > 0
),
band AS (
    SELECT i.source_file, i.source_sheet, i.source_row,
           arg_min(b.band, b.priority) AS band, arg_min(b.share, b.priority) AS share
    FROM item i
    JOIN cfg.review_qualitative_band b ON b.keyword = '' OR contains(coalesce(i.actual_text, ''), b.keyword)
    WHERE NOT (i.t IS NOT NULL AND i.a IS NOT NULL) AND i.actual_text IS NOT NULL
    GROUP BY ALL
),
scored AS (
    SELECT i.*, b.band,
           CASE
               WHEN i.t IS NOT NULL AND i.a IS NOT NULL THEN
                   CASE
                       WHEN i.inverse THEN CASE WHEN i.a <= i.t OR i.a <= 0 THEN 1.0 ELSE i.t / i.a END
                       WHEN i.t <= 0 THEN 1.0
                       ELSE least(i.a / i.t, 1.0)
                   END
               WHEN i.actual_text IS NULL THEN 0.0
               ELSE b.share
           END AS share
    FROM item i
    LEFT JOIN band b USING (source_file, source_sheet, source_row)
)
SELECT fiscal_year, region, department, project_code, project_name, level1, level2, level3, operator,
       target_text, target_value, unit, actual_text, actual_value, weight, score AS stated_score,
       CAST(round(w * share, 2) AS DECIMAL(9, 2)) AS rescored,
       CAST(score - CAST(round(w * share, 2) AS DECIMAL(9, 2)) AS DECIMAL(9, 2)) AS difference,
       CASE
           WHEN abs(coalesce(score, 0) - round(w * share, 2)) < 0.005 THEN NULL
           WHEN t IS NOT NULL AND a IS NOT NULL AND inverse THEN
               '完成值 ' || core.review_fmt(a) || ' 对指标值 ' || coalesce(target_text, core.review_fmt(t))
               || '（反向指标），应得 ' || core.review_fmt(round(w * share, 2)) || ' 分'
           WHEN t IS NOT NULL AND a IS NOT NULL THEN
               '完成值 ' || core.review_fmt(a) || ' 为指标值 ' || core.review_fmt(t) || ' 的 '
               || core.review_fmt(round(a / nullif(t, 0) * 100, 1)) || '%，应得 '
               || core.review_fmt(round(w * share, 2)) || ' 分'
           WHEN actual_text IS NULL THEN '未填写实际完成值，不得分'
           ELSE '完成情况“' || actual_text || '”属“' || band || '”档，最高 ' || core.review_fmt(round(w * share, 2)) || ' 分'
       END AS reason,
       source_file, source_sheet, source_row
FROM scored;

-- grain: one row per self-assessment form (a project row of stg.project_self_eval with weighted indicators
-- on the same sheet); stated and recomputed totals side by side
CREATE OR REPLACE TABLE core.rescore AS
WITH form AS (
    SELECT source_file, source_sheet,
           sum(stated_score) AS stated_indicators, sum(rescored) AS rescored_indicators,
           sum(weight) AS indicator_weight,
           string_agg(level3 || '：' || reason, '；' ORDER BY source_row) FILTER (WHERE difference > 0) AS reasons
    FROM core.rescore_indicator
    GROUP BY source_file, source_sheet
),
project AS (
    SELECT p.*, f.stated_indicators, f.rescored_indicators, f.indicator_weight, f.reasons,
           (SELECT w.weight FROM cfg.score_weight w
            WHERE w.profile = core.review_profile(p.region) AND w.part = '预算执行率') AS execution_weight,
           CASE WHEN p.budget > 0 THEN CAST(p.executed / p.budget AS DOUBLE) END AS rate
    FROM stg.project_self_eval p
    JOIN form f USING (source_file, source_sheet)
),
scored AS (
    SELECT *, CAST(round(execution_weight * least(rate, 1.0), 2) AS DECIMAL(9, 2)) AS execution_rescored
    FROM project
)
SELECT fiscal_year, region, department, project_code, project_name,
       self_score AS stated_score,
       CAST(coalesce(execution_rescored, 0) + rescored_indicators AS DECIMAL(9, 2)) AS rescored,
       CAST(self_score - (coalesce(execution_rescored, 0) + rescored_indicators) AS DECIMAL(9, 2)) AS difference,
       execution_rescored AS execution_score, execution_score AS stated_execution_score,
       CAST(rate AS DECIMAL(12, 6)) AS execution_rate, execution_weight, indicator_weight,
       CAST(stated_indicators / nullif(indicator_weight, 0) AS DECIMAL(12, 6)) AS claimed_achievement,
       concat_ws('；',
           CASE WHEN execution_score - execution_rescored >= 0.005 THEN
               '执行率 ' || core.review_fmt(round(rate * 100, 2)) || '%，执行率得分应为 '
               || core.review_fmt(execution_rescored) || ' 分（填报 ' || core.review_fmt(execution_score) || ' 分）'
           END,
           reasons) AS reason,
       source_file, source_sheet, source_row
FROM scored;

COMMENT ON TABLE core.rescore_indicator IS '自评复核明细：每张自评表每条有分值的三级指标一行，按完成值与指标值重新计分';
COMMENT ON TABLE core.rescore IS '自评复核：每张项目支出绩效自评表一行，填报总分与复核得分并列';
