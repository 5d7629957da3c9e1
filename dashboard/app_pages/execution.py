"""预算执行：execution by department and fund category, the spread of project rates, zero/low execution,
and monitoring checkpoints against 序时进度."""

from __future__ import annotations

import streamlit as st

from dashboard import data, format, review_sections, tables, theme, ui

scope = ui.header("预算执行", "self_eval", "项目支出预算执行（自评）")
params = scope.params("self_eval")
monitoring_params = scope.params("monitoring")

threshold_pct = st.sidebar.slider(
    "低执行率阈值",
    min_value=10,
    max_value=100,
    value=60,
    step=5,
    format="%d%%",
    key="low",
    bind="query-params",
)
threshold = threshold_pct / 100
data.prefetch(
    ("overview_self_eval", params),
    ("execution_low", {**params, "threshold": threshold}),
    ("execution_by_department", params),
    ("execution_by_fund", params),
    ("execution_histogram", params),
    ("monitoring_checkpoints", monitoring_params),
    ("monitoring_behind", monitoring_params),
    *review_sections.lights_queries(scope),
)

# the whole scope's row of the query 总览 also runs: one cached result for both pages
kpi = data.query("overview_self_eval", **params).row(0, named=True)
has_self = bool(kpi["assessed"])


def monitoring_section() -> None:
    ui.section("绩效监控：执行进度与序时进度", "monitoring")
    checkpoints = data.query("monitoring_checkpoints", **monitoring_params)
    if checkpoints.is_empty():
        ui.stage_empty("monitoring", key="monitoring_empty")
        return
    draw_monitoring(checkpoints)
    review_sections.draw_lights(scope)


def _monitoring_spec(checkpoints) -> dict:
    traces = []
    for scope_name, color in (("项目", "#1f5fa8"), ("部门整体", "#66bb6a")):
        rows = checkpoints.filter(checkpoints["scope"] == scope_name)
        if rows.is_empty():
            continue
        traces.append(
            {
                "type": "bar",
                "name": f"{scope_name}执行率",
                "x": [f"1-{m}月" for m in rows["period_end_month"]],
                "y": ui.floats(rows, "execution_rate"),
                "marker": {"color": color},
                "text": [format.percent(v) for v in rows["execution_rate"]],
                "textposition": "outside",
                "cliponaxis": False,
                "customdata": [
                    [format.percent(r), format.wan(e), format.wan(b), n]
                    for r, e, b, n in zip(
                        rows["execution_rate"], rows["executed"], rows["budget"], rows["rows"], strict=True
                    )
                ],
                "hovertemplate": "%{x} "
                + scope_name
                + "：%{customdata[0]}<br>执行 %{customdata[1]} / 预算 %{customdata[2]}"
                "<br>%{customdata[3]} 条<extra></extra>",
            }
        )
    months = sorted(set(checkpoints["period_end_month"].to_list()))
    traces.append(
        {
            "type": "scatter",
            "name": "序时进度",
            "x": [f"1-{m}月" for m in months],
            "y": [m / 12 for m in months],
            "mode": "markers+lines",
            "line": {"dash": "dash", "color": "#888888"},
            "marker": {"symbol": "line-ew-open", "size": 18},
            "hovertemplate": "%{x} 序时进度：%{y:.2%}<extra></extra>",
        }
    )
    layout = theme.chart_layout(
        height=360,
        barmode="group",
        yaxis=theme.rate_axis(
            [0.0, *ui.floats(checkpoints, "execution_rate"), *(m / 12 for m in months)],
            pad=0.15,
            title="执行率",
        ),
        xaxis={"categoryorder": "array", "categoryarray": [f"1-{m}月" for m in months]},
    )
    return {"data": traces, "layout": layout}


def _histogram_spec(hist) -> dict:
    bar = {
        "type": "bar",
        "x": hist["label"].to_list(),
        "y": hist["projects"].to_list(),
        "marker": {
            "color": ["#c62828" if b < 5 else "#f9a825" if b < 9 else "#2e7d32" for b in hist["band"]]
        },
        "text": [f"{n}" for n in hist["projects"]],
        "textposition": "outside",
        "cliponaxis": False,
        "customdata": [format.wan(v) for v in hist["budget"]],
        "hovertemplate": "执行率 %{x}：%{y} 个项目<br>预算合计：%{customdata}<extra></extra>",
    }
    layout = theme.chart_layout(height=340, xaxis_title="执行率区间", yaxis_title="项目数")
    return {"data": [bar], "layout": layout}


