-- The 事前绩效评估 list may name the 预算单位 as well: kept so a project is identified the same way in every
-- stage (README 口径「一个项目一个身份」: the unit tells apart two projects of one name).
ALTER TABLE stg.exante_assessment ADD COLUMN unit VARCHAR;
