"""总览：the year's projects at a glance — KPI cards, grade breakdown, and the filtered table."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from dashboard import data, exports, filters, format, tables, theme, ui

scope = filters.current()
params = scope.params()
st.title("总览")
st.caption(f"{scope.year or ''} 年度项目支出绩效自评 · " + " · ".join(v for _, v in scope.describe()[1:]))

kpi = data.query("overview_kpis", **params).row(0, named=True)
if not kpi["reported"]:
    st.info("当前筛选条件下没有项目。请调整左侧的年度、主管部门或资金性质。", icon=":material/search_off:")
    st.stop()

previous = None
if scope.year is not None:
    before = data.query("overview_kpis", **{**params, "years": [scope.year - 1]}).row(0, named=True)
    previous = before if before["assessed"] else None


def delta(field: str, kind: str) -> str | None:
    return ui.metric_delta(kpi[field], previous[field], kind) if previous else None


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
    delta=delta("assessed", "count"),
    delta_color="off",
    border=True,
    help=f"其中 {kpi['not_assessed']} 个项目当年不做绩效自评",
)
cols[2].metric(
    "全年预算数（万元）",
    format.amount(kpi["budget"]),
    delta=delta("budget", "money"),
    delta_color="off",
    border=True,
    help=f"开展自评项目的全年（调整后）预算：{format.wan(kpi['budget'], 6)}",
)
cols[3].metric(
    "全年执行数（万元）",
    format.amount(kpi["executed"]),
    delta=delta("executed", "money"),
    delta_color="off",
    border=True,
    help=f"精确值：{format.wan(kpi['executed'], 6)}",
)
cols = st.columns(4)
cols[0].metric(
    "预算执行率",
    format.percent(kpi["execution_rate"]),
    delta=delta("execution_rate", "rate"),
    border=True,
    help="Σ执行数 ÷ Σ预算数（调整后预算）",
)
cols[1].metric(
    "单位自评平均分",
    format.score(kpi["mean_self_score"]),
    delta=delta("mean_self_score", "score"),
    border=True,
)
cols[2].metric(
    "财政评分平均分",
    format.score(kpi["mean_finance_score"]),
    delta=delta("mean_finance_score", "score"),
    border=True,
)
cols[3].metric(
    "绩效目标完成率",
    format.percent(kpi["goal_completion_rate"], 1),
    delta=delta("goal_completion_rate", "rate"),
    border=True,
    help="各项目绩效目标完成率的平均数",
)
if previous:
    st.caption(f"箭头为与 {scope.year - 1} 年同口径相比的增减。")

funnel = data.query("overview_funnel", **params)
ranking = data.query("department_ranking", **params)
left, right = st.columns([1, 1])
with left:
    st.subheader("全年绩效管理环节")
    figure = go.Figure(
        go.Funnel(
            y=funnel["stage"].to_list(),
            x=funnel["projects"].to_list(),
            text=[
                f"{n:,} 个 · {format.wan(a)}" if n else "暂无数据"
                for n, a in zip(funnel["projects"], funnel["amount"], strict=True)
            ],
            textinfo="text",
            customdata=[format.wan(a) for a in funnel["amount"]],
            hovertemplate="%{y}：%{x:,} 个项目<br>金额：%{customdata}<extra></extra>",
            marker={"color": ["#5b8ff9", "#1f5fa8", "#3a7bd5", "#2e7d32", "#66bb6a", "#f9a825"]},
            connector={"line": {"color": "#9aa5b1", "width": 1}},
        )
    )
    figure.update_layout(**theme.chart_layout(height=340, yaxis={"automargin": True}))
    st.plotly_chart(figure, key="funnel_chart", config={"displayModeBar": False})
    st.caption(
        "事前评估按申请金额，其余按全年（调整后）预算；监控按每个项目最近一次监控；自评只计开展自评的项目。"
    )
with right:
    st.subheader("部门排名")
    st.caption("按财政评分平均分，其次按预算执行率；点击部门可筛选到该部门。")
    spec = [
        tables.Column("department", "主管部门"),
        tables.Column("mean_finance_score", "财政评分", "score"),
        tables.Column("execution_rate", "执行率", "rate"),
        tables.Column("projects", "项目数", "int"),
    ]
    best, worst = st.tabs(["最好 5 个部门", "最差 5 个部门"])
    with best:
        ui.department_table(ranking.head(5), spec, key="best_departments")
    with worst:
        ui.department_table(ranking.reverse().head(5), spec, key="worst_departments")

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
            placeholder="—",
        )

years = data.query("filter_years")["fiscal_year"].to_list()
if len(years) > 1:
    trend = data.query("overview_trend", **{**params, "years": years})
    if trend.height > 1:
        st.subheader("历年趋势")
        # The project count under each year: a year with few assessed projects so far is not a like-for-like point.
        labels = [
            f"{y} 年<br>{n:,} 个项目" for y, n in zip(trend["fiscal_year"], trend["assessed"], strict=True)
        ]
        t1, t2 = st.columns(2)
        with t1:
            figure = go.Figure(
                go.Scatter(
                    x=labels,
                    y=ui.floats(trend, "execution_rate"),
                    mode="lines+markers+text",
                    text=[format.percent(v, 1) for v in trend["execution_rate"]],
                    textposition="top center",
                    cliponaxis=False,
                    customdata=[format.percent(v) for v in trend["execution_rate"]],
                    hovertemplate="%{x}：%{customdata}<extra></extra>",
                    line_color="#1f5fa8",
                )
            )
            figure.update_layout(
                **theme.chart_layout(
                    height=280,
                    title="预算执行率",
                    yaxis={"tickformat": ".0%"},
                    margin={"l": 10, "r": 30, "t": 60, "b": 10},
                )
            )
            st.plotly_chart(figure, key="trend_rate", config={"displayModeBar": False})
        with t2:
            figure = go.Figure(
                go.Scatter(
                    x=labels,
                    y=ui.floats(trend, "mean_finance_score"),
                    mode="lines+markers+text",
                    text=[format.score(v) for v in trend["mean_finance_score"]],
                    textposition="top center",
                    cliponaxis=False,
                    hovertemplate="%{x}：%{y:.2f} 分<extra></extra>",
                    line_color="#2e7d32",
                )
            )
            figure.update_layout(
                **theme.chart_layout(
                    height=280, title="财政评分平均分", margin={"l": 10, "r": 30, "t": 60, "b": 10}
                )
            )
            st.plotly_chart(figure, key="trend_score", config={"displayModeBar": False})

st.subheader("项目清单")
projects = data.query("overview_projects", **params)
shown = tables.display_frame(projects, tables.PROJECT_SELF_EVAL)
st.caption(f"共 {shown.height:,} 个项目（金额单位：万元）")
st.caption("点击一行查看该项目各环节的详情。")
ui.project_table(projects, tables.PROJECT_SELF_EVAL, key="project_table", height=420)
about = [*scope.describe(), ("数据来源", f"绩效看板数据仓库 {data.db_path().name}（版本 {data.version()}）")]
d1, d2, d3, _ = st.columns([1.3, 1, 1.8, 1.2])
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
# The bureau's annual summary of work year Y reports the evaluations of fiscal year Y-1 shown here.
work_year = (scope.year or 0) + 1
d3.download_button(
    f"下载 {work_year} 年度工作总结（.docx）",
    data=lambda: data.annual_report(work_year, scope.regions[0] if scope.regions else None),
    file_name=f"{work_year}年预算绩效管理工作总结.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    on_click="ignore",
    key="download_report",
    icon=":material/description:",
)
