-- grain: one row per department with re-scored self-assessment forms in the filtered scope: mean stated
-- score, mean recomputed score (复核), mean finance score (财政评分) and the two gaps; feeds 评分与等级.
WITH r AS (
    SELECT r.*, p.finance_score, p.fund_type, p.fund_tags
    FROM mart.rescore r
    LEFT JOIN mart.project_self_eval p
      ON p.fiscal_year = r.fiscal_year AND p.region = r.region AND p.department = r.department
     AND (p.project_code = r.project_code OR (r.project_code IS NULL AND p.project_name = r.project_name))
    WHERE app.in_scope(r.fiscal_year, r.region, r.department, $years, $regions, $departments)
      AND app.fund_match(p.fund_type, p.fund_tags, $funds)
)
SELECT department,
       count(*)                                                    AS forms,
       count(*) FILTER (WHERE difference > (SELECT value FROM cfg.review_param WHERE name = 'rescore_tolerance'))
                                                                   AS inflated,
       avg(stated_score)                                           AS mean_stated,
       avg(rescored)                                               AS mean_rescored,
       avg(finance_score)                                          AS mean_finance,
       avg(stated_score) - avg(rescored)                           AS gap_review,
       avg(stated_score) - avg(finance_score)                      AS gap_finance
FROM r
GROUP BY department
ORDER BY gap_review DESC, department;
