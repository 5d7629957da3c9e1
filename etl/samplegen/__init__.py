"""Deterministic generator of the bundled sample workbooks (data/raw/<year>/)."""

from __future__ import annotations

import hashlib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from etl.samplegen.names import REGION
from etl.samplegen.projects import build_2021, to_wan
from etl.samplegen.writer import Col, write_result_list

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
    manifest = "".join(
        f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(out_dir).as_posix()}\n" for p in paths
    )
    (out_dir / "SAMPLE.sha256").write_text(manifest, encoding="utf-8")
    return paths
