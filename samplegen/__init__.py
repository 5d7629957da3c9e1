"""Deterministic generator of the bundled sample workbooks (data/raw/<year>/)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import NamedTuple

from samplegen import ledgers, year2021, year2022
from samplegen.names import REGION
from samplegen.problems import write_problem_forms
from samplegen.projects import build_2021, to_wan
from samplegen.target_books import write_department_targets
from samplegen.writer import Col, write_result_list

SELF_EVAL_COLUMNS = [
    Col("seq", "序号", kind="int", width=6),
    Col("department", "主管部门", width=28),
    Col("unit", "预算单位", width=28),
    Col("project_code", "项目编码", width=14),
    Col("project_name", "项目名称", width=40),
    Col("fund_type", "资金性质", width=14),
    Col("budget_initial", "年初预算数", group="预算执行情况", kind="money", total=True),
    Col("budget", "全年预算数", group="预算执行情况", kind="money", total=True),
    Col("executed", "全年执行数", group="预算执行情况", kind="money", total=True),
    Col("execution_rate", "执行率", group="预算执行情况", kind="rate", width=10),
    Col("goal_completion_rate", "绩效目标完成率", kind="rate", width=10),
    Col("self_score", "自评得分", kind="score", width=10),
    Col("finance_score", "财政评分", kind="score", width=10),
    Col("grade", "评价等级", width=8),
    Col("remark", "备注", width=30),
]


def self_eval_rows_2021() -> list[dict]:
    rows = []
    for seq, p in enumerate(build_2021(), start=1):
        budget, executed = to_wan(p["budget"]), to_wan(p["executed"])
        rows.append(
            {
                "seq": seq,
                "department": p["department"],
                "unit": p["department"],
                "project_code": p["project_code"],
                "project_name": p["project_name"],
                "fund_type": p["fund_type"] if p["assessed"] else "一般公共预算、中央转移支付",
                "budget_initial": to_wan(p["budget_initial"]),
                "budget": budget,
                "executed": executed,
                "execution_rate": (executed / budget).quantize(Decimal("0.0001"), ROUND_HALF_UP),
                "goal_completion_rate": p["goal_completion_rate"],
                "self_score": p["self_score"],
                "finance_score": p["finance_score"],
                "grade": p["grade"],
                "remark": None if p["assessed"] else "中央转移支付73类资金，当年不做绩效自评",
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# further lists: column layouts


def _amount(key: str, header: str, group: str | None = None) -> Col:
    return Col(key, header, group=group, kind="money", total=True)


DEPT_SELF_EVAL_COLUMNS = [
    Col("seq", "序号", kind="int", width=6),
    Col("department", "部门名称", width=32),
    _amount("budget", "全年预算数"),
    _amount("executed", "全年执行数"),
    Col("execution_rate", "执行率", kind="rate", width=10),
    Col("self_score", "自评得分", kind="score", width=10),
    Col("finance_score", "财政评分", kind="score", width=10),
    Col("grade", "评价等级", width=8),
]
_SCORE_PARTS = [
    Col("score_decision", "决策", group="评价得分构成", kind="score", width=8),
    Col("score_process", "过程", group="评价得分构成", kind="score", width=8),
    Col("score_output", "产出", group="评价得分构成", kind="score", width=8),
    Col("score_effect", "效益", group="评价得分构成", kind="score", width=8),
]
_PROJECT_HEAD = [
    Col("seq", "序号", kind="int", width=6),
    Col("department", "主管部门", width=28),
    Col("project_code", "项目编码", width=14),
    Col("project_name", "项目名称", width=40),
    Col("fund_type", "资金性质", width=18),
]
DEPT_EVALUATION_COLUMNS = [
    *_PROJECT_HEAD,
    _amount("budget", "全年预算数", "预算执行情况"),
    _amount("executed", "全年执行数", "预算执行情况"),
    Col("execution_rate", "执行率", group="预算执行情况", kind="rate", width=10),
    Col("goal_completion_rate", "绩效目标完成率", kind="rate", width=10),
    Col("score", "评价得分", kind="score", width=10),
    Col("finance_score", "财政评分", kind="score", width=10),
    *_SCORE_PARTS,
    Col("grade", "评价等级", width=8),
]
KEY_EVALUATION_COLUMNS = [
    *_PROJECT_HEAD,
    _amount("budget", "全年预算数"),
    _amount("executed", "全年执行数"),
    Col("score", "评价得分", kind="score", width=10),
    *_SCORE_PARTS,
    Col("grade", "评价等级", width=8),
    Col("firm", "评价机构", width=30),
]
EXANTE_COLUMNS = [
    Col("seq", "序号", kind="int", width=6),
    Col("department", "主管部门", width=28),
    Col("project_name", "项目名称", width=36),
    _amount("amount", "申请金额"),
    Col("score", "评估得分", kind="score", width=10),
    Col("conclusion", "评估结论", width=20),
]
DEPT_TARGET_COLUMNS = [
    Col("seq", "序号", kind="int", width=6),
    Col("department", "部门名称", width=32),
    _amount("budget", "预算金额"),
    Col("indicator_count", "三级指标数", kind="int", width=10),
    Col("quantified_count", "定量指标数", kind="int", width=10),
]
DEPT_MONITORING_COLUMNS = [
    Col("seq", "序号", kind="int", width=6),
    Col("department", "部门名称", width=32),
    _amount("budget", "调整后预算数"),
    _amount("executed", "1-6月执行数"),
    Col("execution_rate", "执行率", kind="rate", width=10),
]
DIRECT_TARGET_COLUMNS = [
    *_PROJECT_HEAD,
    _amount("budget", "预算金额"),
    Col("indicator_count", "三级指标数", kind="int", width=10),
    Col("quantified_count", "定量指标数", kind="int", width=10),
    Col("review_result", "自治区审核结果", width=12),
]


def monitoring_columns(month: int) -> list[Col]:
    return [
        *_PROJECT_HEAD,
        _amount("budget", "调整后预算数"),
        _amount("arrived", "到位资金"),
        _amount("executed", f"1-{month}月执行数"),
        Col("execution_rate", "执行率", kind="rate", width=10),
        Col("likelihood", "完成目标可能性", width=12),
        Col("deviation", "偏差原因", width=36),
    ]


FILLER = f"填报单位：{REGION}财政局（预算绩效评价中心）"


def _footer(date: str) -> str:
    return f"填报人：王丽娟        审核人：陈建国        填报日期：{date}"


def _numbered(rows: list[dict]) -> list[dict]:
    return [{"seq": seq, **row} for seq, row in enumerate(rows, start=1)]


def _money_row(row: dict) -> dict:
    """Integer 0.01 万元 fields (``*_units``) as Decimal 万元, with the execution rate they give."""
    out = {k: v for k, v in row.items() if not k.endswith("_units")}
    for key in ("budget", "executed", "arrived"):
        if f"{key}_units" in row:
            out[key] = to_wan(row[f"{key}_units"])
    if "budget_units" in row and "executed_units" in row:
        out["execution_rate"] = year2022.rate(row["executed_units"], row["budget_units"])
    return out


def _dept_evaluation_rows() -> list[dict]:
    """The 部门评价 rows, without the totals the summary prints beside them."""
    rows, _totals = year2021.dept_evaluation()
    return rows


def _exante_rows() -> list[dict]:
    """The 事前评估 rows with the amount in 万元 and the score in 分, as the list prints them."""
    return [{**r, "amount": to_wan(r["amount"]), "score": to_wan(r["score"])} for r in year2022.exante()]


def _in_wan(draw: Callable[[], list[dict]]) -> Callable[[], list[dict]]:
    """Rows drawn in integer 0.01 万元, turned into the Decimal 万元 rows a list prints."""
    return lambda: [_money_row(r) for r in draw()]


class _List(NamedTuple):
    """One summary list; its title is the region's name before the file's name."""

    path: str
    kind: str
    columns: list[Col]
    rows: Callable[[], list[dict]]
    date: str
    sheet: str


SUMMARY_LISTS = (
    _List(
        "2021/2021年度部门整体支出绩效自评结果汇总表.xlsx",
        "dept_self_eval_list",
        DEPT_SELF_EVAL_COLUMNS,
        year2021.dept_self_eval,
        "2022年4月15日",
        "部门整体自评",
    ),
    _List(
        "2021/2021年度项目支出部门评价结果汇总表.xlsx",
        "evaluation_list",
        DEPT_EVALUATION_COLUMNS,
        _dept_evaluation_rows,
        "2022年4月15日",
        "部门评价结果",
    ),
    _List(
        "2021/2021年度财政重点绩效评价结果汇总表.xlsx",
        "evaluation_list",
        KEY_EVALUATION_COLUMNS,
        year2021.key_evaluation,
        "2022年6月15日",
        "重点评价结果",
    ),
    _List(
        "2022/2022年度新增项目事前绩效评估结果汇总表.xlsx",
        "exante_list",
        EXANTE_COLUMNS,
        _exante_rows,
        "2022年1月20日",
        "事前绩效评估",
    ),
    _List(
        "2022/2022年度部门整体支出绩效目标汇总表.xlsx",
        "dept_target_list",
        DEPT_TARGET_COLUMNS,
        _in_wan(year2022.dept_targets),
        "2022年2月28日",
        "部门整体目标",
    ),
    _List(
        "2022/2022年1-6月部门整体绩效运行监控汇总表.xlsx",
        "dept_monitoring_list",
        DEPT_MONITORING_COLUMNS,
        _in_wan(year2022.dept_monitoring),
        "2022年7月10日",
        "部门整体监控",
    ),
    _List(
        "2022/2022年度直达资金项目绩效目标汇总表.xlsx",
        "project_target_list",
        DIRECT_TARGET_COLUMNS,
        _in_wan(year2022.direct_fund_targets),
        "2022年3月31日",
        "直达资金目标",
    ),
    _List(
        "2022/2022年1-5月项目支出绩效运行监控汇总表.xlsx",
        "project_monitoring_list",
        monitoring_columns(5),
        _in_wan(year2022.monitored_projects),
        "2022年6月30日",
        "1-5月项目监控",
    ),
    _List(
        "2022/2022年1-11月政府专项债券项目绩效运行监控汇总表.xlsx",
        "project_monitoring_list",
        monitoring_columns(11),
        _in_wan(year2022.bond_monitoring),
        "2022年12月10日",
        "专项债券监控",
    ),
    _List(
        "2022/2022年度政府专项债券项目支出绩效自评结果汇总表.xlsx",
        "project_self_eval_list",
        SELF_EVAL_COLUMNS,
        year2022.bond_self_eval,
        "2023年2月15日",
        "专项债券自评",
    ),
)


def list_specs() -> list[dict]:
    """Every summary list: relative path, title, columns, rows, footer date and sheet name."""
    return [
        {
            "path": spec.path,
            "title": f"{REGION}{Path(spec.path).stem}",
            "kind": spec.kind,
            "columns": spec.columns,
            "rows": spec.rows(),
            "date": spec.date,
            "sheet": spec.sheet,
        }
        for spec in SUMMARY_LISTS
    ]


TARGET_FORM_DIR = "2022/项目绩效目标"


def target_form_path(department: str) -> str:
    return f"{TARGET_FORM_DIR}/{department}2022年度项目支出绩效目标表.xlsx"


def generate(out_dir: Path) -> list[Path]:
    """Write every sample workbook under `out_dir` (normally data/raw) and return their paths."""
    path = out_dir / "2021" / "2021年度项目支出绩效自评结果汇总表.xlsx"
    write_result_list(
        path,
        title=f"{REGION}2021年度项目支出绩效自评结果汇总表",
        filler=f"填报单位：{REGION}财政局（预算绩效评价中心）",
        unit_note="单位：万元",
        columns=SELF_EVAL_COLUMNS,
        rows=self_eval_rows_2021(),
        footer="填报人：王丽娟        审核人：陈建国        填报日期：2022年4月15日",
        sheet_name="项目自评结果",
    )
    paths = [path]
    for spec in list_specs():
        path = out_dir / spec["path"]
        write_result_list(
            path,
            title=spec["title"],
            filler=FILLER,
            unit_note="单位：万元",
            columns=spec["columns"],
            rows=_numbered(spec["rows"]),
            footer=_footer(spec["date"]),
            sheet_name=spec["sheet"],
        )
        paths.append(path)
    for department, projects in year2022.target_books().items():
        paths.append(write_department_targets(out_dir / target_form_path(department), projects))
    paths.append(ledgers.returned_notice(out_dir, list_specs(), REGION))
    paths += write_problem_forms(out_dir)  # the seed's problems, in forms the 82 figures do not count
    manifest = "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(out_dir).as_posix()}\n" for p in paths
    )
    (out_dir / "SAMPLE.sha256").write_text(manifest, encoding="utf-8")
    return paths
