-- grain: one row per ledger rule (报送逾期、未报送、连续两次监控不合格且未整改、整改逾期、覆盖不足) and one for the
-- 整改台账 as a whole, for a working year ($work_year: fiscal W-1 and W); for the annual report's 问题 section.
SELECT r.rule_code, r.rule_title, count(p.rule_code) AS findings, count(DISTINCT p.department) AS departments,
       NULL::BIGINT AS issued, NULL::BIGINT AS closed, NULL::BIGINT AS overdue
FROM mart.audit_rule r
LEFT JOIN mart.problem p
  ON p.rule_code = r.rule_code AND p.fiscal_year IN ($work_year - 1, $work_year)
 AND (len($regions) = 0 OR list_contains($regions, p.region))
WHERE r.rule_code IN ('S01', 'S02', 'C03', 'C04', 'C05', 'C06')
GROUP BY r.rule_code, r.rule_title
UNION ALL
SELECT '整改台账', '下达整改事项', count(*), count(DISTINCT department),
       count(*), count(*) FILTER (WHERE status = '已销号'), count(*) FILTER (WHERE status = '逾期')
FROM mart.rectification
WHERE status <> '待下达' AND fiscal_year IN ($work_year - 1, $work_year)
  AND (len($regions) = 0 OR list_contains($regions, region))
ORDER BY 1;
