"""问题清单：what the audit rules found (by rule, department and stage), a list to work through with the
退回整改通知 per department, and the 结果应用 lists (budget cuts, evaluation coverage, monitoring, ex ante)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, exports, filters, format, notices, tables, theme, ui
from dashboard.tables import Column
from warehouse import audit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SEVERITIES = ["高", "中", "低"]
SEVERITY_COLORS = {"高": "#c62828", "中": "#f9a825", "低": "#90a4ae"}

PROBLEM_COLUMNS = [
    Column("fiscal_year", "年度", "int"),
    Column("department", "主管部门"),
    Column("stage", "环节"),
    Column("project_name", "项目名称"),
    Column("rule_code", "规则"),
    Column("rule_title", "问题类型"),
    Column("severity", "严重程度"),
    Column("message", "问题说明"),
    Column("source_file", "来源文件"),
    Column("source_sheet", "工作表"),
    Column("source_row", "行号", "int"),
]
RULE_COLUMNS = [
    Column("rule_code", "规则"),
    Column("rule_title", "问题类型"),
    Column("severity", "严重程度"),
    Column("stage", "环节"),
    Column("problems", "问题数", "count"),
    Column("departments", "涉及部门", "count"),
]
DEPARTMENT_COLUMNS = [
    Column("department", "主管部门"),
    Column("problems", "问题数", "count"),
    Column("high", "高", "count"),
    Column("medium", "中", "count"),
    Column("low", "低", "count"),
]
BUDGET_CUT_COLUMNS = [
    Column("fiscal_year", "评价年度", "int"),
    Column("budget_year", "扣减预算年度", "int"),
    Column("department", "主管部门"),
    Column("project_code", "项目编码"),
    Column("project_name", "项目名称"),
    Column("score_source", "评价结果来源"),
    Column("score", "得分", "score"),
    Column("grade", "等级", "grade"),
    Column("budget", "本年度预算（万元）", "money"),
    Column("next_budget", "下年度目标预算（万元）", "money"),
    Column("cut_base_source", "扣减基数"),
    Column("cut_rate", "扣减比例", "rate"),
    Column("proposed_cut", "建议扣减（万元）", "money"),
    Column("source_file", "来源文件"),
    Column("source_row", "来源行", "int"),
]
DEPT_COVERAGE_COLUMNS = [
    Column("fiscal_year", "年度", "int"),
    Column("department", "主管部门"),
    Column("projects", "自评项目数", "count"),
    Column("project_budget", "项目预算合计（万元）", "money"),
    Column("evaluated_projects", "部门评价项目数", "count"),
    Column("evaluated_budget", "部门评价资金（万元）", "money"),
    Column("coverage", "覆盖比例", "rate"),
    Column("meets_rule", "达到要求", "bool"),
    Column("shortfall", "尚差资金（万元）", "money"),
]
PROJECT_COVERAGE_COLUMNS = [
    Column("fiscal_year", "年度", "int"),
    Column("department", "主管部门"),
    Column("project_code", "项目编码"),
    Column("project_name", "项目名称"),
    Column("budget", "全年预算数（万元）", "money"),
    Column("window_start", "周期起始年度", "int"),
    Column("last_evaluated_year", "最近部门评价年度", "int"),
    Column("covered", "周期内已评价", "bool"),
    Column("source_file", "来源文件"),
    Column("source_row", "来源行", "int"),
]
MONITORING_COLUMNS = [
    Column("fiscal_year", "年度", "int"),
    Column("department", "主管部门"),
    Column("project_name", "项目名称"),
    Column("previous_month", "前次监控（1-N月）", "int"),
    Column("previous_reasons", "前次不合格原因"),
    Column("period_end_month", "本次监控（1-N月）", "int"),
    Column("reasons", "本次不合格原因"),
    Column("grade", "当前等级", "grade"),
    Column("grade_source", "等级来源"),
    Column("grade_barred", "等级须调整", "bool"),
    Column("source_file", "来源文件"),
    Column("source_row", "来源行", "int"),
]
EXANTE_COLUMNS = [
    Column("fiscal_year", "评估年度", "int"),
    Column("department", "主管部门"),
    Column("project_name", "项目名称"),
    Column("amount", "涉及资金（万元）", "money"),
    Column("conclusion", "评估结论"),
    Column("target_year", "绩效目标年度", "int"),
    Column("target_budget", "目标预算（万元）", "money"),
    Column("source_file", "评估来源文件"),
    Column("source_row", "评估来源行", "int"),
    Column("target_source_file", "目标来源文件"),
    Column("target_source_row", "目标来源行", "int"),
]


scope = filters.current()
params = scope.problem_params()
settings = audit.results_settings()
about = [*scope.describe(), ("数据来源", data.source_text())]
stem_year = scope.year_text().replace(" ", "")


def _stage_spec(by_stage: pl.DataFrame) -> dict:
    trace = {
        "type": "bar",
        "x": by_stage["problems"].to_list(),
        "y": by_stage["stage"].to_list(),
        "orientation": "h",
        "marker": {"color": "#1565c0"},
        "text": [format.count(n) for n in by_stage["problems"]],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}：%{x} 个问题<extra></extra>",
    }
    layout = theme.chart_layout(
        height=300,
        xaxis=theme.count_axis(by_stage["problems"].to_list(), title="问题数"),
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return {"data": [trace], "layout": layout}


def downloads(key: str, title: str, frame, spec: list[Column], stage: str | None = None) -> None:
    """Excel and CSV of exactly the filtered table, headed by the filters and the section's year and stage.
    `frame` is the display table, or a callable giving it on click (a list shown only in part)."""
    section_about = scope.describe_for(stage) + about[-1:] if stage else about
    table = frame if callable(frame) else (lambda: frame)
    with st.container(horizontal=True, key=f"{key}_downloads"):
        st.download_button(
            "下载 Excel（.xlsx）",
            data=lambda: exports.to_xlsx([(title, table(), spec)], section_about),
            file_name=f"{title}_{stem_year}.xlsx",
            mime=XLSX,
            on_click="ignore",
            key=f"{key}_xlsx",
            icon=":material/download:",
        )
        st.download_button(
            "下载 CSV",
            data=lambda: exports.to_csv(table(), spec, section_about),
            file_name=f"{title}_{stem_year}.csv",
            mime="text/csv",
            on_click="ignore",
            key=f"{key}_csv",
            icon=":material/csv:",
        )


def show(
    key: str,
    title: str,
    frame: pl.DataFrame | data.Listing,
    spec: list[Column],
    empty: str,
    stage: str,
    height: int = 320,
) -> None:
    """A result list; a data.Listing shows its first rows, says how many there are, and exports them all."""
    listed = frame if isinstance(frame, data.Listing) else None
    rows = listed.rows if listed else frame
    if rows.is_empty():
        st.info(empty, icon=":material/task_alt:")
        return
    if listed:
        st.caption(tables.listing_note(listed.total, rows.height))
    grid, config = ui.grid(rows, spec)
    st.dataframe(
        grid,
        hide_index=True,
        placeholder="—",
        column_config=config,
        key=key,
        height=height,
    )
    whole = (
        (lambda: tables.display_frame(listed.whole(), spec)) if listed else tables.display_frame(rows, spec)
    )
    downloads(key, title, whole, spec, stage)


st.title("问题清单")
st.caption(
    f"{scope.year_text()}：{scope.label('target')}、{scope.label('monitoring')}、{scope.label('self_eval')}等 · "
    + " · ".join(v for _, v in scope.describe()[1:])
    + " · 审核规则在每次加载数据后自动运行"
)
problems_tab, results_tab = st.tabs(["审核问题", "结果应用"])

with problems_tab:
    by_rule = data.query("problem_by_rule", **params)
    by_department = data.query("problem_by_department", **params)
    by_stage = data.query("problem_by_stage", **params)
    total = int(by_rule["problems"].sum())
    cols = st.columns(4)
    cols[0].metric("问题总数", format.count(total), border=True)
    cols[1].metric(
        "严重程度“高”",
        format.count(int(by_department["high"].sum())),
        border=True,
        help="数据明显错误或目标无法考核，须退回整改",
    )
    cols[2].metric("涉及主管部门", format.count(by_department.height), border=True)
    cols[3].metric(
        "涉及项目",
        format.count(int(by_department["projects"].sum())),
        border=True,
        help="按部门分别计数的项目",
    )
    if total == 0:
        st.success("当前筛选范围内，审核规则没有发现问题。", icon=":material/task_alt:")

    left, right = st.columns([3, 2])
    with left:
        st.subheader("按规则")
        st.dataframe(
            ui.display_table(by_rule, RULE_COLUMNS),
            hide_index=True,
            placeholder="—",
            column_config=tables.column_config(RULE_COLUMNS),
            key="by_rule",
            height=300,
        )
    with right:
        st.subheader("按环节")
        if by_stage.height:
            ui.chart(_stage_spec, by_stage, key="stage_chart")
        else:
            st.caption("没有问题。")
    st.subheader("按主管部门")
    st.dataframe(
        ui.display_table(by_department, DEPARTMENT_COLUMNS),
        hide_index=True,
        placeholder="—",
        column_config=tables.column_config(DEPARTMENT_COLUMNS),
        key="by_department",
        height=260,
    )

    st.subheader("问题列表")
    rule_labels = {
        r["rule_code"]: f"{r['rule_code']} {r['rule_title']}" for r in by_rule.iter_rows(named=True)
    }
    f1, f2, f3, f4 = st.columns([3, 1, 2, 2])
    rules = f1.multiselect(
        "问题类型",
        list(rule_labels),
        format_func=rule_labels.get,
        key="problem_rules",
        placeholder="全部规则",
    )
    severities = f2.multiselect("严重程度", SEVERITIES, key="problem_severity", placeholder="全部")
    stages = f3.multiselect("环节", by_stage["stage"].to_list(), key="problem_stage", placeholder="全部环节")
    keyword = f4.text_input("关键词", key="problem_keyword", placeholder="项目、部门或问题说明").strip()
    listed = data.listing(
        "problem_list_cycle",
        distinct=("department",),
        **params,
        rules=rules,
        severities=severities,
        stages=stages,
        keyword=keyword,
    )
    departments = listed.distinct["department"]
    st.caption(
        tables.listing_note(listed.total, listed.rows.height, "个问题", f"，涉及 {departments:,} 个主管部门")
        + "；来源文件、工作表和行号指向需要更正的单元格所在行"
    )
    st.dataframe(
        tables.display_frame(listed.rows, PROBLEM_COLUMNS),
        hide_index=True,
        placeholder="—",
        column_config=tables.column_config(PROBLEM_COLUMNS),
        key="problem_table",
        height=420,
    )
    list_about = [
        *about,
        ("问题类型", "、".join(rule_labels[r] for r in rules) or "全部"),
        ("严重程度", "、".join(severities) or "全部"),
        ("环节", "、".join(stages) or "全部"),
        ("关键词", keyword or "—"),
    ]
    ui.download_buttons(
        "problems", f"问题清单_{stem_year}", [("问题清单", listed, PROBLEM_COLUMNS)], list_about
    )
    st.download_button(
        "退回整改通知（每部门一页）",
        data=data.recorded(
            f"退回整改通知_{stem_year}.xlsx",
            list_about,
            listed.total,
            lambda: notices.build_notice(
                listed.whole(), list_about, keys=data.query("ledger_item_keys", **params)
            ),
        ),
        file_name=f"退回整改通知_{stem_year}.xlsx",
        mime=XLSX,
        on_click="ignore",
        key="notice_xlsx",
        icon=":material/assignment_return:",
        disabled=listed.total == 0,
        help="列表中的问题按主管部门分页，每个问题注明来源文件、工作表和行号",
    )

with results_tab:
    st.caption("依据工作计划“强化绩效评价结果应用”等要求生成的清单；阈值由系统管理员在审核规则配置中设定。")

    cut_below, cut_rate = settings["budget_cut_below"], settings["budget_cut_rate"]
    st.subheader(f"评价结果不到 {format.limit(cut_below)} 分的项目：按比例扣减预算")
    st.caption(
        f"本年度评价结果（财政评价优先，其次部门评价，再次单位自评的财政评分）低于 {format.limit(cut_below)} 分的项目，"
        f"建议按 {format.percent(cut_rate, 0)} 扣减下年度项目预算；已加载下年度绩效目标时以其预算为基数，否则以本年度预算为基数。"
    )
    st.caption(scope.label("evaluation", "评价结果"))
    cut = data.listing(
        "results_budget_cut",
        sums=("proposed_cut",),
        **scope.params("evaluation"),
        cut_below=cut_below,
        cut_rate=cut_rate,
    )
    if cut.total:
        st.metric(
            "建议扣减合计（万元）",
            format.amount(cut.sums["proposed_cut"]),
            help=f"{cut.total} 个项目",
        )
    show("budget_cut", "扣减预算建议", cut, BUDGET_CUT_COLUMNS, "没有评价结果低于标准的项目。", "evaluation")

    min_share, window = settings["coverage_min_share"], settings["coverage_window_years"]
    st.subheader("部门评价覆盖")
    st.caption(
        f"部门评价项目资金不低于部门项目支出预算的 {format.percent(min_share, 0)}（以开展单位自评的项目为基数）。"
    )
    coverage = data.listing("results_dept_coverage", **scope.params("evaluation"), min_share=min_share)
    show(
        "dept_coverage",
        "部门评价覆盖",
        coverage,
        DEPT_COVERAGE_COLUMNS,
        "当前筛选范围内没有项目。",
        "evaluation",
    )
    st.caption(f"原则上 {window} 年为周期实现部门评价项目全覆盖：每个项目最近一次部门评价的年度。")
    uncovered_only = st.toggle("只看周期内未评价的项目", value=True, key="uncovered_only")
    projects = data.listing(
        "results_project_coverage",
        **scope.params("evaluation"),
        window_years=window,
        uncovered_only=uncovered_only,
    )
    show(
        "project_coverage",
        "部门评价五年覆盖",
        projects,
        PROJECT_COVERAGE_COLUMNS,
        "所有项目均已在周期内评价。",
        "evaluation",
    )

    st.subheader("连续两次绩效监控不合格的项目")
    st.caption(scope.label("monitoring"))
    st.caption(
        "连续两次监控审核不合格的项目，绩效评价结果不得评为“优秀”“合格”档次。某次监控不合格指：执行率低于时间进度的 "
        f"{format.percent(settings['monitoring_min_progress_ratio'], 0)}、完成目标可能性为"
        f"“{'、'.join(settings['monitoring_failing_likelihoods'])}”，或该次监控有严重程度为“高”的审核问题。"
        "只有一次监控时点的年度不会出现在此清单中。"
    )
    twice = data.query(
        "results_monitoring_twice",
        **scope.params("monitoring"),
        min_progress_ratio=settings["monitoring_min_progress_ratio"],
        failing_likelihoods=settings["monitoring_failing_likelihoods"],
        barred_grades=settings["monitoring_barred_grades"],
    )
    show(
        "monitoring_twice",
        "连续两次监控不合格",
        twice,
        MONITORING_COLUMNS,
        "没有连续两次监控不合格的项目。",
        "monitoring",
    )

    st.subheader("事前评估“不支持”但仍设置绩效目标的项目")
    st.caption(scope.label("exante"))
    st.caption("新增项目无事前绩效评估报告或评估结果为“不支持”的，不得列入预算。")
    exante = data.query(
        "results_exante_rejected",
        **scope.params("exante"),
        rejected_keywords=settings["exante_rejected_keywords"],
    )
    show("exante_rejected", "事前评估不支持仍设目标", exante, EXANTE_COLUMNS, "没有此类项目。", "exante")
