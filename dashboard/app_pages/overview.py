"""总览：the year's projects at a glance — KPI cards, grade breakdown, and the filtered table."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard import data, exports, filters, format, tables, theme

scope = filters.current()
params = scope.params()
st.title("总览")
st.caption(f"{scope.year or ''} 年度项目支出绩效自评 · " + " · ".join(v for _, v in scope.describe()[1:]))

kpi = data.query("overview_kpis", **params).row(0, named=True)
if not kpi["reported"]:
    st.info("当前筛选条件下没有项目。请调整左侧的年度、主管部门或资金性质。", icon=":material/search_off:")
    st.stop()

cols = st.columns(4)
cols[0].metric(
    "上报项目",
    format.count(kpi["reported"]),
    border=True,
    help="单位上报的全部项目（含中央转移支付73类等当年不做自评的项目）",
)
cols[1].metric(
    "开展自评项目",
    format.count(kpi["assessed"]),
    border=True,
    help=f"其中 {kpi['not_assessed']} 个项目当年不做绩效自评",
)
cols[2].metric(
    "全年预算数（万元）",
    format.amount(kpi["budget"]),
    border=True,
    help="开展自评项目的全年（调整后）预算，单位万元",
)
cols[3].metric("全年执行数（万元）", format.amount(kpi["executed"]), border=True)
cols = st.columns(4)
cols[0].metric("预算执行率", format.percent(kpi["execution_rate"]), border=True, help="Σ执行数 ÷ Σ预算数")
cols[1].metric("单位自评平均分", format.score(kpi["mean_self_score"]), border=True)
cols[2].metric("财政评分平均分", format.score(kpi["mean_finance_score"]), border=True)
cols[3].metric(
    "绩效目标完成率",
    format.percent(kpi["goal_completion_rate"], 1),
    border=True,
    help="各项目绩效目标完成率的平均数",
)

grades = data.query("overview_grades", **params)
left, right = st.columns([2, 3])
with left:
    st.subheader("等级分布")
    figure = go.Figure(
        go.Bar(
            x=grades["grade"].to_list(),
            y=grades["projects"].to_list(),
            marker_color=[theme.GRADE_COLORS[g] for g in grades["grade"]],
            text=[f"{n} 个" for n in grades["projects"]],
            textposition="outside",
            hovertemplate="%{x}：%{y} 个项目<extra></extra>",
        )
    )
    figure.update_layout(
        **theme.chart_layout(height=340, yaxis_title="项目数", xaxis_title="等级（按财政评分）")
    )
    st.plotly_chart(figure, key="grade_chart", config={"displayModeBar": False})
with right:
    st.subheader("等级标准")
    bands = data.query("grade_bands", regions=scope.regions)
    counts = dict(zip(grades["grade"], grades["projects"], strict=True))
    total = sum(counts.values()) or 1
    for profile in bands["profile"].unique(maintain_order=True):
        rows = bands.filter(bands["profile"] == profile)
        st.caption(f"{profile} 等级标准（按财政评分，下限含本数）")
        st.dataframe(
            [
                {
                    "等级": r["grade"],
                    "分数区间": format.band(r["lower_bound"], r["upper_bound"]),
                    "项目数": counts.get(r["grade"], 0),
                    "占比": format.percent(counts.get(r["grade"], 0) / total),
                }
                for r in rows.iter_rows(named=True)
            ],
            hide_index=True,
        )

st.subheader("项目清单")
projects = data.query("overview_projects", **params)
shown = tables.display_frame(projects, tables.PROJECT_SELF_EVAL)
st.caption(f"共 {shown.height:,} 个项目（金额单位：万元）")
st.dataframe(
    shown,
    hide_index=True,
    column_config=tables.column_config(tables.PROJECT_SELF_EVAL),
    key="project_table",
    height=420,
)
about = [*scope.describe(), ("数据来源", f"绩效看板数据仓库 {data.db_path().name}（版本 {data.version()}）")]
d1, d2, _ = st.columns([1, 1, 4])
d1.download_button(
    "下载 Excel（.xlsx）",
    data=lambda: exports.to_xlsx([("项目清单", shown, tables.PROJECT_SELF_EVAL)], about),
    file_name=f"项目自评清单_{scope.year}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="download_xlsx",
    icon=":material/download:",
)
d2.download_button(
    "下载 CSV",
    data=lambda: exports.to_csv(shown),
    file_name=f"项目自评清单_{scope.year}.csv",
    mime="text/csv",
    on_click="ignore",
    key="download_csv",
    icon=":material/csv:",
)
