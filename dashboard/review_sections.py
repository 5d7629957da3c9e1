"""独立复核 sections the pages draw with one call each: re-scored self-assessments (评分与等级), indicator
lights (预算执行), each indicator's lights and history (项目详情), and the 指标库 table and workbook."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, exports, format, tables, theme, ui
from dashboard.filters import Filters
from dashboard.tables import Column
from warehouse import profiles

LIGHT_LABELS = {"红": "红灯", "黄": "黄灯", "绿": "绿灯", "蓝": "蓝灯"}  # no emoji: server fonts lack them
LIGHT_COLORS = {"红": "#d64545", "黄": "#e0a800", "绿": "#2e9e5b", "蓝": "#1f5fa8"}

RESCORE_DEPARTMENTS = [
    Column("department", "主管部门"),
    Column("forms", "复核表数", "count"),
    Column("inflated", "自评偏高表数", "count"),
    Column("mean_stated", "单位自评平均分", "score"),
    Column("mean_rescored", "复核平均分", "score"),
    Column("mean_finance", "财政评分平均分", "score"),
    Column("gap_review", "单位自评−复核", "score"),
    Column("gap_finance", "单位自评−财政", "score"),
]
RESCORE_PROJECTS = [
    Column("department", "主管部门"),
    Column("project_name", "项目名称"),
    Column("stated_score", "自评得分", "score"),
    Column("rescored", "复核得分", "score"),
    Column("difference", "差额", "score"),
    Column("finance_score", "财政评分", "score"),
    Column("execution_rate", "执行率", "rate"),
    Column("reason", "复核说明"),
    Column("source_file", "来源文件"),
    Column("source_sheet", "工作表"),
]
LIGHT_DEPARTMENTS = [
    Column("department", "主管部门"),
    Column("light_label", "最差灯色"),
    Column("projects", "监控项目数", "count"),
    Column("red_projects", "红灯项目", "count"),
    Column("yellow_projects", "黄灯项目", "count"),
    Column("red_share", "红灯指标占比", "rate"),
]
PROJECT_LIGHTS = [
    Column("period_end_month", "监控月份", "int"),
    Column("level2", "二级指标"),
    Column("level3", "三级指标"),
    Column("target_text", "年度指标值"),
    Column("actual_text", "执行情况"),
    Column("basis", "判定依据"),
    Column("ratio", "实际÷应达", "score"),
    Column("light_label", "亮灯"),
    Column("completion_likelihood", "完成可能性"),
    Column("deviation_reason", "偏差原因"),
    Column("source_row", "行", "int"),
]
HISTORY = [
    Column("level2", "二级指标"),
    Column("level3", "三级指标"),
    Column("target_text", "本年指标值"),
    Column("last_target", "上年指标值", "score"),
    Column("last_actual", "上年实际完成值", "score"),
    Column("mean_actual_3y", "前三年平均完成值", "score"),
    Column("budget", "本年预算（万元）", "money"),
    Column("last_budget", "上年预算（万元）", "money"),
    Column("budget_change", "预算变动", "score"),
    Column("source_row", "行", "int"),
]
LIBRARY = [
    Column("sector", "行业"),
    Column("level1", "一级指标"),
    Column("level2", "二级指标"),
    Column("level3", "三级指标"),
    Column("unit", "单位"),
    Column("operator", "常用符号"),
    Column("indicator_count", "使用次数", "count"),
    Column("department_count", "部门数", "count"),
    Column("typical_low", "常用区间下限（25%分位）", "score"),
    Column("typical_median", "中位数", "score"),
    Column("typical_high", "常用区间上限（75%分位）", "score"),
    Column("first_year", "首次年度", "int"),
    Column("last_year", "最近年度", "int"),
]


def _with_light_labels(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    return frame.with_columns(
        light_label=pl.col(column).replace_strict(LIGHT_LABELS, default="—", return_dtype=pl.String)
    )


def _table(frame: pl.DataFrame, spec: list[Column], key: str) -> None:
    st.dataframe(
        ui.display_table(frame, spec),
        hide_index=True,
        placeholder="—",
        column_config=tables.column_config(spec),
        key=key,
    )


def bands_caption() -> str:
    """The configured light bands as users read them (regions.toml [review.light_bands])."""
    bands = sorted(profiles.review_light_band_rows(), key=lambda pair: pair[1])
    parts = []
    for (light, low), upper in zip(bands, [*[b[1] for b in bands[1:]], None], strict=True):
        span = f"≥{low:.0%}" if upper is None else f"{low:.0%}–{upper:.0%}"
        parts.append(f"{LIGHT_LABELS[light]} {span}")
    return (
        "实际进度 ÷ 序时进度（年度指标值 × 月份/12）："
        + "，".join(parts)
        + "。水平类指标（合格率、成本）按是否达到指标值，定性指标按完成可能性。"
    )


# ---------------------------------------------------------------------------------------------------------
# 评分与等级


def _rescore_spec(shown: pl.DataFrame) -> dict:
    bars = [
        {
            "type": "bar",
            "name": name,
            "y": shown["department"].to_list(),
            "x": ui.floats(shown, field),
            "orientation": "h",
            "marker": {"color": color},
            "hovertemplate": "%{y}<br>" + name + "：%{x:.2f} 分<extra></extra>",
        }
        for field, name, color in (
            ("gap_review", "单位自评 − 复核", "#d64545"),
            ("gap_finance", "单位自评 − 财政评分", "#1f5fa8"),
        )
    ]
    layout = theme.chart_layout(
        height=max(320, 26 * shown.height + 80),
        barmode="group",
        xaxis_title="分",
        yaxis={"autorange": "reversed"},
    )
    return {"data": bars, "layout": layout}


def rescore_query(scope: Filters) -> tuple[str, dict]:
    """The query `draw_rescore` runs, for a page's data.prefetch."""
    return "review_rescore_by_department", scope.params("self_eval")


