"""工作推进台账: who has submitted what, by when — per stage of the work calendar, per department and 对口科室,
with the coverage checks of the work plan and an export for each 科室 to chase its departments."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, exports, ledger_tables, tables, theme, ui

STATUSES = ["未报送", "逾期报送", "已报送", "不适用"]
CHASED = ["未报送", "逾期报送"]  # what the 催报清单 chases
STATUS_COLORS = {"已报送": "#2e7d32", "逾期报送": "#f9a825", "未报送": "#c62828"}


def _stages_spec(summary: pl.DataFrame, labels: list[str]) -> dict:
    bars = [
        {
            "type": "bar",
            "name": status,
            "y": labels,
            "x": summary[field].to_list(),
            "orientation": "h",
            "marker": {"color": STATUS_COLORS[status]},
            "hovertemplate": "%{y}<br>" + status + "：%{x} 个部门<extra></extra>",
        }
        for status, field in (("已报送", "on_time"), ("逾期报送", "late"), ("未报送", "missing"))
    ]
    layout = theme.chart_layout(
        height=60 + 36 * summary.height,
        barmode="stack",
        xaxis_title="部门数",
        yaxis={"autorange": "reversed"},
    )
    return {"data": bars, "layout": layout}


scope = ui.cycle_header("工作推进台账", "各环节报送进度")
params = scope.submission_params()
offices_all = data.query("submission_offices")["office"].to_list()
left, right = st.columns(2)
offices = left.multiselect("对口科室", offices_all, placeholder="全部科室", key="progress_offices")
statuses = right.multiselect("状态", STATUSES, placeholder="全部状态", key="progress_statuses")
chosen = {**params, "offices": offices}
del chosen["funds"]

summary = data.query("submission_summary", **chosen)
if summary.is_empty():
    ui.empty_state(
        "当前筛选条件下没有工作日历中的报送环节（工作日历见 warehouse/config/regions.toml [calendar]）。"
    )
    st.stop()

cols = st.columns(4)
cols[0].metric("应报送（部门·环节）", f"{summary['expected'].sum():,}", border=True)
cols[1].metric("按时报送", f"{summary['on_time'].sum():,}", border=True)
cols[2].metric("逾期报送", f"{summary['late'].sum():,}", border=True)
cols[3].metric("未报送", f"{summary['missing'].sum():,}", border=True)

st.subheader("各环节报送进度")
labels = [
    f"{r['fiscal_year']} {r['stage']}（{r['due_date']:%m-%d} 截止）" for r in summary.iter_rows(named=True)
]
ui.chart(_stages_spec, summary, labels, key="progress_stages")

st.subheader("部门报送明细")
# the first rows in the list's order (missing and late first); the 催报清单 holds every row
listed = data.listing("submission_ledger", **chosen, statuses=statuses)
rows = ledger_tables.dates_as_text(listed.rows)
spec = ledger_tables.SUBMISSION
shown = rows.select([c.field for c in spec])
st.dataframe(
    shown.rename({c.field: c.label for c in spec}).to_pandas(),
    hide_index=True,
    placeholder="—",
    height=420,
    key="progress_table",
)
st.caption(
    tables.listing_note(listed.total, rows.height, "条")
    + "。报送日期取表内“填报日期”；表内没有时取工作簿的最后保存日期，再没有时取文件加载日期（“日期来源”一栏注明）。不适用：当年没有项目的部门不须报送项目环节。"
)


def chase_workbook() -> bytes:
    """The 催报清单 of the whole filtered list, not only the rows on screen: a sheet per 对口科室."""
    chase = ledger_tables.dates_as_text(listed.whole()).filter(pl.col("status").is_in(CHASED))
    offices = sorted(set(chase["office"].to_list()), key=lambda o: (o is None, o or ""))
    sheets = [(o or "未分科室", chase.filter(pl.col("office").eq_missing(o)), spec) for o in offices]
    return exports.to_xlsx(sheets or [("催报清单", chase, spec)], scope.describe())


# the summary counts what is to chase under the same 科室 filter; a status filter may leave none of it
to_chase = (
    int(summary["late"].sum() + summary["missing"].sum())
    if not statuses or set(statuses) & set(CHASED)
    else 0
)
st.download_button(
    "导出催报清单（每个科室一页）",
    data=chase_workbook,
    file_name=f"催报清单_{scope.year_text().replace(' ', '')}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="progress_export",
    icon=":material/download:",
    disabled=to_chase == 0,
    help="未报送和逾期报送的部门，按对口科室分页，供各科室督促",
)

st.subheader("覆盖面检查")
checks = data.query(
    "submission_coverage_checks", **{k: v for k, v in scope.problem_params().items() if k != "funds"}
)
if checks.is_empty():
    st.success("部门评价覆盖面与财政重点评价数量均符合工作计划要求。", icon=":material/task_alt:")
else:
    spec_checks = ledger_tables.COVERAGE_CHECKS
    st.dataframe(
        checks.select([c.field for c in spec_checks])
        .rename({c.field: c.label for c in spec_checks})
        .to_pandas(),
        hide_index=True,
        placeholder="—",
        key="progress_checks",
    )
