-- grain: macros only. The grading rule of a region profile (cfg.grading), stated once for every view and rule:
-- the grade comes from the configured score, or from the fallback score when that one is missing.

-- the score that grades a row: `finance` 财政评分, `own` the row's own score (自评得分 or 评价得分)
CREATE OR REPLACE MACRO core.grading_score(profile_name, finance, own) AS (
    SELECT CASE g.score
               WHEN 'finance' THEN coalesce(finance, CASE WHEN g.fallback = 'self' THEN own END)
               ELSE coalesce(own, CASE WHEN g.fallback = 'finance' THEN finance END)
           END
    FROM cfg.grading g WHERE g.profile = profile_name
);

-- which of the two graded it: 'finance', 'self', or NULL when neither may
CREATE OR REPLACE MACRO core.grading_basis(profile_name, finance, own) AS (
    SELECT CASE
               WHEN g.score = 'finance' AND finance IS NOT NULL THEN 'finance'
               WHEN g.score = 'self' AND own IS NOT NULL THEN 'self'
               WHEN g.fallback = 'self' AND own IS NOT NULL THEN 'self'
               WHEN g.fallback = 'finance' AND finance IS NOT NULL THEN 'finance'
           END
    FROM cfg.grading g WHERE g.profile = profile_name
);

-- the grade by the region's bands and rule; a grade stated on the sheet is kept by the views before this
CREATE OR REPLACE MACRO core.grade_by_rule(profile_name, finance, own) AS
    core.grade_for(profile_name, core.grading_score(profile_name, finance, own));
