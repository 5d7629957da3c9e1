"""评分与等级：self vs finance score distributions, the gap by department, grade mixes by department, fund
category and year, and score against execution rate."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, filters, format, review_sections, tables, theme, ui

SCATTER_MAX_POINTS = 4000  # beyond this a browser scatter stops being readable or fast


def _histogram_spec(hist: pl.DataFrame) -> dict:
    bars = []
    for kind, color in (("单位自评", "#9aa5b1"), ("财政评分", "#1f5fa8")):
        rows = hist.filter(pl.col("kind") == kind)
        bars.append(
            {
                "type": "bar",
                "name": kind,
                "x": rows["label"].to_list(),
                "y": rows["projects"].to_list(),
                "marker": {"color": color},
                "hovertemplate": kind + " %{x} 分：%{y} 个项目<extra></extra>",
            }
        )
    layout = theme.chart_layout(height=360, barmode="group", xaxis_title="得分区间", yaxis_title="项目数")
    return {"data": bars, "layout": layout}


def _scatter_spec(points: pl.DataFrame) -> dict:
    traces = []
    for grade in theme.GRADES:
        rows = points.filter(pl.col("grade") == grade)
        if rows.is_empty():
            continue
        traces.append(
            {
                "type": "scatter",
                "name": grade,
                "x": ui.floats(rows, "execution_rate"),
                "y": ui.floats(rows, "finance_score"),
                "mode": "markers",
                "marker": {"color": theme.GRADE_COLORS[grade], "size": 7, "opacity": 0.75},
                "customdata": [
                    [n, d, format.percent(r), format.score(s), format.wan(b)]
                    for n, d, r, s, b in zip(
                        rows["project_name"],
                        rows["department"],
                        rows["execution_rate"],
                        rows["finance_score"],
                        rows["budget"],
                        strict=True,
                    )
                ],
                "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}<br>执行率 %{customdata[2]} · 财政评分 "
                "%{customdata[3]}<br>预算 %{customdata[4]}<extra></extra>",
            }
        )
    layout = theme.chart_layout(
        height=360,
        xaxis=theme.rate_axis([0.0, *ui.floats(points, "execution_rate")], pad=0.05, title="预算执行率"),
        yaxis_title="财政评分",
    )
    return {"data": traces, "layout": layout}


scope = ui.header("评分与等级", "self_eval")
params = scope.params("self_eval")
trend_years = filters.stage_fiscal_years(scope.regions)["self_eval"]
data.prefetch(
    ("overview_self_eval", params),
    ("score_histogram", params),
    ("score_gap_by_department", params),
    review_sections.rescore_query(scope),
    ("grades_by_dimension", {**params, "trend_years": trend_years}),
)

# the whole scope's row of the query 总览 also runs: one cached result for both pages
kpi = data.query("overview_self_eval", **params).row(0, named=True)
if not kpi["assessed"]:
    ui.stage_empty("self_eval", key="scores_empty")
    st.stop()

gap = None
if kpi["mean_self_score"] is not None and kpi["mean_finance_score"] is not None:
    gap = kpi["mean_self_score"] - kpi["mean_finance_score"]
ui.metric_row(
    [
        dict(label="单位自评平均分", value=format.score(kpi["mean_self_score"])),
        dict(label="财政评分平均分", value=format.score(kpi["mean_finance_score"])),
        dict(
            label="自评与财政评分之差",
            value="—" if gap is None else f"{format.signed(gap)} 分",
            help="单位自评平均分 − 财政评分平均分；为正说明单位自评偏高",
        ),
    ],
    per_row=3,
)

st.subheader("得分分布")
# Only the open tab is drawn: the scatter, a point per project, costs the browser more than the rest of the
# page together, so it waits until it is asked for.
distribution, versus_execution = st.tabs(
    ["单位自评与财政评分", "得分与执行率（逐个项目）"], key="score_tabs", on_change="rerun"
)
if distribution.open:
    with distribution:
        hist = data.query("score_histogram", **params)
        ui.chart(_histogram_spec, hist, key="score_histogram")
if versus_execution.open:
    with versus_execution:
        points = data.query("score_vs_execution", **params, max_points=SCATTER_MAX_POINTS)
        if not points.is_empty() and points["total_points"][0] > points.height:
            st.caption(
                f"共 {points['total_points'][0]:,} 个项目，图中显示全部中、差项目及其余项目的固定抽样，"
                f"共 {points.height:,} 个。"
            )
        ui.chart(_scatter_spec, points, key="score_scatter")
        st.caption("低分项目多为零执行或低执行项目：左下角的点。")

st.subheader("自评与财政评分之差（按主管部门）")
gaps = data.query("score_gap_by_department", **params)
show_all = st.toggle("显示全部部门", key="gap_all_departments", value=gaps.height <= 25)
shown = gaps if show_all else gaps.head(20)
st.caption(
    ("全部" if show_all else "差值最大的 20 个")
    + f"部门（共 {gaps.height} 个）：自评平均分 − 财政评分平均分；点击条形可筛选到该部门。"
)
ui.department_bars(
    shown, value="gap", kind="score", key="score_gap", title="自评−财政（分）", reference=0.0, axis_title="分"
)

review_sections.draw_rescore(scope)

st.subheader("等级构成")
grades = data.query("grades_by_dimension", **params, trend_years=trend_years)
# Only the open tab is drawn: a tab switch reruns the page, whose query results are remembered by then.
by_dept, by_fund, by_year = st.tabs(
    ["按主管部门", "按资金性质", "按年度"], key="grade_tabs", on_change="rerun"
)
if by_dept.open:
    rows = grades.filter(pl.col("dimension") == "主管部门")
    # Departments with the most 差 first: that is where reviewers look.
    order = (
        rows.with_columns(poor=pl.when(pl.col("grade") == "差").then(pl.col("projects")).otherwise(0))
        .group_by("member")
        .agg(pl.col("poor").sum(), pl.col("projects").sum())
        .sort(["poor", "projects", "member"], descending=[True, True, False])
        .head(25)
    )
    rows = order.select("member").join(rows, on="member", how="left", maintain_order="left")
    by_dept.caption(f"差等级项目最多的 {order.height} 个部门")
    ui.grade_stack(rows, "member", key="grades_department", title="", container=by_dept)
if by_fund.open:
    fund_rows = grades.filter(pl.col("dimension") == "资金性质")
    ui.grade_stack(fund_rows, "member", key="grades_fund", title="", container=by_fund)
if by_year.open:
    year_rows = grades.filter(pl.col("dimension") == "年度")
    ui.grade_stack(year_rows, "member", key="grades_year", title="", container=by_year)

details = st.expander("各部门得分明细", key="score_details", on_change="rerun")
if details.open:
    details.dataframe(
        ui.display_table(gaps, tables.SCORE_GAP),
        hide_index=True,
        placeholder="—",
        column_config=tables.column_config(tables.SCORE_GAP),
    )
