-- message: 1-{月}月与 1-{月}月两次监控审核不合格，前一次（{问题编号}）未整改销号：评价结果不得评为优秀、合格
-- grain: one row per project whose two consecutive monitoring reviews of a year both failed
--        (core.monitoring_review) while the earlier failure's 整改台账 item is not 已销号 — the seed's bar for
--        grading such a project 优秀/合格.
WITH checkpoints AS (   -- every checkpoint month loaded per region-year, to know which two are consecutive
    SELECT DISTINCT fiscal_year, region, period_end_month FROM mart.monitoring
    WHERE scope = '项目' AND period_end_month IS NOT NULL
),
ordered AS (
    SELECT *, lag(period_end_month) OVER (PARTITION BY fiscal_year, region ORDER BY period_end_month) AS previous
    FROM checkpoints
),
pairs AS (
    SELECT later.*, earlier.stage AS earlier_stage, earlier.period_end_month AS earlier_month,
           core.item_key('E02', earlier.region, earlier.fiscal_year, earlier.stage, earlier.department,
                         earlier.project_name) AS earlier_key
    FROM core.monitoring_review later
    JOIN ordered o USING (fiscal_year, region, period_end_month)
    JOIN core.monitoring_review earlier
      ON earlier.fiscal_year = later.fiscal_year AND earlier.region = later.region
     AND earlier.department = later.department AND earlier.project_name = later.project_name
     AND earlier.period_end_month = o.previous
)
SELECT p.fiscal_year, p.region, p.department, '绩效监控' AS stage, p.project_name,
       p.source_file, p.source_sheet, p.source_row,
       '1-' || p.earlier_month || '月与 1-' || p.period_end_month || '月两次监控审核不合格，前一次（'
       || p.earlier_key || '）' || CASE WHEN i.status IS NULL THEN '未下达整改' ELSE '整改状态“' || i.status || '”' END
       || '：评价结果不得评为优秀、合格' AS message
FROM pairs p
LEFT JOIN ledger.item i ON i.item_key = p.earlier_key
WHERE coalesce(i.status, '') <> '已销号'