def draw_rescore(scope: Filters) -> None:
    """Stated vs recomputed self-assessment scores per department, beside the 自评 − 财政 gap."""
    st.subheader("单位自评复核：填报得分与按表重算得分")
    name, params = rescore_query(scope)
    rows = data.query(name, **params)
    if rows.is_empty():
        st.caption("所选范围没有逐表加载的项目支出绩效自评表，无法按表重新计分。")
        return
    forms = int(rows["forms"].sum())
    stated = float((rows["mean_stated"] * rows["forms"]).sum()) / forms
    rescored = float((rows["mean_rescored"] * rows["forms"]).sum()) / forms
    cols = st.columns(4)
    cols[0].metric("复核的自评表", f"{forms:,} 张", border=True)
    cols[1].metric("填报自评平均分", format.score(stated), border=True)
    cols[2].metric("复核平均分", format.score(rescored), border=True)
    cols[3].metric(
        "单位自评 − 复核",
        f"{format.signed(stated - rescored)} 分",
        border=True,
        help=f"自评总分高出复核得分超过容差的表：{int(rows['inflated'].sum())} 张（规则 R01）",
    )
    shown = rows.head(20)
    st.caption(
        f"差额最大的 {shown.height} 个部门（共 {rows.height} 个）：复核按表内执行数与完成值重新计分"
        "（执行率得分 = 分值 × min(执行率, 1)；定量指标按完成值 ÷ 指标值；定性指标按财预〔2020〕10号档次）。"
    )
    ui.chart(_rescore_spec, shown, key="review_rescore_gap")
    # The detail (and its project query) runs only while the expander is open.
    details = st.expander("复核明细（按自评偏高程度排序）", key="review_rescore_details", on_change="rerun")
    if details.open:
        with details:
            _table(rows, RESCORE_DEPARTMENTS, "review_rescore_departments")
            projects = data.listing("review_rescore_projects", **scope.params("self_eval"))
            st.caption(tables.listing_note(projects.total, projects.rows.height, "个复核项目"))
            _table(projects.rows, RESCORE_PROJECTS, "review_rescore_projects")


# ---------------------------------------------------------------------------------------------------------
# 预算执行


def _lights_spec(summary: pl.DataFrame) -> dict:
    bars = []
    for light in ("红", "黄", "绿", "蓝"):
        rows = summary.filter(pl.col("worst_light") == light)
        bars.append(
            {
                "type": "bar",
                "name": LIGHT_LABELS[light],
                "x": [f"1-{m}月" for m in rows["period_end_month"].to_list()],
                "y": rows["projects"].to_list(),
                "marker": {"color": LIGHT_COLORS[light]},
                "hovertemplate": "%{x} " + LIGHT_LABELS[light] + "：%{y} 个项目<extra></extra>",
            }
        )
    layout = theme.chart_layout(height=300, barmode="stack", xaxis_title="监控时点", yaxis_title="项目数")
    return {"data": bars, "layout": layout}


def lights_queries(scope: Filters) -> tuple[tuple[str, dict], ...]:
    """The queries `draw_lights` runs, for a page's data.prefetch."""
    params = scope.params("monitoring")
    return ("review_lights_summary", params), ("review_lights_by_department", params)


