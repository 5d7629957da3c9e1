-- message: 自评总分 {填报} 分，按表内数据复核为 {复核} 分，高出 {差额} 分（容差 {容差} 分）：{逐条原因}
-- grain: one row per self-assessment form whose stated total exceeds the recomputed one by more than
--        regions.toml [review] rescore_tolerance (mart.rescore).
SELECT fiscal_year, region, department, '项目自评' AS stage, project_name, source_file, source_sheet, source_row,
       '自评总分 ' || core.audit_num(stated_score) || ' 分，按表内数据复核为 ' || core.audit_num(rescored)
           || ' 分，高出 ' || core.audit_num(difference) || ' 分（容差 '
           || core.audit_num(core.review_param('rescore_tolerance')) || ' 分）：' || coalesce(reason, '分项得分合计与总分不符')
           AS message
FROM mart.rescore
WHERE difference > core.review_param('rescore_tolerance')
