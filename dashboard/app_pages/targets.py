"""绩效目标与指标：indicator counts and 量化率 by department and fund group, the 一级/二级 mix, and the
departments whose targets are least quantified."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, format, tables, theme, ui


def _sunburst_spec(levels: pl.DataFrame) -> dict:
    """一级 indicators around 二级 ones, each sized by its number of indicators."""
    firsts = levels["level1"].unique(maintain_order=True).to_list()
    trace = {
        "type": "sunburst",
        "labels": [*firsts, *levels["level2"].to_list()],
        "parents": ["" for _ in firsts] + levels["level1"].to_list(),
        "ids": [*firsts, *(f"{a}/{b}" for a, b in zip(levels["level1"], levels["level2"], strict=True))],
        "values": [
            *levels.group_by("level1", maintain_order=True).agg(pl.col("indicators").sum())["indicators"],
            *levels["indicators"].to_list(),
        ],
        "branchvalues": "total",
        "hovertemplate": "%{label}：%{value:,} 条指标<extra></extra>",
    }
    return {
        "data": [trace],
        "layout": theme.chart_layout(height=380, margin={"l": 0, "r": 0, "t": 10, "b": 0}),
    }


scope = ui.header("绩效目标与指标", "target")
params = scope.params("target")

kpis = data.query("target_kpis", **params)
if kpis.is_empty():
    ui.stage_empty("target", key="targets_empty")
    st.stop()

rules = data.query("profile_rules", regions=scope.regions)["quantification_rule"].unique().to_list()
default_rule = "mean_of_project_rates" if rules == ["mean_of_project_rates"] else "count_ratio"
RULES = {"mean_of_project_rates": "各项目量化率的平均数", "count_ratio": "定量指标数 ÷ 指标总数"}
rule = st.radio(
    "量化率口径",
    list(RULES),
    index=list(RULES).index(default_rule),
    format_func=RULES.get,
    horizontal=True,
    key="quant_rule",
    help="沙湾市工作总结按各项目量化率的平均数统计；全国默认口径为指标数占比。",
)
rate_col = "rate_mean" if rule == "mean_of_project_rates" else "rate_ratio"

project = kpis.filter(pl.col("scope") == "项目")
dept = kpis.filter(pl.col("scope") == "部门整体")
cards = []
if project.height:
    p = project.row(0, named=True)
    cards += [
        dict(label="项目绩效目标", value=format.count(p["targets"]), help="项目绩效目标表的个数"),
        dict(label="项目资金", value=format.wan_or_yi(p["budget"]), help=format.wan(p["budget"])),
        dict(label="三级指标", value=format.count(p["indicators"], "条")),
        dict(label="项目指标量化率", value=format.percent(p[rate_col]), help=RULES[rule]),
    ]
if dept.height:
    d = dept.row(0, named=True)
    cards.append(
        dict(
            label="部门整体目标量化率",
            value=format.percent(d[rate_col]),
            help=f"{d['targets']} 个部门整体绩效目标，{d['indicators']:,} 条指标",
        )
    )
ui.metric_row(cards)

by_dept = data.query("targets_by_department", **params)
by_group = data.query("targets_by_fund_group", **params)
left, right = st.columns([3, 2])
with left:
    st.subheader("量化率最低的部门")
    weakest = by_dept.sort([rate_col, "department"]).head(15)
    overall = float(project.row(0, named=True)[rate_col]) if project.height else None
    st.caption(
        "虚线为整体量化率；量化率远低于同级部门，说明目标未反映核心产出和效果。点击条形可筛选到该部门。"
    )
    ui.department_bars(
        weakest,
        value=rate_col,
        kind="rate",
        key="weakest_targets",
        title="量化率",
        reference=overall,
        reference_label="整体" if overall is None else f"整体 {format.percent(overall)}",
        axis_title="量化率",
        color="#f9a825",
    )
with right:
    st.subheader("按资金分组")
    ui.department_bars(
        by_group,
        value=rate_col,
        kind="rate",
        key="targets_by_group",
        title="量化率",
        category="fund_group",
        axis_title="量化率",
        drill=False,
        height=max(240, 60 * by_group.height + 80),
    )
    st.caption("资金分组互不重叠：项目按报告口径归入第一个符合的组，其余为部门预算项目。")
st.dataframe(
    ui.display_table(by_group, tables.TARGETS_BY_FUND_GROUP),
    hide_index=True,
    placeholder="—",
    column_config=tables.column_config(tables.TARGETS_BY_FUND_GROUP),
)

st.subheader("一级、二级指标构成")
levels = data.query("indicator_levels", **params)
if levels.is_empty():
    ui.empty_state("当前筛选条件下没有加载绩效目标表（逐条指标），只有汇总数。")
else:
    a, b = st.columns([2, 3])
    with a:
        ui.chart(_sunburst_spec, levels, key="indicator_mix")
    with b:
        mix = levels.with_columns((pl.col("quantified") / pl.col("indicators")).alias("share"))
        st.dataframe(
            ui.display_table(mix, tables.INDICATOR_LEVELS),
            hide_index=True,
            placeholder="—",
            column_config=tables.column_config(tables.INDICATOR_LEVELS),
        )

# drawn when opened (a rerun): a closed expander would still send and lay out the whole table
department_details = st.expander(
    f"各部门指标与量化率（{by_dept.height} 个部门）", key="target_department_details", on_change="rerun"
)
if department_details.open:
    department_details.dataframe(
        ui.display_table(by_dept, tables.TARGETS_BY_DEPARTMENT),
        hide_index=True,
        placeholder="—",
        column_config=tables.column_config(tables.TARGETS_BY_DEPARTMENT),
    )
