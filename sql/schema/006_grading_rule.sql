-- The grading rule of each region profile: which score decides the grade and which one stands in when it is
-- missing. Copied from warehouse/config/regions.toml at every load; used by core.grading_score (every view).

-- grain: one row per region profile
CREATE TABLE cfg.grading (
    profile   VARCHAR PRIMARY KEY,
    score     VARCHAR NOT NULL CHECK (score IN ('finance', 'self')),   -- finance 财政评分 / self 自评（评价）得分
    fallback  VARCHAR CHECK (fallback IN ('finance', 'self'))          -- 定级得分缺失时改用；NULL 则不定级
);
