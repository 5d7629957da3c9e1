-- message: 三级指标名称“{名称}”为模板占位或空白（一级：{一级}，二级：{二级}），指标值“{指标值}”
-- grain: one row per indicator whose 三级 name is blank, a template stub (指标1, ……, XX) or a 二级 category name.
SELECT fiscal_year, region, department, core.audit_stage(stage) AS stage, project_name,
       source_file, source_sheet, source_row,
       '三级指标名称' || CASE WHEN level3 IS NULL THEN '为空' ELSE '“' || level3 || '”为模板占位' END
           || '（一级：' || coalesce(level1, '空') || '，二级：' || coalesce(level2, '空') || '）'
           || CASE WHEN target_text IS NOT NULL THEN '，指标值“' || target_text || '”' ELSE '' END AS message
FROM stg.indicator
WHERE level3 IS NULL
   OR regexp_full_match(trim(level3), '(三级)?指标\s*[0-9０-９一二三四五六七八九十]*\s*[:：.、]?|指标名称|[xX×＊*]+|[.。…·—\-_/\s]+|待定|无')
   -- a 二级 category name written where the indicator should be (数量指标, 社会效益指标 …)
   OR regexp_full_match(trim(level3), '(数量|质量|时效|进度|成本|经济效益|社会效益|生态效益|环境效益|可持续影响)(指标)?')
