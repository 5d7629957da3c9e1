"""Write per-project 绩效运行监控表 workbooks: one project per sheet, many sheets per workbook.

Layouts (forms.md §4):
- ``national``: 项目支出绩效目标执行监控表 (财预〔2019〕136号) at a checkpoint month — 年初预算数 | 全年预算数 |
  1-N月执行数 | 1-N月执行率 | 全年预计执行数, and per indicator 1-N月执行情况, 全年预计完成情况, 偏差原因分析 over
  five sub-columns, 完成目标可能性 and 备注;
- ``huangshi``: the 湖北黄石 项目支出绩效监控表 — 单位:万元, 年初预算数 | 1-6月执行数 | 全年预计执行数, indicators
  一级指标 | 指标名称 | 指标值 | 半年度指标执行情况 | 完成目标可能性 | 备注 and a form-level 偏差原因分析.

A monitoring project is a target-form project (see ``samplegen.target_form``) plus budget_initial,
executed, expected_annual_executed and per indicator actual, expected, deviation ({category: text}),
likelihood and remark; ``example_monitoring`` adds them.
"""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from samplegen.target_form import put, runs, write_books

CHECKPOINT_MONTHS = (5, 6, 7, 11)
LAYOUTS = ("national", "huangshi")
DEVIATION_CATEGORIES = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
LIKELIHOODS = ("确定能", "有可能", "完全不可能")
_NUMERIC_TARGET = re.compile(r"^(?P<op>[≥≤=]?)(?P<num>\d+(?:\.\d+)?)(?P<unit>\D*)$")
_MONTH_TARGET = re.compile(r"^(?P<month>\d{1,2})月底前$")
_FEN = Decimal("0.01")


# ---------------------------------------------------------------------------------------------------------
# example data


def _actual(target: str, month: int) -> str:
    """What a department writes as 1-N月执行情况 for a target: pro-rata counts, done or under way."""
    time_target = _MONTH_TARGET.match(target)
    if time_target:
        return "已完成" if int(time_target["month"]) <= month else "按计划推进中"
    numeric = _NUMERIC_TARGET.match(target)
    if numeric and numeric["unit"] not in ("%", "元/人", "万元"):
        done = (Decimal(numeric["num"]) * month / 12).quantize(Decimal(1), ROUND_HALF_UP)
        return f"{done}{numeric['unit']}"
    if numeric:
        return f"{numeric['num']}{numeric['unit']}"
    return "正在推进"


def _monitor_indicator(indicator: dict, month: int, rng: random.Random) -> dict:
    likelihood = rng.choices(LIKELIHOODS, weights=(8, 2, 0.3))[0]
    deviation = {}
    if likelihood != "确定能":
        deviation = {rng.choice(DEVIATION_CATEGORIES[:4]): "资金到位较晚，项目实施进度滞后"}
    return {
        **indicator,
        "actual": _actual(indicator["target"], month),
        "expected": "达到预期目标" if likelihood == "确定能" else "部分达到预期目标",
        "deviation": deviation,
        "likelihood": likelihood,
        "remark": None,
    }


def example_monitoring(projects: list[dict], month: int, seed: int = 2022) -> list[dict]:
    """Monitoring figures at the end of ``month`` for target-form projects: executed about pro rata."""
    rng = random.Random(seed * 100 + month)
    out = []
    for p in projects:
        budget = p["budget"]
        initial = budget if rng.random() < 0.7 else (budget * Decimal("0.9")).quantize(_FEN)
        pace = Decimal(month) / 12 * Decimal(rng.uniform(0.6, 1.1)).quantize(Decimal("0.001"))
        executed = min(budget, (budget * pace).quantize(_FEN, ROUND_HALF_UP))
        expected = (budget * Decimal(rng.uniform(0.92, 1.0)).quantize(Decimal("0.001"))).quantize(_FEN)
        out.append(
            {
                **p,
                "budget_initial": initial,
                "executed": executed,
                "expected_annual_executed": expected,
                "indicators": [_monitor_indicator(i, month, rng) for i in p["indicators"]],
            }
        )
    return out


