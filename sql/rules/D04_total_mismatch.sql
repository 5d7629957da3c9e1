-- message: 评价得分 {总分} ≠ 决策 {a} + 过程 {b} + 产出 {c} + 效益 {d} = {合计}；或：自评总分 {总分} ≠ 执行率得分 {e} + 指标得分合计 {Σ} = {合计}
-- grain: one row per evaluation whose score ≠ the sum of its four parts, and per self-assessment form whose
--        总分 ≠ 执行率得分 + Σ indicator scores (only where the form gives both).
SELECT fiscal_year, region, department, level AS stage, project_name, source_file, source_sheet, source_row,
       '评价得分 ' || core.audit_num(score) || ' ≠ 决策 ' || core.audit_num(score_decision) || ' + 过程 '
           || core.audit_num(score_process) || ' + 产出 ' || core.audit_num(score_output) || ' + 效益 '
           || core.audit_num(score_effect) || ' = '
           || core.audit_num(score_decision + score_process + score_output + score_effect) AS message
FROM stg.evaluation
WHERE score IS NOT NULL AND score_decision IS NOT NULL AND score_process IS NOT NULL
  AND score_output IS NOT NULL AND score_effect IS NOT NULL
  AND abs(score - (score_decision + score_process + score_output + score_effect)) > $score_tolerance
UNION ALL
SELECT p.fiscal_year, p.region, p.department, '项目自评', p.project_name, p.source_file, p.source_sheet,
       p.source_row,
       '自评总分 ' || core.audit_num(p.self_score) || ' ≠ 执行率得分 ' || core.audit_num(p.execution_score)
           || ' + 指标得分合计 ' || core.audit_num(i.indicator_total) || ' = '
           || core.audit_num(p.execution_score + i.indicator_total)
FROM stg.project_self_eval p
JOIN (SELECT source_file, source_sheet, sum(score) AS indicator_total
      FROM stg.indicator WHERE stage = '自评' AND score IS NOT NULL
      GROUP BY source_file, source_sheet) i USING (source_file, source_sheet)
WHERE p.self_score IS NOT NULL AND p.execution_score IS NOT NULL
  AND abs(p.self_score - (p.execution_score + i.indicator_total)) > $score_tolerance
