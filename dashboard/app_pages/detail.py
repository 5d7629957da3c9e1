"""明细与导出：the filtered project table with a search box, its .xlsx/.csv downloads, and one workbook
holding every table of the dashboard for the same filters."""

from __future__ import annotations

import streamlit as st

from dashboard import data, exports, format, tables, ui
from warehouse import profiles

scope = ui.header("明细与导出", "self_eval", "项目自评明细")
params = scope.params("self_eval")

search = st.text_input(
    "搜索",
    key="q",
    bind="query-params",
    placeholder="输入项目名称、编码、主管部门或预算单位中的文字",
    icon=":material/search:",
    label_visibility="collapsed",
).strip()
projects = data.listing("detail_projects", **params, search=search)
if projects.total == 0:
    if search:
        ui.empty_state("没有符合筛选条件和搜索文字的项目。")
    else:
        ui.stage_empty("self_eval", "项目自评明细", key="detail_empty")
    st.stop()

totals = data.query("detail_projects_totals", **params, search=search).row(0, named=True)
st.caption(
    tables.listing_note(
        projects.total,
        projects.rows.height,
        "个项目",
        f"（其中开展自评 {totals['assessed']:,} 个，预算 {format.wan_or_yi(totals['assessed_budget'] or 0)}）",
    )
    + "；金额单位：万元；点击一行查看该项目各环节的详情。"
)
ui.project_table(projects.rows, tables.DETAIL, key="detail_table", height=520)

about = [*scope.describe_for("self_eval"), ("搜索", search or "—"), ("数据来源", data.source_text())]
stem = f"项目明细_{scope.fiscal_year('self_eval')}"
ui.download_buttons("detail", stem, [("项目明细", projects, tables.DETAIL)], about)

FUND_EXECUTION = [tables.Column("category", "资金性质"), *tables.DEPARTMENT_EXECUTION[1:]]
FUNNEL = [
    tables.Column("stage", "环节"),
    tables.Column("projects", "项目数", "count"),
    tables.Column("amount", "金额（万元）", "money"),
]
CHECKPOINTS = [
    tables.Column("scope", "范围"),
    tables.Column("period_end_month", "监控截止月份", "int"),
    tables.Column("rows", "条数", "count"),
    tables.Column("budget", "调整后预算数（万元）", "money"),
    tables.Column("executed", "执行数（万元）", "money"),
    tables.Column("execution_rate", "执行率", "rate"),
    tables.Column("time_progress", "序时进度", "rate"),
    tables.Column("behind", "落后于序时进度", "count"),
]


def whole_dashboard() -> bytes:
    """Every page's tables for the current filters, one sheet each (built only when clicked)."""
    rules = data.query("profile_rules", regions=scope.regions)
    required = float(rules["evaluation_coverage_min"].drop_nulls().max() or 0.2) if rules.height else 0.2
    threshold = int(st.session_state.get("low") or 60)
    monitoring, target, evaluation = (scope.params(s) for s in ("monitoring", "target", "evaluation"))
    sheets = [
        ("项目明细", projects.whole(), tables.DETAIL),
        ("环节漏斗", data.query("overview_funnel", **scope.cycle_params()), FUNNEL),
        ("部门执行", data.query("execution_by_department", **params), tables.DEPARTMENT_EXECUTION),
        ("资金性质执行", data.query("execution_by_fund", **params), FUND_EXECUTION),
        (
            "低执行项目",
            data.query("execution_low", **params, threshold=threshold / 100),
            tables.LOW_EXECUTION,
        ),
        ("监控进度", data.query("monitoring_checkpoints", **monitoring), CHECKPOINTS),
        ("自评与财政评分", data.query("score_gap_by_department", **params), tables.SCORE_GAP),
        ("部门量化率", data.query("targets_by_department", **target), tables.TARGETS_BY_DEPARTMENT),
        ("资金分组量化率", data.query("targets_by_fund_group", **target), tables.TARGETS_BY_FUND_GROUP),
        ("评价结果", data.query("evaluation_projects", **evaluation), tables.EVALUATION),
        ("评价覆盖面", data.query("evaluation_coverage", **evaluation, required=required), tables.COVERAGE),
    ]
    return exports.to_xlsx(
        [(name, tables.display_frame(frame, spec), spec) for name, frame, spec in sheets],
        [
            *[(k, v) for k, v in about if k != "搜索"],
            *((profiles.CYCLE_STAGES[s][0], scope.label(s)) for s in profiles.CYCLE_STAGES),
            (
                "说明",
                f"每个工作表对应看板中的一张表；低执行项目按执行率低于 {threshold}% 统计，"
                f"部门评价覆盖面要求 {format.percent(required, 0)}",
            ),
        ],
    )


st.download_button(
    "下载整个看板（.xlsx）",
    data=data.recorded(
        f"绩效看板_{scope.year_text().replace(' ', '')}.xlsx", about, projects.total, whole_dashboard
    ),
    file_name=f"绩效看板_{scope.year_text().replace(' ', '')}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="dashboard_xlsx",
    icon=":material/folder_zip:",
    help="当前筛选条件下各页面的全部表格，每张表一个工作表",
)
