-- grain: one row per re-scored self-assessment form (mart.rescore) and the 单位自评 row of its project, if any
-- (matched by code, else by name when the form has no code): the project's 财政评分 and fund beside the
-- re-score. Stored at publish (warehouse/config/publish.toml) so the 复核明细 list does not join every project
-- of every county on each rerun; feeds review_rescore_projects. The project's fund is named project_fund_*:
-- a row scope keeps a re-score by its department, as it keeps mart.rescore (warehouse/scoped.py).
CREATE OR REPLACE VIEW mart.rescore_project AS
SELECT r.fiscal_year, r.region, r.department, r.project_code, r.project_name, r.stated_score, r.rescored,
       r.difference, p.finance_score, r.execution_rate, r.execution_score, r.stated_execution_score, r.reason,
       p.fund_type AS project_fund_type,
       p.fund_tags AS project_fund_tags, r.source_file, r.source_sheet, r.source_row
FROM mart.rescore r
LEFT JOIN mart.project_self_eval p
  ON p.fiscal_year = r.fiscal_year AND p.region = r.region AND p.department = r.department
 AND (p.project_code = r.project_code OR (r.project_code IS NULL AND p.project_name = r.project_name));

COMMENT ON VIEW mart.rescore_project IS '单位自评复核（附项目）：每张复核的自评表与其项目的单位自评行并列：财政评分、资金性质与标签';
COMMENT ON COLUMN mart.rescore_project.finance_score IS '项目的财政评分（单位自评表中，没有对应项目时为空）';
COMMENT ON COLUMN mart.rescore_project.project_fund_type IS '项目的资金性质（没有对应项目时为空）';
