"""评价结果：部门评价 and 财政重点评价 — scores, grades, 决策/过程/产出/效益 profiles, and each department's
evaluation coverage against the rule (evaluated budget ÷ its assessed project budget of the same year)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, format, tables, theme, ui

DIMENSIONS = [
    ("mean_decision", "决策"),
    ("mean_process", "过程"),
    ("mean_output", "产出"),
    ("mean_effect", "效益"),
]


def _level_name(level: str) -> str:
    return "财政重点评价" if level == "财政评价" else level


def _grades_spec(summary: pl.DataFrame) -> dict:
    levels = [_level_name(level) for level in summary["level"]]
    bars = [
        {
            "type": "bar",
            "name": grade,
            "x": levels,
            "y": summary[field].to_list(),
            "marker": {"color": theme.GRADE_COLORS[grade]},
            "hovertemplate": "%{x} " + grade + "：%{y} 个项目<extra></extra>",
        }
        for grade, field in zip(theme.GRADES, ("excellent", "good", "fair", "poor"), strict=True)
    ]
    return {"data": bars, "layout": theme.chart_layout(height=340, barmode="stack", yaxis_title="项目数")}


def _profile_spec(summary: pl.DataFrame) -> dict:
    bars = []
    for r, color in zip(summary.iter_rows(named=True), ("#1f5fa8", "#f9a825"), strict=False):
        name = _level_name(r["level"])
        bars.append(
            {
                "type": "bar",
                "name": name,
                "x": [label for _, label in DIMENSIONS],
                "y": [None if r[f] is None else float(r[f]) for f, _ in DIMENSIONS],
                "marker": {"color": color},
                "text": [format.score(r[f]) for f, _ in DIMENSIONS],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": name + " %{x}：%{y:.2f} 分<extra></extra>",
            }
        )
    return {"data": bars, "layout": theme.chart_layout(height=340, barmode="group", yaxis_title="平均得分")}


scope = ui.header("评价结果", "evaluation")
params = scope.params("evaluation")

summary = data.query("evaluation_summary", **params)
if summary.is_empty():
    ui.stage_empty("evaluation", key="evaluations_empty")
    st.stop()

levels = {r["level"]: r for r in summary.iter_rows(named=True)}
cards = []
for level in ("部门评价", "财政评价"):
    row = levels.get(level)
    name = _level_name(level)
    cards += [
        dict(
            label=f"{name}项目",
            value=format.count(row["projects"] if row else 0),
            help=None
            if not row
            else f"涉及 {row['departments']} 个部门，资金 {format.wan_or_yi(row['budget'])}",
        ),
        dict(label=f"{name}平均分", value=format.score(row["mean_score"]) if row else "—"),
    ]
ui.metric_row(cards)

left, right = st.columns(2)
with left:
    st.subheader("等级分布")
    ui.chart(_grades_spec, summary, key="evaluation_grades")
with right:
    st.subheader("决策、过程、产出、效益得分")
    ui.chart(_profile_spec, summary, key="evaluation_profile")

rules = data.query("profile_rules", regions=scope.regions)
required = float(rules["evaluation_coverage_min"].drop_nulls().max() or 0.2) if rules.height else 0.2
st.subheader(f"部门评价覆盖面（要求不低于 {format.percent(required, 0)}）")
coverage = data.query("evaluation_coverage", **params, required=required)
if coverage.is_empty():
    ui.empty_state("当前筛选条件下没有开展自评的项目，无法计算覆盖面。")
else:
    met = coverage.filter(pl.col("meets_rule")).height
    st.caption(
        f"{coverage.height} 个部门中 {met} 个达到要求：被评价项目资金 ÷ 该部门同年开展自评的项目支出预算。"
        "点击条形可筛选到该部门。"
    )
    show_all = st.toggle("显示全部部门", key="coverage_all_departments", value=coverage.height <= 25)
    shown = coverage if show_all else coverage.head(20)
    ui.department_bars(
        shown,
        value="coverage",
        kind="rate",
        key="coverage_chart",
        title="覆盖率",
        reference=required,
        reference_label=f"要求 {format.percent(required, 0)}",
        axis_title="覆盖率",
        color="#3a7bd5",
    )
    # drawn when opened (a rerun): a closed expander would still send and lay out the whole table
    coverage_details = st.expander("各部门覆盖面明细", key="coverage_details", on_change="rerun")
    if coverage_details.open:
        coverage_details.dataframe(
            ui.display_table(coverage, tables.COVERAGE),
            hide_index=True,
            placeholder="—",
            column_config=tables.column_config(tables.COVERAGE),
        )

st.subheader("评价项目")
projects = data.listing("evaluation_projects", **params)
st.caption(
    f"{tables.listing_note(projects.total, projects.rows.height, '条评价结果')}；点击一行查看项目详情。"
)
ui.project_table(projects.rows, tables.EVALUATION, key="evaluation_table", height=420)
