-- Helpers shared by the audit rules (sql/rules/<CODE>_<name>.sql); run by warehouse/audit.py before them.
-- grain: macros only; they shape messages so every rule writes numbers, rates and grades the same way.

-- 数字写法：去掉多余的小数零（289479.900000 → 289479.9），空值写作“空”
CREATE OR REPLACE MACRO core.audit_num(x) AS (
    CASE
        WHEN x IS NULL THEN '空'
        WHEN contains(CAST(CAST(round(x, 4) AS DECIMAL(18, 4)) AS VARCHAR), '.')
            THEN rtrim(rtrim(CAST(CAST(round(x, 4) AS DECIMAL(18, 4)) AS VARCHAR), '0'), '.')
        ELSE CAST(CAST(round(x, 4) AS DECIMAL(18, 4)) AS VARCHAR)
    END
);

-- 比率（小数）写成百分数：0.98051 → 98.05%
CREATE OR REPLACE MACRO core.audit_pct(r) AS (
    CASE WHEN r IS NULL THEN '空' ELSE core.audit_num(round(r * 100, 2)) || '%' END
);

-- mart.indicator 的环节（目标/监控/自评）→ 问题清单的环节名称
CREATE OR REPLACE MACRO core.audit_stage(indicator_stage) AS (
    CASE indicator_stage WHEN '目标' THEN '绩效目标' WHEN '监控' THEN '绩效监控' WHEN '自评' THEN '项目自评'
         ELSE indicator_stage END
);

-- 表内填写的等级统一为 优/良/中/差（“优秀”“良好”“合格”“不合格”等写法）；认不出的返回空，不参与比对
CREATE OR REPLACE MACRO core.audit_grade(grade_text) AS (
    CASE
        WHEN grade_text IS NULL THEN NULL
        WHEN contains(grade_text, '不合格') OR contains(grade_text, '差') THEN '差'
        WHEN contains(grade_text, '优') THEN '优'
        WHEN contains(grade_text, '良') THEN '良'
        WHEN contains(grade_text, '中') OR contains(grade_text, '合格') THEN '中'
    END
);

-- 区划使用的等级标准（cfg.region_profile；未配置的区划用 national）
CREATE OR REPLACE MACRO core.audit_profile(region_name) AS (
    coalesce((SELECT p.profile FROM cfg.region_profile p WHERE p.region = region_name), 'national')
);

-- 指标值/完成值中的百分数：'已完成41.67%' → 0.4167
CREATE OR REPLACE MACRO core.audit_percent_in(text_value) AS (
    CAST(nullif(regexp_extract(replace(text_value, '％', '%'), '([0-9]+(\.[0-9]+)?)\s*%', 1), '') AS DOUBLE) / 100
);
