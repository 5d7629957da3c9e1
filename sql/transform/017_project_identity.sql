-- grain: macros only. One project, one identity, and which source wins — the same for every stage fact
-- (README 口径「一个项目一个身份」「后加载者为准」).

-- Every row of a stage table (a table with fiscal_year, region, department, unit, project_code,
-- project_name and source_file/sheet/row), with project_code the row's own or the one it adopts, and
--   project_key: 'C|<code>' when the row has a code, or adopts the one code that the rows of the same region,
--                year, department and name carry (with the same unit where both give one); otherwise
--                'N|<name>', and 'N|<name>|<unit>' when two units use the name, so they stay two projects;
--                '' for a row with neither (a department-level row);
--   src:         the order sources are taken in: latest load first, then file, sheet, row — facts take each
--                value from the first source that has it, so a corrected workbook loaded later wins whatever
--                the paths sort as.
-- Names arrive normalised by the reader (code prefix split off into project_code, no spaces).
CREATE OR REPLACE MACRO core.identified(tbl) AS TABLE
WITH s AS (SELECT * FROM query_table(tbl)),
coded AS (
    SELECT DISTINCT fiscal_year, region, department, project_name, unit, project_code
    FROM s WHERE project_code IS NOT NULL AND project_name IS NOT NULL
),
adopted AS (
    SELECT s.*,
           coalesce(s.project_code, (
               SELECT CASE WHEN count(DISTINCT c.project_code) = 1 THEN min(c.project_code) END
               FROM coded c
               WHERE c.fiscal_year = s.fiscal_year AND c.region = s.region AND c.department = s.department
                 AND c.project_name = s.project_name AND (s.unit IS NULL OR c.unit IS NULL OR c.unit = s.unit)
           )) AS key_code,
           -- a name two units use is told apart by unit; otherwise a row without a unit is the same project
           count(DISTINCT s.unit) OVER (PARTITION BY s.fiscal_year, s.region, s.department, s.project_name) > 1
               AS name_shared
    FROM s
)
SELECT * EXCLUDE (key_code, name_shared) REPLACE (key_code AS project_code),
       coalesce('C|' || key_code,
                'N|' || project_name || CASE WHEN name_shared THEN '|' || coalesce(unit, '') ELSE '' END,
                '') AS project_key,
       {'load_rank': core.load_rank(source_file), 'source_file': source_file, 'source_sheet': source_sheet,
        'source_row': source_row} AS src
FROM adopted;