def execution_rate(project: dict) -> Decimal:
    """1-N月执行率 as the form prints it: executed ÷ 全年预算数, four decimals of a fraction."""
    return (project["executed"] / project["budget"]).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def _deviation_text(indicator: dict, category: str) -> str | None:
    return indicator.get("deviation", {}).get(category)


# ---------------------------------------------------------------------------------------------------------
# national 项目支出绩效目标执行监控表


def _national_head(sheet: Worksheet, fmt: dict, p: dict, month: int) -> None:
    period = f"1-{month}月"
    put(sheet, 0, 0, 0, 13, f"项目支出绩效目标执行监控表（{p['year']}年度）", fmt["title"])
    sheet.set_row(0, 30)
    put(sheet, 1, 0, 1, 0, "项目名称", fmt["label"])
    put(sheet, 1, 1, 1, 13, p["project_name"], fmt["text"])
    put(sheet, 2, 0, 2, 0, "主管部门及代码", fmt["label"])
    put(sheet, 2, 1, 2, 5, p["department"], fmt["text"])
    put(sheet, 2, 6, 2, 6, p["department_code"], fmt["text"])
    put(sheet, 2, 7, 2, 7, "实施单位", fmt["label"])
    put(sheet, 2, 8, 2, 13, p["unit"], fmt["text"])
    put(sheet, 3, 0, 7, 0, "项目资金（万元）", fmt["label"])
    put(sheet, 3, 1, 3, 2, None, fmt["label"])
    heads = ("年初预算数", "全年预算数", f"{period}执行数", f"{period}执行率")
    for c, head in enumerate(heads, start=3):
        put(sheet, 3, c, 3, c, head, fmt["label"])
    put(sheet, 3, 7, 3, 13, "全年预计执行数", fmt["label"])
    lines = (
        (
            "年度资金总额",
            p["budget_initial"],
            p["budget"],
            p["executed"],
            execution_rate(p),
            p["expected_annual_executed"],
        ),
        (
            "其中：当年财政拨款",
            p["budget_initial"],
            p["budget"],
            p["executed"],
            execution_rate(p),
            p["expected_annual_executed"],
        ),
        ("上年结转资金", None, None, None, None, None),
        ("其他资金", None, None, None, None, None),
    )
    for r, (label, *amounts) in enumerate(lines, start=4):
        put(sheet, r, 1, r, 2, label, fmt["label"])
        for c, amount in enumerate(amounts[:4], start=3):
            put(sheet, r, c, r, c, amount, fmt["rate" if c == 6 else "money"])
        put(sheet, r, 7, r, 13, amounts[4], fmt["money"])
    put(sheet, 8, 0, 9, 0, "年度总体目标", fmt["label"])
    put(sheet, 8, 1, 8, 6, "全年预期目标", fmt["label"])
    put(sheet, 8, 7, 8, 13, f"{period}执行情况", fmt["label"])
    put(sheet, 9, 1, 9, 6, f"按计划完成{p['project_name']}年度任务。", fmt["text"])
    put(sheet, 9, 7, 9, 13, "项目按进度实施，资金按序时拨付。", fmt["text"])