def draw_lights(scope: Filters) -> None:
    """Red/yellow/green/blue lights of monitored indicators, rolled up to projects and departments."""
    st.subheader("监控指标亮灯（红黄绿蓝）")
    (summary_query, params), (departments_query, _) = lights_queries(scope)
    summary = data.query(summary_query, **params)
    if summary.is_empty():
        st.caption("所选范围没有逐条指标的监控表，无法亮灯。")
        return
    months = sorted(summary["period_end_month"].unique().to_list(), reverse=True)
    month = st.segmented_control(
        "监控时点",
        months,
        default=months[0],
        format_func=lambda m: f"1-{m}月",
        key="review_light_month",
    )
    month = month or months[0]
    at = summary.filter(pl.col("period_end_month") == month)
    cols = st.columns(4)
    for col, light in zip(cols, ("红", "黄", "绿", "蓝"), strict=True):
        n = int(at.filter(pl.col("worst_light") == light)["projects"].sum())
        col.metric(f"{LIGHT_LABELS[light]}项目", f"{n} 个", border=True)
    st.caption("项目按其最差一条指标亮灯。" + bands_caption())
    left, right = st.columns([2, 3])
    with left:
        ui.chart(_lights_spec, summary, key="review_lights_months")
    with right:
        departments = data.query(departments_query, **params)
        departments = _with_light_labels(
            departments.filter(pl.col("period_end_month") == month), "worst_light"
        )
        st.caption(f"1-{month}月各部门亮灯（红灯指标占比从高到低）")
        _table(departments, LIGHT_DEPARTMENTS, "review_lights_departments")


# ---------------------------------------------------------------------------------------------------------
# 项目详情


def draw_project_review(project: str, years: list[int]) -> None:
    """One project's indicator lights at every checkpoint and each target indicator's history."""
    st.markdown("#### 指标亮灯（监控）")
    lights = data.query("review_project_lights", years=years, project=project)
    if lights.is_empty():
        st.caption("该项目没有逐条指标的监控表。")
    else:
        st.caption(bands_caption())
        _table(_with_light_labels(lights, "light"), PROJECT_LIGHTS, "review_project_lights")
    st.markdown("#### 指标历史（历史标准）")
    history = data.query("review_indicator_history", years=years, project=project)
    if history.is_empty():
        st.caption("该项目没有本年度的绩效目标表。")
    elif history["last_target"].is_null().all() and history["last_actual"].is_null().all():
        st.caption("没有找到该项目上年的目标表或自评表（按项目名称去掉年份 + 三级指标 + 单位匹配）。")
        _table(history, HISTORY, "review_indicator_history")
    else:
        st.caption(
            "上年指标值与实际完成值按项目名称（去掉年份前缀）+ 三级指标 + 单位匹配；预算变动 = 本年 ÷ 上年 − 1。"
        )
        _table(history, HISTORY, "review_indicator_history")


# ---------------------------------------------------------------------------------------------------------
# 指标库


def library_workbook(frame: pl.DataFrame, about: list[tuple[str, str]]) -> bytes:
    """The 指标库 as a workbook departments can use when they set targets."""
    return exports.to_xlsx([("指标库", tables.display_frame(frame, LIBRARY), LIBRARY)], about)


def draw_library() -> None:
    everything = data.query("review_indicator_library", sectors=[], second_levels=[])
    if everything.is_empty():
        ui.empty_state("尚未加载任何带定量指标值的绩效目标表，指标库为空。")
        return
    left, right = st.columns(2)
    sectors = left.multiselect(
        "行业",
        sorted(everything["sector"].unique().to_list()),
        key="library_sectors",
        placeholder="全部行业",
    )
    second_levels = right.multiselect(
        "二级指标",
        sorted(everything["level2"].drop_nulls().unique().to_list()),
        key="library_second_levels",
        placeholder="全部二级指标",
    )
    frame = data.query("review_indicator_library", sectors=sectors, second_levels=second_levels)
    cols = st.columns(3)
    cols[0].metric("指标条目", f"{frame.height:,}", border=True)
    cols[1].metric("来源指标", f"{int(frame['indicator_count'].sum()):,} 条", border=True)
    cols[2].metric("行业", f"{frame['sector'].n_unique()} 个", border=True)
    st.caption(
        "由已加载的绩效目标表中的定量指标汇集（模板占位名称已剔除）：按行业（部门名称关键词，见 regions.toml "
        "[review.sectors]）与一、二、三级指标和单位归类；常用区间为目标值的 25%–75% 分位，目标值超过上限 5 倍由规则 R07 提示。"
    )
    _table(frame, LIBRARY, "library_table")
    about = [
        ("内容", "绩效指标库（各部门已设置的定量指标及其常用目标值区间）"),
        ("行业", "、".join(sectors) or "全部行业"),
        ("二级指标", "、".join(second_levels) or "全部二级指标"),
        ("数据版本", data.version()),
    ]
    st.download_button(
        "下载指标库（.xlsx）",
        data=lambda: library_workbook(frame, about),
        file_name="绩效指标库.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        on_click="ignore",
        icon=":material/download:",
        key="library_download",
    )
