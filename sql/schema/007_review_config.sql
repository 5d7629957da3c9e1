-- Configuration of the independent review (warehouse/config/regions.toml [review] and each profile's
-- score_weights), copied in at every load by warehouse/schema.refresh_config.

-- grain: one row per light (红/黄/绿/蓝) with the lower bound of actual ÷ expected progress (inclusive)
CREATE TABLE cfg.review_light_band (
    light       VARCHAR PRIMARY KEY,
    lower_ratio DOUBLE NOT NULL
);

-- grain: one row per named review threshold (rescore_tolerance, budget_change_share, …)
CREATE TABLE cfg.review_param (
    name  VARCHAR PRIMARY KEY,
    value DOUBLE NOT NULL
);

-- grain: one row per qualitative band × keyword (an empty keyword is the default band), in priority order
CREATE TABLE cfg.review_qualitative_band (
    priority INTEGER NOT NULL,
    band     VARCHAR NOT NULL,
    keyword  VARCHAR NOT NULL,
    share    DOUBLE NOT NULL
);

-- grain: one row per profile × scoring part (预算执行率 / 产出指标 / 效益指标 / 满意度指标)
CREATE TABLE cfg.score_weight (
    profile VARCHAR NOT NULL,
    part    VARCHAR NOT NULL,
    weight  DECIMAL(9, 4) NOT NULL
);

-- grain: one row per sector × keyword of a department name
CREATE TABLE cfg.review_sector (
    sector  VARCHAR NOT NULL,
    keyword VARCHAR NOT NULL
);
