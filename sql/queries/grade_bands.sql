-- grain: one row per profile × grade for the regions in scope; feeds the 等级标准 legend.
SELECT DISTINCT r.profile, b.grade, b.lower_bound,
       lag(b.lower_bound) OVER (PARTITION BY r.profile ORDER BY b.lower_bound DESC) AS upper_bound
FROM core.dim_region r
JOIN cfg.grade_band b ON b.profile = r.profile
WHERE len($regions) = 0 OR list_contains($regions, r.region)
ORDER BY r.profile, b.lower_bound DESC;
