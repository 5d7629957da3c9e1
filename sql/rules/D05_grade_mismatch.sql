-- message: 填报等级“{填报等级}”与{得分名称} {得分} 不符，按{等级标准}等级标准应为“{应得等级}”
-- grain: one row per source row whose stated grade differs from the band its score falls in.
WITH graded AS (
    -- project self-assessment grades follow the 财政评分 (domain §2); the self score only when there is none
    SELECT fiscal_year, region, department, '项目自评' AS stage, project_name,
           source_file, source_sheet, source_row, grade_stated,
           coalesce(finance_score, self_score) AS score,
           CASE WHEN finance_score IS NOT NULL THEN '财政评分' ELSE '自评得分' END AS score_label
    FROM stg.project_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, '部门整体自评', NULL, source_file, source_sheet, source_row,
           grade_stated, coalesce(finance_score, self_score),
           CASE WHEN finance_score IS NOT NULL THEN '财政评分' ELSE '自评得分' END
    FROM stg.dept_self_eval
    UNION ALL
    SELECT fiscal_year, region, department, level, project_name, source_file, source_sheet, source_row,
           grade_stated, coalesce(finance_score, score),
           CASE WHEN finance_score IS NOT NULL THEN '财政评分' ELSE '评价得分' END
    FROM stg.evaluation
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
