-- grain: one row per project-year of any stage (keyed by code, else name), worked out at publish time so the
-- 项目详情 picker does not de-duplicate every stage row of every county on each page view. `fund_type` is
-- left empty and `fund_tags` holds every fund type and tag the project has in any stage: a project matches a
-- fund filter when any of its stage rows does, as when the picker read the stage views directly.
CREATE OR REPLACE TABLE core.project_choice AS
SELECT fiscal_year, region, department, coalesce(project_code, project_name) AS project_key,
       project_code, project_name, CAST(NULL AS VARCHAR) AS fund_type,
       list_sort(list_distinct(flatten(list(list_append(coalesce(fund_tags, []), fund_type))))) AS fund_tags
FROM (SELECT fiscal_year, region, department, project_code, project_name, fund_type, fund_tags
      FROM mart.project_self_eval
      UNION ALL
      SELECT fiscal_year, region, department, project_code, project_name, fund_type, fund_tags
      FROM mart.performance_target WHERE scope = '项目'
      UNION ALL
      SELECT fiscal_year, region, department, project_code, project_name, fund_type, fund_tags
      FROM mart.evaluation)
WHERE project_name IS NOT NULL
GROUP BY fiscal_year, region, department, project_key, project_code, project_name;

CREATE OR REPLACE VIEW mart.project_choice AS SELECT * FROM core.project_choice;

COMMENT ON TABLE core.project_choice IS '项目选择：任一环节出现的每个项目每年一行（按编码，无编码按名称），资金标签含各环节的资金性质与标签';
COMMENT ON VIEW mart.project_choice IS '项目选择：任一环节出现的每个项目每年一行（按编码，无编码按名称），资金标签含各环节的资金性质与标签';