def _national_indicators(sheet: Worksheet, fmt: dict, p: dict, month: int, ticks: bool) -> int:
    period = f"1-{month}月"
    rows = p["indicators"]
    top = 10
    data = top + 2
    put(sheet, top, 0, data + len(rows) - 1, 0, "绩效指标", fmt["label"])
    single = ("一级指标", "二级指标", "三级指标", "年度指标值", f"{period}执行情况", "全年预计完成情况")
    for c, head in enumerate(single, start=1):
        put(sheet, top, c, top + 1, c, head, fmt["label"])
    put(sheet, top, 7, top, 11, "偏差原因分析", fmt["label"])
    for c, head in enumerate(DEVIATION_CATEGORIES, start=7):
        put(sheet, top + 1, c, top + 1, c, head, fmt["label"])
    # the 136号 template offers the three likelihoods as tick columns; many departments use one text column
    likelihood_cols = LIKELIHOODS if ticks else ("完成目标可能性",)
    if ticks:
        put(sheet, top, 12, top, 14, "完成目标可能性", fmt["label"])
        for c, head in enumerate(LIKELIHOODS, start=12):
            put(sheet, top + 1, c, top + 1, c, head, fmt["label"])
    else:
        put(sheet, top, 12, top + 1, 12, "完成目标可能性", fmt["label"])
    remark_col = 12 + len(likelihood_cols)
    put(sheet, top, remark_col, top + 1, remark_col, "备注", fmt["label"])
    for first, last, value in runs([r["level1"] for r in rows]):
        put(sheet, data + first, 1, data + last, 1, value, fmt["center"])
    for first, last, value in runs([(r["level1"], r["level2"]) for r in rows]):
        put(sheet, data + first, 2, data + last, 2, value[1], fmt["center"])
    for r, ind in enumerate(rows, start=data):
        for c, value in enumerate((ind["level3"], ind["target"], ind["actual"], ind["expected"]), start=3):
            put(sheet, r, c, r, c, value, fmt["text"])
        for c, category in enumerate(DEVIATION_CATEGORIES, start=7):
            put(sheet, r, c, r, c, _deviation_text(ind, category), fmt["text"])
        if ticks:
            for c, likelihood in enumerate(LIKELIHOODS, start=12):
                put(sheet, r, c, r, c, "√" if ind["likelihood"] == likelihood else None, fmt["center"])
        else:
            put(sheet, r, 12, r, 12, ind["likelihood"], fmt["center"])
        put(sheet, r, remark_col, r, remark_col, ind.get("remark"), fmt["text"])
    return data + len(rows)


def _draw_national(month: int, ticks: bool):
    def draw(sheet: Worksheet, fmt: dict, p: dict) -> None:
        sheet.set_column(0, 0, 12)
        sheet.set_column(1, 15, 13)
        _national_head(sheet, fmt, p, month)
        end = _national_indicators(sheet, fmt, p, month, ticks)
        put(sheet, end + 1, 0, end + 1, 6, "填报人：李娜        联系电话：0993-6012345", fmt["note"])

    return draw


# ---------------------------------------------------------------------------------------------------------
# 湖北黄石 项目支出绩效监控表


def _draw_huangshi(month: int):
    """A sheet drawer for checkpoint ``month``: head, funds and goal, indicators, then the form's analysis."""
    period = f"1-{month}月"

    def draw(sheet: Worksheet, fmt: dict, p: dict) -> None:
        sheet.set_column(0, 0, 14)
        sheet.set_column(1, 6, 16)
        _huangshi_head(sheet, fmt, p)
        _huangshi_funds(sheet, fmt, p, period)
        end = _huangshi_indicators(sheet, fmt, p["indicators"])
        _huangshi_close(sheet, fmt, p["indicators"], end)

    return draw


def _huangshi_head(sheet: Worksheet, fmt: dict, p: dict) -> None:
    """Title, unit and 万元 note, then 项目名称, 主管部门 / 执行单位 and the ticked 项目属性 / 项目类型 (rows 1-5)."""
    put(sheet, 0, 0, 0, 6, f"{p['year']}年度项目支出绩效监控表", fmt["title"])
    sheet.set_row(0, 30)
    cells = (
        (1, 0, 4, f"项目单位(盖章)：{p['unit']}", "note"),
        (1, 5, 6, "单位:万元", "note_right"),
        (2, 0, 0, "项目名称", "label"),
        (2, 1, 6, p["project_name"], "text"),
        (3, 0, 0, "主管部门", "label"),
        (3, 1, 2, p["department"], "text"),
        (3, 3, 3, "项目执行单位", "label"),
        (3, 4, 6, p["unit"], "text"),
        (4, 0, 0, "项目属性", "label"),
        (4, 1, 2, "1、持续性项目☑  2、新增性项目□", "text"),
        (4, 3, 3, "项目类型", "label"),
        (4, 4, 6, "1、常年性  2、延续性☑  3、一次性", "text"),
    )
    for row, first, last, value, style in cells:
        put(sheet, row, first, row, last, value, fmt[style])


