-- message: 填报等级“{填报等级}”与{得分名称} {得分} 不符，按{等级标准}等级标准应为“{应得等级}”
-- grain: one row per source row whose stated grade differs from the band its score falls in.
WITH scored AS (
    SELECT fiscal_year, region, department, '项目自评' AS stage, project_name,
           source_file, source_sheet, source_row, grade_stated, finance_score, self_score AS own_score,
           '自评得分' AS own_label
    FROM stg.project_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, '部门整体自评', NULL, source_file, source_sheet, source_row,
           grade_stated, finance_score, self_score, '自评得分'
    FROM stg.dept_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, level, project_name, source_file, source_sheet, source_row,
           grade_stated, finance_score, score, '评价得分'
    FROM stg.evaluation
),
-- the score that grades follows the region's grading rule (cfg.grading), the same one the views use
graded AS (
    SELECT * EXCLUDE (finance_score, own_score, own_label),
           core.grading_score(core.audit_profile(region), finance_score, own_score) AS score,
           CASE core.grading_basis(core.audit_profile(region), finance_score, own_score)
               WHEN 'finance' THEN '财政评分' ELSE own_label END AS score_label
    FROM scored
),
checked AS (
    SELECT *, core.audit_grade(grade_stated) AS stated, core.audit_profile(region) AS profile,
           core.grade_for(core.audit_profile(region), score) AS expected
    FROM graded
    WHERE grade_stated IS NOT NULL AND score IS NOT NULL
)
SELECT fiscal_year, region, department, stage, project_name, source_file, source_sheet, source_row,
       '填报等级“' || grade_stated || '”与' || score_label || ' ' || core.audit_num(score) || ' 不符，按'
           || CASE WHEN profile = 'national' THEN '全国默认' ELSE profile END || '等级标准应为“' || expected || '”'
           AS message
FROM checked
WHERE stated IS NOT NULL AND expected IS NOT NULL AND stated <> expected
