-- grain: one row for the filtered scope; feeds the 预算执行 and 评分与等级 KPI cards (seed figures P21-1…P21-9;
-- 总览 reads the same figures from overview_self_eval). Money, rates and means are over the assessed projects;
-- counts cover every reported project. Added up from the publish-time sums (mart.self_eval_summary).
SELECT
    CAST(coalesce(sum(reported), 0) AS BIGINT)                       AS reported,
    CAST(coalesce(sum(assessed), 0) AS BIGINT)                       AS assessed,
    CAST(coalesce(sum(reported) - sum(assessed), 0) AS BIGINT)       AS not_assessed,
    sum(budget)                                                      AS budget,
    sum(executed)                                                    AS executed,
    sum(executed) / nullif(sum(budget), 0)                           AS execution_rate,
    app.mean_of_sum(sum(goal_sum), sum(goal_count), 1000000)                   AS goal_completion_rate,
    app.mean_of_sum(sum(self_score_sum), sum(self_score_count), 10000)           AS mean_self_score,
    app.mean_of_sum(sum(finance_score_sum), sum(finance_score_count), 10000)     AS mean_finance_score
FROM app.self_eval_summary_scope($years, $regions, $departments, $funds);
