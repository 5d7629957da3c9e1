"""项目详情：one project across every stage — targets and indicators, monitoring, self-assessment,
evaluation and audit findings — each number with the file, sheet and row it came from."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, filters, format, review_sections, tables, ui
from warehouse import profiles

scope = filters.current()
st.title("项目详情")
# A project's stages fall in different fiscal years of one working year (targets of Y, self-assessment of
# Y−1): show every fiscal year of the cycle, each row saying its own.
years = sorted({y for s in profiles.CYCLE_STAGES if (y := scope.fiscal_year(s)) is not None})
st.caption(
    f"{scope.year_text()}："
    + "，".join(scope.label(s) for s in profiles.CYCLE_STAGES)
    + " · "
    + " · ".join(v for _, v in scope.describe()[1:])
)
params = {**scope.params("self_eval"), "years": years}

listed = data.listing("project_choices", **params)
choices = listed.rows
if choices.is_empty():
    ui.empty_state()
    st.stop()
labels = {
    r[
        "project_key"
    ]: f"{r['project_name']}（{r['department']}{' · ' + r['project_code'] if r['project_code'] else ''}）"
    for r in choices.iter_rows(named=True)
}
# `?project=<编码或名称>` opens a project directly (links from other pages and shared URLs); the picker
# is not URL-bound itself because a bound selectbox writes its display label into the URL.
from_url = st.query_params.get("project")
remembered = st.session_state.get("_project_from_url")
if listed.truncated:
    st.caption(
        f"当前筛选下共 {listed.total:,} 个项目，选择框列出前 {choices.height:,} 个；"
        "用左侧的区划、主管部门筛选缩小范围，或在其他页面的表格中点击一行打开项目。"
    )
    # a project opened from another page's table (or looked at before), beyond the first rows
    for key in (from_url, remembered):
        if key and key not in labels:
            labels[key] = key
if from_url in labels and remembered != from_url:
    st.session_state["project_pick"] = from_url
    st.session_state["_project_from_url"] = from_url
elif from_url is None and remembered in labels and st.session_state.get("project_pick") is None:
    # back from another page (whose link carries no project): the project last looked at, as the filters
    # are kept too
    st.session_state["project_pick"] = remembered
project = st.selectbox(
    "项目",
    list(labels),
    index=None,
    format_func=lambda k: labels.get(k, k),
    key="project_pick",
    placeholder="输入项目名称或编码查找项目；也可在其他页面的表格中点击一行",
)
if project:
    st.query_params["project"] = project
    st.session_state["_project_from_url"] = project
else:
    st.session_state.pop("_project_from_url", None)  # cleared by the user: not brought back
    if "project" in st.query_params:
        del st.query_params["project"]
if project is None:
    st.info("请选择一个项目。", icon=":material/touch_app:")
    st.stop()

stages = data.query("project_stages", years=years, project=project)
if stages.is_empty():
    ui.empty_state("该项目在当前年度没有任何环节的数据。")
    st.stop()

head = stages.row(0, named=True)
self_eval = stages.filter(pl.col("stage") == "单位自评")
st.subheader(head["project_name"])
st.caption(
    f"{head['department']} · 项目编码 {head['project_code'] or '—'} · {head['fiscal_year']} 年度 · "
    f"资金性质 {next((f for f in stages['fund_type'] if f), '—')}"
)

present = stages["stage"].unique(maintain_order=True).to_list()
steps = ["事前评估", "绩效目标", "绩效监控", "单位自评", "部门评价", "财政评价"]
st.markdown(" → ".join(f"**{s}** ✓" if s in present else f"{s} —" for s in steps))

cols = st.columns(4)
if self_eval.height:
    r = self_eval.row(0, named=True)
    cols[0].metric("全年预算数", format.wan_or_yi(r["budget"]), border=True, help=format.wan(r["budget"]))
    cols[1].metric("预算执行率", format.percent(r["execution_rate"]), border=True)
    cols[2].metric("财政评分", format.score(r["finance_score"]), border=True)
    cols[3].metric("等级", r["result"] or "—", border=True)

st.markdown("#### 各环节数据与来源")
st.dataframe(
    ui.display_table(stages, tables.PROJECT_STAGES),
    hide_index=True,
    placeholder="—",
    column_config=tables.column_config(tables.PROJECT_STAGES),
)

st.markdown("#### 绩效指标")
indicators = data.query("project_indicators", years=years, project=project)
if indicators.is_empty():
    st.caption("没有加载该项目的逐条指标（目标表、监控表或自评表）。")
else:
    stage_names = indicators["stage"].unique(maintain_order=True).to_list()
    for tab, stage in zip(
        st.tabs([f"{s}（{(indicators['stage'] == s).sum()} 条）" for s in stage_names]),
        stage_names,
        strict=True,
    ):
        with tab:
            rows = indicators.filter(pl.col("stage") == stage)
            st.dataframe(
                ui.display_table(rows, tables.PROJECT_INDICATORS),
                hide_index=True,
                placeholder="—",
                column_config=tables.column_config(tables.PROJECT_INDICATORS),
            )

st.markdown("#### 审核发现的问题")
if data.query("view_exists", view="problem")["present"][0]:
    problems = data.query("project_problems", years=years, project=project)
    if problems.is_empty():
        st.caption("审核规则未发现该项目的问题。")
    else:
        st.dataframe(
            ui.display_table(problems, tables.PROJECT_PROBLEMS),
            hide_index=True,
            placeholder="—",
            column_config=tables.column_config(tables.PROJECT_PROBLEMS),
        )
else:
    st.caption("当前数据仓库尚未运行审核规则。")

review_sections.draw_project_review(project, years)
