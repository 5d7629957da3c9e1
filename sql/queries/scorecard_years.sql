-- grain: one row per working year with a scorecard; feeds the 部门考核 page's year choice.
SELECT DISTINCT work_year FROM mart.scorecard WHERE score IS NOT NULL ORDER BY work_year DESC;
