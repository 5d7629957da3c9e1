-- grain: one row per region profile in use; feeds E21-10 (部门评价覆盖面下限) and the report's wording.
SELECT r.region, p.profile, p.quantification_rule, p.evaluation_coverage_min
FROM core.dim_region r JOIN cfg.profile p USING (profile)
WHERE len($regions) = 0 OR list_contains($regions, r.region)
ORDER BY r.region;
