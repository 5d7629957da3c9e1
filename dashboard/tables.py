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
    kind: str = "text"  # text | money | rate | score | int | bool


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
    Column("grade", "等级"),
    Column("source_file", "来源文件"),
    Column("source_row", "来源行", "int"),
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
        exprs.append(expr.alias(col.label))
    return frame.select(exprs)


def column_config(spec: list[Column]) -> dict:
    config = {}
    for col in spec:
        if col.kind == "money":
            config[col.label] = st.column_config.NumberColumn(col.label, format="%,.2f")
        elif col.kind == "rate":
            config[col.label] = st.column_config.ProgressColumn(
                col.label, format="percent", min_value=0, max_value=1
            )
        elif col.kind == "score":
            config[col.label] = st.column_config.NumberColumn(col.label, format="%.2f")
        elif col.kind == "int":
            config[col.label] = st.column_config.NumberColumn(col.label, format="%d")
    return config
