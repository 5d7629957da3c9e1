-- grain: one row for the year's 事前绩效评估; feeds X22-* and the report.
SELECT count(DISTINCT department)                                  AS department_count,
       count(*)                                                    AS project_count,
       sum(amount)                                                 AS amount,
       avg(score)                                                  AS mean_score,
       count(*) FILTER (WHERE conclusion LIKE '%不%支持%')         AS not_supported,
       count(*) FILTER (WHERE conclusion LIKE '%调整%')            AS supported_after_changes
FROM mart.exante_assessment
WHERE fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region));