def _huangshi_funds(sheet: Worksheet, fmt: dict, p: dict, period: str) -> None:
    """项目资金 (rows 6-8): 年初预算数, 1-N月执行数 and 全年预计执行数; then the 年度总体目标 row."""
    put(sheet, 5, 0, 7, 0, "项目资金(万元)", fmt["label"])
    put(sheet, 5, 1, 5, 2, None, fmt["label"])
    for c, head in enumerate(("年初预算数", f"{period}执行数", "全年预计执行数"), start=3):
        put(sheet, 5, c, 5, c if c < 5 else 6, head, fmt["label"])
    for r, label in ((6, "年度资金总额:"), (7, "其中:当年一般公共预算拨款")):
        put(sheet, r, 1, r, 2, label, fmt["label"])
        put(sheet, r, 3, r, 3, p["budget_initial"], fmt["money"])
        put(sheet, r, 4, r, 4, p["executed"], fmt["money"])
        put(sheet, r, 5, r, 6, p["expected_annual_executed"], fmt["money"])
    put(sheet, 8, 0, 8, 0, "年度总体目标", fmt["label"])
    put(sheet, 8, 1, 8, 6, f"按计划完成{p['project_name']}年度任务。", fmt["text"])


HUANGSHI_HEADERS = (
    "一级指标",
    "指标名称",
    "指标值",
    "半年度指标执行情况",
    "完成目标可能性(确定能、有可能、不可能)",
    "备注",
)


def _huangshi_indicators(sheet: Worksheet, fmt: dict, rows: list[dict]) -> int:
    """The indicator table from row 10, 一级 merged; returns the row after it."""
    top = 9
    put(sheet, top, 0, top + len(rows), 0, "绩效指标", fmt["label"])
    for c, head in enumerate(HUANGSHI_HEADERS, start=1):
        put(sheet, top, c, top, c, head, fmt["label"])
    for first, last, value in runs([r["level1"] for r in rows]):
        put(sheet, top + 1 + first, 1, top + 1 + last, 1, value, fmt["center"])
    for r, ind in enumerate(rows, start=top + 1):
        # 黄石 writes 不可能 where the national form says 完全不可能
        likelihood = "不可能" if ind["likelihood"] == "完全不可能" else ind["likelihood"]
        values = (ind["level3"], ind["target"], ind["actual"], likelihood, ind.get("remark"))
        for c, value in enumerate(values, start=2):
            put(sheet, r, c, r, c, value, fmt["text"])
    return top + len(rows) + 1


def _huangshi_close(sheet: Worksheet, fmt: dict, rows: list[dict], end: int) -> None:
    """The form-level 偏差原因分析 (the indicators' reasons, each once) and 相关建议或举措."""
    reasons = "；".join(dict.fromkeys(t for i in rows for t in i.get("deviation", {}).values())) or "无偏差"
    put(sheet, end, 0, end, 0, "偏差或不能完成目标原因分析", fmt["label"])
    put(sheet, end, 1, end, 6, reasons, fmt["text"])
    put(sheet, end + 1, 0, end + 1, 0, "相关建议或举措", fmt["label"])
    put(sheet, end + 1, 1, end + 1, 6, "加快资金拨付，督促项目实施进度。", fmt["text"])


def write_monitoring_forms(
    path: Path, projects: list[dict], month: int = 7, layout: str = "national", likelihood_ticks: bool = False
) -> Path:
    """One monitoring form per sheet at checkpoint ``month`` (1-``month``月). ``likelihood_ticks`` draws the
    national 完成目标可能性 as 确定能/有可能/完全不可能 tick columns instead of one text column."""
    if not 1 <= month <= 12:
        raise ValueError(f"checkpoint month must be 1–12, got {month}")
    if layout not in LAYOUTS:
        raise ValueError(f"unknown monitoring layout {layout!r}")
    draw = _draw_national(month, likelihood_ticks) if layout == "national" else _draw_huangshi(month)
    return write_books(path, projects, draw)
