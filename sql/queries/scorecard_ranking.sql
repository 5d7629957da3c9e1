-- grain: one row per department of the working year in the selected regions (mart.scorecard), best first;
-- feeds the 部门考核 page (红榜/黑榜, the full ranking) and the 考核通报.
SELECT work_year, region, rank, department, office, score, components, listable, score_on_time, score_coverage, score_problems,
       score_rectification, score_quantification, score_results, on_time, late, missing, expected, projects,
       high, medium, low, issued, closed, overdue
FROM mart.scorecard
WHERE work_year = $work_year
  AND (len($regions) = 0 OR list_contains($regions, region))
  AND score IS NOT NULL
ORDER BY region, rank, department;
