-- grain: none — the analysts' notes on the core tables (rebuilt with them after every load).
-- core holds the star: dimensions (dim_*) and one fact per stage, each at the grain stated here.
COMMENT ON TABLE core.dim_year IS '年度维：任一环节出现过的财政年度，每年一行';
COMMENT ON TABLE core.dim_region IS '区划维：每个财政区划一行；profile 为其适用的区划配置（等级标准、量化率口径等），未单独配置的为 national';
COMMENT ON TABLE core.dim_department IS '部门维：每个区划下每个主管部门一行（名称已去除编码前缀与空格）';
COMMENT ON TABLE core.dim_fund_type IS '资金性质维：每个主类别（四本预算）一行；直达资金、衔接资金等标签见事实表的 fund_tags';
COMMENT ON TABLE core.fact_project_self_eval IS '项目自评事实：每个项目每年一行（区划、年度、主管部门、项目编码或名称）；多个来源合并，每个数值取最近加载且有值的来源（同次加载按文件、工作表、行），source_count 为来源数';
COMMENT ON TABLE core.fact_dept_self_eval IS '部门整体自评事实：每个部门每年一行';
COMMENT ON TABLE core.fact_evaluation IS '评价事实：每个项目每年每个评价层级（部门评价/财政评价）一行；项目身份与来源取舍同项目自评事实';
COMMENT ON TABLE core.fact_monitoring IS '监控事实：每个项目（或部门整体）每个监控时点（1-N 月，period_end_month）一行';
COMMENT ON TABLE core.fact_performance_target IS '绩效目标事实：每个项目（或部门整体）每年一行；指标数与量化指标数优先取自目标表的三级指标';
COMMENT ON TABLE core.fact_exante_assessment IS '事前绩效评估事实：每个评估项目一行';
COMMENT ON TABLE core.identified_project_self_eval IS '项目自评的每个来源行及其项目身份（project_key，沿用的项目编码）与取数顺序（src），每次重建算一次，供事实表与审核规则 D09 使用';
COMMENT ON TABLE core.identified_evaluation IS '评价的每个来源行及其项目身份（project_key，沿用的项目编码）与取数顺序（src），每次重建算一次，供事实表与审核规则 D09 使用';
COMMENT ON TABLE core.identified_monitoring IS '绩效监控的每个来源行及其项目身份（project_key，沿用的项目编码）与取数顺序（src），每次重建算一次，供事实表与审核规则 D09 使用';
COMMENT ON TABLE core.identified_performance_target IS '绩效目标的每个来源行及其项目身份（project_key，沿用的项目编码）与取数顺序（src），每次重建算一次，供事实表与审核规则 D09 使用';
COMMENT ON TABLE core.identified_exante_assessment IS '事前绩效评估的每个来源行及其项目身份（project_key，沿用的项目编码）与取数顺序（src），每次重建算一次，供事实表与审核规则 D09 使用';
