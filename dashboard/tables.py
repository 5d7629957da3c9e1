"""How a table is shown and exported: one column spec per table, used by the page and the downloads
alike, so the file holds exactly what the screen shows."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import streamlit as st


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    kind: str = "text"  # text | money | rate | score | count | int | bool | grade | datetime


PROJECT_SELF_EVAL = [
    Column("fiscal_year", "年度", "int"),
    Column("department", "主管部门"),
    Column("project_code", "项目编码"),
    Column("project_name", "项目名称"),
    Column("fund_type", "资金性质"),
    Column("fund_tags", "资金标签"),
    Column("assessed", "开展自评", "bool"),
    Column("budget", "全年预算数（万元）", "money"),
    Column("executed", "全年执行数（万元）", "money"),
    Column("execution_rate", "执行率", "rate"),
    Column("self_score", "自评得分", "score"),
    Column("finance_score", "财政评分", "score"),
    Column("grade", "等级", "grade"),
    Column("source_file", "来源文件"),
    Column("source_row", "来源行", "int"),
]

DETAIL = [
    Column("fiscal_year", "年度", "int"),
    Column("department", "主管部门"),
    Column("unit", "预算单位"),
    Column("project_code", "项目编码"),
    Column("project_name", "项目名称"),
    Column("fund_type", "资金性质"),
    Column("fund_tags", "资金标签"),
    Column("assessed", "开展自评", "bool"),
    Column("budget_initial", "年初预算数（万元）", "money"),
    Column("budget", "全年预算数（万元）", "money"),
    Column("executed", "全年执行数（万元）", "money"),
    Column("execution_rate", "执行率", "rate"),
    Column("goal_completion_rate", "绩效目标完成率", "rate"),
    Column("self_score", "自评得分", "score"),
    Column("finance_score", "财政评分", "score"),
    Column("grade", "等级", "grade"),
    Column("source_file", "来源文件"),
    Column("source_sheet", "来源工作表"),
    Column("source_row", "来源行", "int"),
]

LOW_EXECUTION = [
    Column("department", "主管部门"),
    Column("project_code", "项目编码"),
    Column("project_name", "项目名称"),
    Column("fund_type", "资金性质"),
    Column("budget", "全年预算数（万元）", "money"),
    Column("executed", "全年执行数（万元）", "money"),
    Column("execution_rate", "执行率", "rate"),
    Column("finance_score", "财政评分", "score"),
    Column("grade", "等级", "grade"),
]

MONITORING_BEHIND = [
    Column("department", "主管部门"),
    Column("project_name", "项目名称"),
    Column("period_end_month", "监控截止月份", "int"),
    Column("budget", "调整后预算数（万元）", "money"),
    Column("executed", "执行数（万元）", "money"),
    Column("execution_rate", "执行率", "rate"),
    Column("time_progress", "序时进度", "rate"),
    Column("completion_likelihood", "完成目标可能性"),
]

DEPARTMENT_EXECUTION = [
    Column("department", "主管部门"),
    Column("projects", "项目数", "count"),
    Column("budget", "全年预算数（万元）", "money"),
    Column("executed", "全年执行数（万元）", "money"),
    Column("execution_rate", "执行率", "rate"),
]

SCORE_GAP = [
    Column("department", "主管部门"),
    Column("projects", "项目数", "count"),
    Column("mean_self_score", "自评平均分", "score"),
    Column("mean_finance_score", "财政评分平均分", "score"),
    Column("gap", "自评−财政", "score"),
]

TARGETS_BY_DEPARTMENT = [
    Column("department", "主管部门"),
    Column("projects", "项目数", "count"),
    Column("indicators", "三级指标数", "count"),
    Column("quantified", "定量指标数", "count"),
    Column("rate_mean", "量化率（项目平均）", "rate"),
    Column("rate_ratio", "量化率（指标占比）", "rate"),
]

TARGETS_BY_FUND_GROUP = [Column("fund_group", "资金分组"), *TARGETS_BY_DEPARTMENT[1:]]

INDICATOR_LEVELS = [
    Column("level1", "一级指标"),
    Column("level2", "二级指标"),
    Column("indicators", "指标数", "count"),
    Column("quantified", "定量指标数", "count"),
    Column("share", "定量占比", "rate"),
]

EVALUATION = [
    Column("level", "评价层级"),
    Column("department", "主管部门"),
    Column("project_code", "项目编码"),
    Column("project_name", "项目名称"),
    Column("fund_type", "资金性质"),
    Column("budget", "预算数（万元）", "money"),
    Column("execution_rate", "执行率", "rate"),
    Column("score", "评价得分", "score"),
    Column("finance_score", "财政复核得分", "score"),
    Column("grade", "等级", "grade"),
    Column("score_decision", "决策", "score"),
    Column("score_process", "过程", "score"),
    Column("score_output", "产出", "score"),
    Column("score_effect", "效益", "score"),
    Column("source_file", "来源文件"),
    Column("source_row", "来源行", "int"),
]

COVERAGE = [
    Column("department", "主管部门"),
    Column("assessed_projects", "自评项目数", "count"),
    Column("assessed_budget", "项目支出预算（万元）", "money"),
    Column("evaluated_projects", "部门评价项目数", "count"),
    Column("evaluated_budget", "被评价项目资金（万元）", "money"),
    Column("coverage", "覆盖率", "rate"),
    Column("meets_rule", "达到要求", "bool"),
]

PROJECT_STAGES = [
    Column("stage", "环节"),
    Column("period_end_month", "监控月份", "int"),
    Column("fiscal_year", "年度", "int"),
    Column("department", "主管部门"),
    Column("budget", "金额（万元）", "money"),
    Column("executed", "执行数（万元）", "money"),
    Column("execution_rate", "执行率", "rate"),
    Column("score", "得分", "score"),
    Column("finance_score", "财政评分", "score"),
    Column("result", "结论/等级"),
    Column("source_file", "来源文件"),
    Column("source_sheet", "工作表"),
    Column("source_row", "行", "int"),
]

PROJECT_INDICATORS = [
    Column("stage", "环节"),
    Column("period_end_month", "监控月份", "int"),
    Column("level1", "一级指标"),
    Column("level2", "二级指标"),
    Column("level3", "三级指标"),
    Column("target_text", "指标值"),
    Column("actual_text", "实际完成值"),
    Column("weight", "分值", "score"),
    Column("score", "得分", "score"),
    Column("is_quantified", "定量", "bool"),
    Column("deviation_reason", "偏差原因"),
    Column("source_file", "来源文件"),
    Column("source_sheet", "工作表"),
    Column("source_row", "行", "int"),
]

PROJECT_PROBLEMS = [
    Column("stage", "环节"),
    Column("rule_code", "规则"),
    Column("severity", "严重程度"),
    Column("message", "问题"),
    Column("source_file", "来源文件"),
    Column("source_sheet", "工作表"),
    Column("source_row", "行", "int"),
]

LOAD_LOG = [
    Column("file", "文件"),
    Column("kind", "报表种类"),
    Column("status", "状态"),
    Column("rows_loaded", "加载行", "count"),
    Column("rows_rejected", "拒绝行", "count"),
    Column("message", "说明"),
    Column("is_sample", "示例数据", "bool"),
    Column("loaded_at", "加载时间", "datetime"),
    Column("saved_at", "文件保存时间", "datetime"),
]

REJECTED = [
    Column("source_file", "文件"),
    Column("kind", "报表种类"),
    Column("source_sheet", "工作表"),
    Column("source_row", "行", "int"),
    Column("source_column", "列"),
    Column("field", "字段"),
    Column("reason", "原因"),
    Column("raw_values", "原始内容"),
]


def display_frame(frame: pl.DataFrame, spec: list[Column]) -> pl.DataFrame:
    """The rows as users read them: Chinese headers, tags joined, yes/no in Chinese."""
    exprs = []
    for col in spec:
        expr = pl.col(col.field)
        if col.kind == "bool":
            expr = pl.when(expr).then(pl.lit("是")).otherwise(pl.lit("否"))
        elif frame.schema[col.field] == pl.List(pl.String):
            expr = expr.list.join("、")
        elif col.kind == "text" and frame.schema[col.field] != pl.String:
            expr = expr.cast(pl.String)
        exprs.append(expr.alias(col.label))
    return frame.select(exprs)


def column_config(spec: list[Column]) -> dict:
    config = {}
    for col in spec:
        if col.kind == "money":
            config[col.label] = st.column_config.NumberColumn(col.label, format="%,.2f")
        elif col.kind == "rate":
            config[col.label] = st.column_config.ProgressColumn(
                col.label, format="percent", min_value=0, max_value=1, step=0.0001
            )
        elif col.kind == "score":
            config[col.label] = st.column_config.NumberColumn(col.label, format="%.2f")
        elif col.kind == "count":  # 18,830 个项目; years, months and row numbers stay plain ("int")
            config[col.label] = st.column_config.NumberColumn(col.label, format="localized")
        elif col.kind == "int":
            config[col.label] = st.column_config.NumberColumn(col.label, format="%d")
        elif col.kind == "datetime":
            config[col.label] = st.column_config.DatetimeColumn(col.label, format="YYYY-MM-DD HH:mm")
    return config


def listing_note(total: int, shown: int, unit: str = "行", detail: str = "") -> str:
    """What a bounded list shows against what the filters select (`detail` follows the total, e.g. a
    breakdown in brackets); downloads always hold the whole list."""
    if total > shown:
        return f"共 {total:,} {unit}{detail}，显示前 {shown:,} {unit}；导出为全部筛选结果"
    return f"共 {total:,} {unit}{detail}"
