-- message: 同一{项目/部门}出现在 {n} 个来源中，{预算数/执行数}不一致，以最后加载的来源为准：{文件·工作表·行：数值}；其他来源（按加载由近及远）：{…}
-- grain: one row per project-year (per stage, level, checkpoint) found in several source rows whose budgets or
--        executed amounts differ, identified as the facts identify it (core.identified_*, worked out once per
--        rebuild in sql/transform/018_stage_identity.sql); it points at the source the warehouse uses — the
--        latest load, then file, sheet, row — and lists the others after it.
WITH rows AS (
    SELECT '项目自评' AS stage, fiscal_year, region, department, project_name, 'P|' || project_key AS project_key,
           source_file, source_sheet, source_row, src, budget, executed
    FROM core.identified_project_self_eval
    UNION ALL
    SELECT '部门整体自评', fiscal_year, region, department, NULL, 'D', source_file, source_sheet, source_row,
           {'load_rank': core.load_rank(source_file), 'source_file': source_file, 'source_sheet': source_sheet,
            'source_row': source_row},
           budget, executed
    FROM stg.dept_self_eval
    UNION ALL
    SELECT level, fiscal_year, region, department, project_name, 'E|' || project_key,
           source_file, source_sheet, source_row, src, budget, executed
    FROM core.identified_evaluation
    UNION ALL
    SELECT '绩效监控', fiscal_year, region, department, project_name,
           'M|' || scope || '|' || coalesce(CAST(period_end_month AS VARCHAR), '') || '|'
               || CASE WHEN scope = '部门整体' THEN '' ELSE project_key END,
           source_file, source_sheet, source_row, src, budget, executed
    FROM core.identified_monitoring
    UNION ALL
    SELECT '绩效目标', fiscal_year, region, department, project_name,
           'T|' || scope || '|' || CASE WHEN scope = '部门整体' THEN '' ELSE project_key END,
           source_file, source_sheet, source_row, src, budget, NULL
    FROM core.identified_performance_target
),
-- the few projects whose sources disagree first: only their rows are spelt out in the message
conflicting AS (
    SELECT stage, fiscal_year, region, department, project_key,
           count(DISTINCT budget) > 1 AS budget_differs,
           count(DISTINCT executed) > 1 AS executed_differs
    FROM rows
    GROUP BY stage, fiscal_year, region, department, project_key
    HAVING count(*) > 1 AND (count(DISTINCT budget) > 1 OR count(DISTINCT executed) > 1)
),
listed AS (
    SELECT r.*, c.budget_differs, c.executed_differs,
           r.source_file || '·' || r.source_sheet || '·第' || r.source_row || '行：预算 ' || core.audit_num(r.budget)
               || CASE WHEN r.executed IS NOT NULL THEN '，执行 ' || core.audit_num(r.executed) ELSE '' END AS entry
    FROM rows r
    JOIN conflicting c
      ON c.stage IS NOT DISTINCT FROM r.stage AND c.fiscal_year IS NOT DISTINCT FROM r.fiscal_year
     AND c.region IS NOT DISTINCT FROM r.region AND c.department IS NOT DISTINCT FROM r.department
     AND c.project_key IS NOT DISTINCT FROM r.project_key  -- as GROUP BY matches them, NULL with NULL
),
grouped AS (
    SELECT stage, fiscal_year, region, department, project_key, budget_differs, executed_differs,
           arg_min(project_name, src) AS project_name,
           min(src) AS first_source,
           list(entry ORDER BY src) AS entries,
           count(*) AS n
    FROM listed
    GROUP BY stage, fiscal_year, region, department, project_key, budget_differs, executed_differs
)
SELECT fiscal_year, region, department, stage, project_name,
       first_source.source_file AS source_file, first_source.source_sheet AS source_sheet,
       first_source.source_row AS source_row,
       '同一' || CASE WHEN project_name IS NULL THEN '部门' ELSE '项目' END || '出现在 ' || n || ' 个来源中，'
           || concat_ws('、', CASE WHEN budget_differs THEN '预算数' END,
                        CASE WHEN executed_differs THEN '执行数' END)
           || '不一致，以最后加载的来源为准：' || entries[1] || '；其他来源（按加载由近及远）：'
           || array_to_string(entries[2:], '；') AS message
FROM grouped
