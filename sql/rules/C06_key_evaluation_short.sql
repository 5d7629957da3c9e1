-- message: 财政重点评价 {n} 个项目、{万元} 万元：少于 {下限} 个 / 资金少于上年的 {万元} 万元
-- grain: one row per region-year with 财政评价 results loaded whose key evaluations are fewer than the
--        calendar's key_evaluation_min_count or smaller in money than the year before.
WITH yearly AS (
    SELECT fiscal_year, region, count(*) AS projects, sum(budget) AS amount
    FROM mart.evaluation WHERE level = '财政评价' GROUP BY ALL
)
SELECT y.fiscal_year, y.region, '财政局' AS department, '财政评价' AS stage, NULL AS project_name,
       NULL AS source_file, NULL AS source_sheet, NULL AS source_row,
       '财政重点评价 ' || y.projects || ' 个项目、' || core.audit_num(y.amount) || ' 万元：'
       || concat_ws('；',
              CASE WHEN y.projects < s.key_evaluation_min_count
                   THEN '少于 ' || s.key_evaluation_min_count || ' 个' END,
              CASE WHEN y.amount < p.amount THEN '资金少于上年的 ' || core.audit_num(p.amount) || ' 万元' END)
           AS message
FROM yearly y
JOIN core.region_ledger_setting s USING (region)
LEFT JOIN yearly p ON p.region = y.region AND p.fiscal_year = y.fiscal_year - 1
WHERE y.projects < s.key_evaluation_min_count OR y.amount < p.amount