def draw_monitoring(checkpoints) -> None:
    ui.chart(_monitoring_spec, checkpoints, key="monitoring_chart")
    project_rows = checkpoints.filter(checkpoints["scope"] == "项目")
    if project_rows.height:
        last = project_rows.row(-1, named=True)
        st.caption(
            f"最近一次项目监控（1-{last['period_end_month']}月）：{last['rows']} 个项目中 {last['behind']} 个"
            f"执行进度低于序时进度 {format.percent(last['time_progress'])}，"
            f"{last['unlikely']} 个填报“完全不可能”完成目标。"
        )
    behind = data.query("monitoring_behind", **monitoring_params)
    if behind.height:
        # drawn when opened (a rerun): a closed expander would still send and lay out the whole table
        behind_list = st.expander(
            f"执行进度落后于序时进度的项目（{behind.height:,} 个，按落后程度排序）",
            key="monitoring_behind_list",
            on_change="rerun",
        )
        if behind_list.open:
            with behind_list:
                ui.project_table(behind, tables.MONITORING_BEHIND, key="monitoring_behind", height=400)


if not has_self:
    ui.section("全年预算执行", "self_eval")
    ui.stage_empty("self_eval", key="execution_self_empty")
    monitoring_section()
    st.stop()

overall = float(kpi["execution_rate"] or 0)
low = data.query("execution_low", **params, threshold=threshold)
zero = low.filter(low["execution_rate"].fill_null(0) == 0).height

ui.metric_row(
    [
        dict(label="预算执行率", value=format.percent(kpi["execution_rate"]), help="Σ执行数 ÷ Σ调整后预算数"),
        dict(label="全年执行数", value=format.wan_or_yi(kpi["executed"]), help=format.wan(kpi["executed"])),
        dict(label="零执行项目", value=format.count(zero), help="全年执行数为 0 的开展自评项目"),
        dict(
            label=f"执行率低于 {threshold_pct}% 的项目", value=format.count(low.height), help="含零执行项目"
        ),
    ]
)

st.subheader("按主管部门")
by_dept = data.query("execution_by_department", **params)
show_all = st.toggle("显示全部部门", key="exec_all_departments", value=by_dept.height <= 25)
shown = by_dept if show_all else by_dept.head(20)
st.caption(
    ("全部" if show_all else "执行率最低的 20 个")
    + f"部门（共 {by_dept.height} 个），虚线为整体执行率 {format.percent(overall)}；点击条形可筛选到该部门。"
)
ui.department_bars(
    shown,
    value="execution_rate",
    kind="rate",
    key="exec_by_department",
    title="执行率",
    reference=overall,
    reference_label=f"整体 {format.percent(overall)}",
    axis_title="预算执行率",
)

left, right = st.columns(2)
with left:
    st.subheader("按资金性质")
    by_fund = data.query("execution_by_fund", **params)
    ui.department_bars(
        by_fund,
        value="execution_rate",
        kind="rate",
        key="exec_by_fund",
        title="执行率",
        category="category",
        reference=overall,
        reference_label=f"整体 {format.percent(overall)}",
        axis_title="预算执行率",
        drill=False,
        color="#3a7bd5",
    )
    st.caption("资金标签与预算类别可重叠：一个项目同时计入其预算类别和每个标签。")
with right:
    st.subheader("项目执行率分布")
    hist = data.query("execution_histogram", **params)
    ui.chart(_histogram_spec, hist, key="exec_histogram")

st.subheader(f"零执行和低执行项目（执行率低于 {threshold_pct}%）")
if low.height:
    st.caption(f"共 {low.height:,} 个项目，零执行在前；点击一行查看项目详情。阈值可在左侧调整。")
    ui.project_table(low, tables.LOW_EXECUTION, key="low_execution", height=min(420, 38 + 35 * low.height))
else:
    st.success(f"没有执行率低于 {threshold_pct}% 的项目。", icon=":material/check_circle:")

monitoring_section()
