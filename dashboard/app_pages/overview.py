"""总览：the year's projects at a glance — KPI cards, grade breakdown, and the filtered table."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, filters, format, tables, theme, ui


def _funnel_spec(funnel, stage_names: list[str]) -> dict:
    trace = {
        "type": "funnel",
        "y": stage_names,
        "x": funnel["projects"].to_list(),
        "text": [
            f"{n:,} 个 · {format.wan_or_yi(a)}" if n else "暂无数据"
            for n, a in zip(funnel["projects"], funnel["amount"], strict=True)
        ],
        "textinfo": "text",
        # An empty stage has no bar to write in: its 暂无数据 goes beside it.
        "textposition": ["inside" if n else "outside" for n in funnel["projects"]],
        "customdata": [format.wan(a) for a in funnel["amount"]],
        "hovertemplate": "%{y}：%{x:,} 个项目<br>金额：%{customdata}<extra></extra>",
        "marker": {"color": ["#5b8ff9", "#1f5fa8", "#3a7bd5", "#2e7d32", "#66bb6a", "#f9a825"]},
        "connector": {"line": {"color": "#9aa5b1", "width": 1}},
    }
    return {"data": [trace], "layout": theme.chart_layout(height=340, yaxis={"automargin": True})}


def _grade_spec(grades) -> dict:
    counts = grades["projects"].to_list()
    trace = {
        "type": "bar",
        "x": grades["grade"].to_list(),
        "y": counts,
        "marker": {"color": [theme.GRADE_COLORS[g] for g in grades["grade"]]},
        "text": [format.count(n) for n in counts],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{x}：%{y} 个项目<extra></extra>",
    }
    layout = theme.chart_layout(
        height=340,
        yaxis=theme.count_axis(counts, title="项目数"),
        xaxis_title="等级（按财政评分）",
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
    )
    return {"data": [trace], "layout": layout}


def _trend_spec(trend, groups: list[str], field: str, kind: str, title: str) -> dict:
    traces = []
    values: list[float | None] = []
    for i, group in enumerate(groups):
        rows = trend.filter(trend["fund_group"] == group)
        ys = ui.floats(rows, field)
        values.extend(ys)
        shown = [format.percent(v) if kind == "rate" else format.score(v) for v in rows[field]]
        traces.append(
            {
                "type": "scatter",
                "name": group,
                "x": [f"{y} 年度" for y in rows["fiscal_year"]],
                "y": ys,
                "mode": "lines+markers+text",
                "text": shown,
                "textposition": "top center",
                "cliponaxis": False,
                "customdata": [[t, n] for t, n in zip(shown, rows["assessed"], strict=True)],
                "hovertemplate": group + " %{x}：%{customdata[0]}（%{customdata[1]} 个项目）<extra></extra>",
                "line": {"color": theme.SERIES[i % len(theme.SERIES)]},
            }
        )
    axis = theme.rate_axis(values) if kind == "rate" else theme.score_axis(values)
    layout = theme.chart_layout(
        height=300,
        title=title,
        yaxis=axis,
        xaxis={"type": "category"},
        margin={"l": 10, "r": 30, "t": 70, "b": 10},
    )
    return {"data": traces, "layout": layout}


scope = ui.header("总览", "self_eval")
params = scope.params("self_eval")
self_year = scope.fiscal_year("self_eval")

# One query for the KPI cards, the grade chart and the department ranking: the whole scope's row first,
# then one row per department, best first.
self_eval = data.query("overview_self_eval", **params)
kpi = self_eval.row(0, named=True)
has_self = bool(kpi["reported"])
self_years = filters.stage_fiscal_years(scope.regions)["self_eval"]
if has_self:
    ui.section("项目支出绩效自评", "self_eval")
    # Without any self-assessment of the year before in these regions nothing can match: no query.
    comparable = bool(self_year) and self_year - 1 in self_years
    if comparable:
        matched = {
            r["side"]: r
            for r in data.query("overview_matched", **params, previous_years=[self_year - 1]).iter_rows(
                named=True
            )
        }
        comparable = matched["current"]["projects"] > 0

    def delta(field: str, kind: str) -> str | None:
        """Like for like: the projects assessed in both years, current minus previous."""
        if not comparable:
            return None
        return ui.metric_delta(matched["current"][field], matched["previous"][field], kind)

    ui.metric_row(
        [
            dict(
                label="上报项目",
                value=format.count(kpi["reported"]),
                help="单位上报的全部项目（含中央转移支付73类等当年不做自评的项目）",
            ),
            dict(
                label="开展自评项目",
                value=format.count(kpi["assessed"]),
                help=f"其中 {kpi['not_assessed']} 个项目当年不做绩效自评",
            ),
            dict(
                label="全年预算数",
                value=format.wan_or_yi(kpi["budget"]),
                delta=delta("budget", "money"),
                delta_color="off",
                help=f"开展自评项目的全年（调整后）预算：{format.wan(kpi['budget'])}",
            ),
            dict(
                label="全年执行数",
                value=format.wan_or_yi(kpi["executed"]),
                delta=delta("executed", "money"),
                delta_color="off",
                help=f"精确值：{format.wan(kpi['executed'])}",
            ),
            dict(
                label="预算执行率",
                value=format.percent(kpi["execution_rate"]),
                delta=delta("execution_rate", "rate"),
                help="Σ执行数 ÷ Σ预算数（调整后预算）",
            ),
            dict(
                label="单位自评平均分",
                value=format.score(kpi["mean_self_score"]),
                delta=delta("mean_self_score", "score"),
            ),
            dict(
                label="财政评分平均分",
                value=format.score(kpi["mean_finance_score"]),
                delta=delta("mean_finance_score", "score"),
            ),
            dict(
                label="绩效目标完成率",
                value=format.percent(kpi["goal_completion_rate"]),
                delta=delta("goal_completion_rate", "rate"),
                help="各项目绩效目标完成率的平均数",
            ),
        ]
    )
    if comparable:
        st.caption(
            f"箭头为同口径比较：{self_year} 与 {self_year - 1} 年度都开展自评的 "
            f"{matched['current']['projects']:,} 个项目，本年度减上年度。"
        )
    else:
        st.caption(
            f"{self_year - 1 if self_year else '上'} 年度没有同口径（两年都开展自评）的项目，不显示增减。"
        )
else:
    ui.section("项目支出绩效自评", "self_eval")
    ui.stage_empty("self_eval", key="overview_self_empty")

funnel = data.query("overview_funnel", **scope.cycle_params())
left, right = st.columns([1, 1])
with left:
    st.subheader(f"{scope.year_text()}绩效管理环节")
    stage_names = [
        f"{scope.fiscal_year(k)} 年度{name}" if scope.fiscal_year(k) else name
        for k, name in zip(funnel["stage_key"], funnel["stage"], strict=True)
    ]
    ui.chart(_funnel_spec, funnel, stage_names, key="funnel_chart")
    st.caption(
        "同一工作年度内，事前评估、目标和监控是当年度的，自评和评价是上一年度的。"
        "事前评估按申请金额，其余按全年（调整后）预算；监控按每个项目最近一次监控；自评只计开展自评的项目。"
    )
with right:
    st.subheader("部门排名")
    st.caption(f"{scope.label('self_eval')} · 按财政评分平均分，其次按预算执行率；点击部门可筛选到该部门。")
    if has_self:
        ranking = self_eval.slice(1).rename({"assessed": "projects"})
        spec = [
            tables.Column("department", "主管部门"),
            tables.Column("mean_finance_score", "财政评分", "score"),
            tables.Column("execution_rate", "执行率", "rate"),
            tables.Column("projects", "项目数", "count"),
        ]
        # Only the open tab is drawn (switching reruns the page, whose results are remembered by then).
        best, worst = st.tabs(["最好 5 个部门", "最差 5 个部门"], key="ranking_tabs", on_change="rerun")
        if best.open:
            with best:
                ui.department_table(ranking.head(5), spec, key="best_departments")
        if worst.open:
            with worst:
                ui.department_table(ranking.reverse().head(5), spec, key="worst_departments")
    else:
        st.caption("没有自评数据，无法排名。")

if has_self:
    grades = pl.DataFrame(
        {
            "grade": theme.GRADES,
            "projects": [kpi[f"grade_{k}"] for k in ("excellent", "good", "fair", "poor")],
        }
    )
    left, right = st.columns([2, 3])
    with left:
        st.subheader("等级分布")
        ui.chart(_grade_spec, grades, key="grade_chart")
    with right:
        st.subheader("等级标准")
        bands = data.query("grade_bands", regions=scope.regions)
        by_grade = dict(zip(grades["grade"], grades["projects"], strict=True))
        total = sum(by_grade.values()) or 1
        for profile in bands["profile"].unique(maintain_order=True):
            rows = bands.filter(bands["profile"] == profile)
            st.caption(f"{profile} 等级标准（按财政评分，下限含本数）")
            st.dataframe(
                pl.DataFrame(
                    [
                        {
                            "等级": r["grade"],
                            "分数区间": format.band(r["lower_bound"], r["upper_bound"]),
                            "项目数": by_grade.get(r["grade"], 0),
                            "占比": format.percent(by_grade.get(r["grade"], 0) / total),
                        }
                        for r in rows.iter_rows(named=True)
                    ]
                ).to_arrow(),  # Arrow goes to the browser as it is; rows of dicts go through pandas first
                hide_index=True,
                placeholder="—",
                column_config=tables.column_config([tables.Column("projects", "项目数", "count")]),
            )

if len(self_years) > 1:
    trend = data.query("overview_trend", **{**params, "years": self_years})
    groups = [
        g for g in trend["fund_group"].unique(maintain_order=True) if (trend["fund_group"] == g).sum() > 1
    ]
    if groups:
        st.subheader("历年趋势（项目自评，按资金分组同口径）")
        st.caption(
            "每条线只连同一资金分组的项目；只有一个年度有数据的分组不画线（例如提前开展自评的专项债券项目）。"
            "横轴为被评价的预算年度，括号内为该年度该分组开展自评的项目数。"
        )
        t1, t2 = st.columns(2)
        for column, field, kind, title in (
            (t1, "execution_rate", "rate", "预算执行率"),
            (t2, "mean_finance_score", "score", "财政评分平均分"),
        ):
            ui.chart(_trend_spec, trend, groups, field, kind, title, key=f"trend_{field}", container=column)

if has_self:
    st.subheader("项目清单")
    st.caption(scope.label("self_eval"))
    projects = data.listing("overview_projects", **params)
    st.caption(
        f"{tables.listing_note(projects.total, projects.rows.height, '个项目')}（金额单位：万元）；"
        "点击一行查看该项目各环节的详情。"
    )
    ui.project_table(projects.rows, tables.PROJECT_SELF_EVAL, key="project_table", height=420)
    about = [*scope.describe_for("self_eval"), ("数据来源", data.source_text())]
    ui.download_buttons(
        "project_list",
        f"项目自评清单_{self_year}",
        [("项目清单", projects, tables.PROJECT_SELF_EVAL)],
        about,
    )

# The bureau's annual summary of working year Y: Y's targets and monitoring, Y−1's assessments.
work_year = scope.work_year if scope.pinned_year is None else scope.pinned_year + 1
st.subheader(f"{work_year} 年预算绩效管理工作总结")
ignored = [name for name, value in (("主管部门", scope.departments), ("资金性质", scope.funds)) if value]
st.caption(
    f"按{'、'.join(scope.regions) or '全部区划'}汇总 {work_year} 工作年度的全部数据"
    + (f"；不按左侧的{'、'.join(ignored)}筛选。" if ignored else "。")
)
st.download_button(
    f"下载 {work_year} 年度工作总结（.docx）",
    data=data.recorded(
        f"{work_year}年预算绩效管理工作总结.docx",
        [("工作年度", str(work_year)), ("区划", "、".join(scope.regions) or "全部区划")],
        0,
        lambda: data.annual_report(work_year, scope.regions[0] if scope.regions else None),
    ),
    file_name=f"{work_year}年预算绩效管理工作总结.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    on_click="ignore",
    key="download_report",
    icon=":material/description:",
)
