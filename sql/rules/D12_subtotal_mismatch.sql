-- message: {合计/小计字样}（第 {r} 行）{预算数/执行数…} {填报数} ≠ 第 {a}–{b} 行 {n} 行之和 {合计}
-- grain: one row per 合计/小计 row × money column of a list whose stated figure differs from the sum of the
--        data rows it covers (stg.subtotal, written by the loader); rows rejected at load are not in the sum.
SELECT fiscal_year, region, department,
       CASE WHEN kind LIKE '%部门整体%自评%' THEN '部门整体自评' WHEN kind LIKE '%自评%' THEN '项目自评'
            WHEN kind LIKE '%监控%' THEN '绩效监控' WHEN kind LIKE '%目标%' THEN '绩效目标'
            WHEN kind LIKE '%事前%' THEN '事前评估' ELSE '评价' END AS stage,
       NULL AS project_name, source_file, source_sheet, source_row,
       label || '（第 ' || source_row || ' 行）'
           || CASE field WHEN 'budget' THEN '预算数' WHEN 'budget_initial' THEN '年初预算数'
                         WHEN 'executed' THEN '执行数' WHEN 'period_executed' THEN '执行数'
                         WHEN 'funds_arrived' THEN '到位资金' ELSE '金额' END
           || ' ' || core.audit_num(stated) || ' ≠ 第 ' || coalesce(CAST(first_row AS VARCHAR), '—') || '–'
           || coalesce(CAST(last_row AS VARCHAR), '—') || ' 行 ' || covered_rows || ' 行之和 '
           || core.audit_num(computed) AS message
FROM stg.subtotal
WHERE abs(stated - computed) > $amount_tolerance
