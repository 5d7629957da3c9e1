-- grain: one row per value field of every stage fact (project-year, department-year, per level, checkpoint or
-- scope), as text, with the fact's winning source file. A long, fixed shape so the values before a load
-- (sql/history/010_snapshot.sql) and after it (020_record.sql) compare field by field whatever a release
-- adds to the facts: the replaced ones go to mart.value_history. stage names the kind (and checkpoint).
CREATE OR REPLACE VIEW core.fact_value AS
WITH v AS (
    SELECT '项目自评' AS stage, f.fiscal_year, r.region, d.department, f.project_key, f.project_name,
           f.first_source.source_file AS source_file,
           [{'f': 'budget', 'v': CAST(f.budget AS VARCHAR)},
            {'f': 'executed', 'v': CAST(f.executed AS VARCHAR)},
            {'f': 'self_score', 'v': CAST(f.self_score AS VARCHAR)},
            {'f': 'finance_score', 'v': CAST(f.finance_score AS VARCHAR)},
            {'f': 'grade', 'v': coalesce(f.grade_stated, core.grade_by_rule(r.profile, f.finance_score, f.self_score))}]
               AS vals
    FROM core.fact_project_self_eval f
    JOIN core.dim_region r USING (region_id)
    JOIN core.dim_department d USING (department_id)
    UNION ALL
    SELECT '部门整体自评', f.fiscal_year, f.region, f.department, '', NULL, f.first_source.source_file,
           [{'f': 'budget', 'v': CAST(f.budget AS VARCHAR)},
            {'f': 'executed', 'v': CAST(f.executed AS VARCHAR)},
            {'f': 'self_score', 'v': CAST(f.self_score AS VARCHAR)},
            {'f': 'finance_score', 'v': CAST(f.finance_score AS VARCHAR)},
            {'f': 'grade', 'v': coalesce(f.grade_stated, core.grade_by_rule(r.profile, f.finance_score, f.self_score))}]
    FROM core.fact_dept_self_eval f JOIN core.dim_region r USING (region)
    UNION ALL
    SELECT f.level, f.fiscal_year, f.region, f.department, f.project_key, f.project_name, f.first_source.source_file,
           [{'f': 'budget', 'v': CAST(f.budget AS VARCHAR)},
            {'f': 'executed', 'v': CAST(f.executed AS VARCHAR)},
            {'f': 'goal_completion_rate', 'v': CAST(f.goal_completion_rate AS VARCHAR)},
            {'f': 'score', 'v': CAST(f.score AS VARCHAR)},
            {'f': 'finance_score', 'v': CAST(f.finance_score AS VARCHAR)},
            {'f': 'grade', 'v': coalesce(f.grade_stated, core.grade_by_rule(r.profile, f.finance_score, f.score))}]
    FROM core.fact_evaluation f JOIN core.dim_region r USING (region)
    UNION ALL
    SELECT CASE f.scope WHEN '部门整体' THEN '部门整体绩效监控' ELSE '绩效监控' END
               || coalesce('（1-' || f.period_end_month || '月）', ''),
           f.fiscal_year, f.region, f.department, f.project_key, f.project_name, f.first_source.source_file,
           [{'f': 'budget', 'v': CAST(f.budget AS VARCHAR)},
            {'f': 'funds_arrived', 'v': CAST(f.funds_arrived AS VARCHAR)},
            {'f': 'executed', 'v': CAST(f.executed AS VARCHAR)},
            {'f': 'expected_annual_executed', 'v': CAST(f.expected_annual_executed AS VARCHAR)},
            {'f': 'completion_likelihood', 'v': f.completion_likelihood}]
    FROM core.fact_monitoring f
    UNION ALL
    SELECT CASE f.scope WHEN '部门整体' THEN '部门整体绩效目标' ELSE '绩效目标' END,
           f.fiscal_year, f.region, f.department, f.project_key, f.project_name, f.first_source.source_file,
           [{'f': 'budget', 'v': CAST(f.budget AS VARCHAR)},
            {'f': 'indicator_count', 'v': CAST(f.indicator_count AS VARCHAR)},
            {'f': 'quantified_count', 'v': CAST(f.quantified_count AS VARCHAR)},
            {'f': 'review_result', 'v': f.review_result}]
    FROM core.fact_performance_target f
    UNION ALL
    SELECT '事前绩效评估', f.fiscal_year, f.region, f.department, f.project_key, f.project_name,
           f.first_source.source_file,
           [{'f': 'amount', 'v': CAST(f.amount AS VARCHAR)},
            {'f': 'score', 'v': CAST(f.score AS VARCHAR)},
            {'f': 'conclusion', 'v': f.conclusion}]
    FROM core.fact_exante_assessment f
)
SELECT stage, fiscal_year, region, department, project_key, project_name, source_file, x.f AS field, x.v AS value
FROM (SELECT * EXCLUDE (vals), unnest(vals) AS x FROM v);

COMMENT ON VIEW core.fact_value IS '各环节事实表的数值（长表，每个数值一行，文本）：加载前后逐项比较，被替换的原值记入 mart.value_history';
