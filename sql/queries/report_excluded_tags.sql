-- grain: one row per fund tag carried by the year's reported-but-not-assessed projects (e.g. 中央转移支付),
-- with how many of them carry it; feeds the report's wording of the projects left out of 单位自评.
SELECT tag, count(*) AS project_count
FROM (
    SELECT unnest(fund_tags) AS tag
    FROM mart.project_self_eval
    WHERE NOT assessed AND fiscal_year = $year AND (len($regions) = 0 OR list_contains($regions, region))
)
GROUP BY tag
ORDER BY project_count DESC, tag;
