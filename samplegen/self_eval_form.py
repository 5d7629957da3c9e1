"""Write 项目支出绩效自评表 forms the way departments hand them in: one project per sheet.

Layouts (see shared reference forms.md §1):

- ``national``: 财预〔2020〕10号 附件1 as drawn, amounts in 万元.
- ``national_variant``: the same form with 本年财政拨款, （A）/（B） letters, weights inside the 一级 labels,
  a budget-code prefix on 主管部门 and amounts in 元 under a ``单位：元`` note.
- ``sichuan``: the Sichuan 部门预算项目支出绩效自评表 (报表编号 510000_0013zp) with 指标性质 / 指标值 / 度量单位
  in separate cells and a coded project name.

A project is a plain dict (money as Decimal 万元); any value given as ``str`` is written verbatim, so
forms with typing errors can be produced on purpose.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import xlsxwriter

from samplegen.names import DEPARTMENTS, PROJECT_STEMS

__all__ = ["LAYOUTS", "example_projects", "write_self_eval_forms"]

LAYOUTS = ("national", "national_variant", "sichuan")
FIXED_TIME = datetime(2022, 4, 15, 9, 0)
CENT = Decimal("0.01")
RATE_STEP = Decimal("0.0001")
YUAN_PER_WAN = Decimal(10000)


def write_self_eval_forms(path: Path, projects: list[dict], *, layout: str = "national") -> Path:
    """Write one sheet per project into a new workbook at ``path`` and return the path."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    book.set_properties({"created": FIXED_TIME})
    fmt = _formats(book)
    for name, project in zip(_sheet_names(projects), projects, strict=True):
        sheet = book.add_worksheet(name)
        if layout == "sichuan":
            _write_sichuan(sheet, project, fmt)
        else:
            _write_national(sheet, project, fmt, variant=layout == "national_variant")
    book.close()
    return path


# ---------------------------------------------------------------------------------------------------------
# cells


def _formats(book: xlsxwriter.Workbook) -> dict:
    base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
    return {
        "title": book.add_format(
            {"font_name": "方正小标宋简体", "font_size": 16, "bold": True, "align": "center"}
        ),
        "subtitle": book.add_format({"font_name": "宋体", "font_size": 11, "align": "center"}),
        "note": book.add_format({"font_name": "宋体", "font_size": 10}),
        "note_right": book.add_format({"font_name": "宋体", "font_size": 10, "align": "right"}),
        "label": book.add_format({**base, "bold": True, "align": "center"}),
        "text": book.add_format(base),
        "center": book.add_format({**base, "align": "center"}),
        "money": book.add_format({**base, "num_format": "#,##0.00"}),
        "rate": book.add_format({**base, "num_format": "0.00%"}),
        "score": book.add_format({**base, "num_format": "0.00", "align": "center"}),
    }


def _sheet_names(projects: list[dict]) -> list[str]:
    names = []
    for index, project in enumerate(projects, start=1):
        stem = re.sub(r"[\[\]:*?/\\']", "", str(project.get("project_name") or "项目"))
        names.append(f"{index}-{stem}"[:31])
    return names


def _put(sheet, row: int, col: int, value: object, cell_format) -> None:
    """Numbers as numbers, text verbatim (including deliberate typos), None as a bordered blank."""
    if value is None:
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, (Decimal, int, float)) and not isinstance(value, bool):
        sheet.write_number(row, col, float(value), cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)


def _span(sheet, row: int, first: int, last: int, value: object, cell_format, rows: int = 1) -> None:
    if rows == 1 and first == last:
        _put(sheet, row, first, value, cell_format)
    else:
        sheet.merge_range(row, first, row + rows - 1, last, None, cell_format)
        _put(sheet, row, first, value, cell_format)


def _money(value: object, yuan: bool) -> object:
    if isinstance(value, Decimal) and yuan:
        return value * YUAN_PER_WAN
    return value


def _execution(project: dict) -> tuple[Decimal | None, Decimal | None]:
    """Stated 执行率 (fraction) and 执行率得分 (10 × rate, capped at 10)."""
    budget, executed = project.get("budget"), project.get("executed")
    rate = project.get("execution_rate")
    if rate is None and isinstance(budget, Decimal) and isinstance(executed, Decimal) and budget:
        rate = (executed / budget).quantize(RATE_STEP, ROUND_HALF_UP)
    score = project.get("execution_score")
    if score is None and isinstance(rate, Decimal):
        score = min(Decimal(10), (rate * 10).quantize(CENT, ROUND_HALF_UP))
    return rate, score


def _self_score(project: dict) -> object:
    if project.get("self_score") is not None:
        return project["self_score"]
    _rate, execution_score = _execution(project)
    scores = [i.get("score") for i in project.get("indicators", [])]
    return sum((s for s in scores if isinstance(s, Decimal)), execution_score or Decimal(0))


def _groups(indicators: list[dict], key: str, start: int) -> Iterable[tuple[int, int, str | None]]:
    """(first_row, last_row, label) for consecutive indicators sharing ``key`` (merged cells)."""
    first = 0
    for index in range(1, len(indicators) + 1):
        if index == len(indicators) or indicators[index].get(key) != indicators[first].get(key):
            yield start + first, start + index - 1, indicators[first].get(key)
            first = index


def _level_weights(indicators: list[dict]) -> dict[str, Decimal]:
    weights: dict[str, Decimal] = {}
    for item in indicators:
        if isinstance(item.get("weight"), Decimal):
            weights[item["level1"]] = weights.get(item["level1"], Decimal(0)) + item["weight"]
    return weights


def _merge_levels(sheet, indicators: list[dict], start: int, cols: tuple[int, int], fmt, labels) -> None:
    level1_col, level2_col = cols
    for first, last, label in _groups(indicators, "level1", start):
        _span(sheet, first, level1_col, level1_col, labels(label), fmt["center"], rows=last - first + 1)
        block = indicators[first - start : last - start + 1]
        for r0, r1, level2 in _groups(block, "level2", first):
            _span(sheet, r0, level2_col, level2_col, level2, fmt["center"], rows=r1 - r0 + 1)


# ---------------------------------------------------------------------------------------------------------
# the national form (and its 元 / （A）（B） variant)


def _set_widths(sheet, widths: tuple[tuple[int, int, int], ...]) -> None:
    """Column widths from a table of (first column, last column, width)."""
    for first, last, width in widths:
        sheet.set_column(first, last, width)


# column widths of A..I, and the item's key and cell format of each indicator column from D
_NATIONAL_WIDTHS = ((0, 0, 12), (1, 2, 12), (3, 3, 22), (4, 7, 12), (8, 8, 28))
_NATIONAL_ITEM_CELLS = (
    ("level3", "text"),
    ("target", "center"),
    ("actual", "center"),
    ("weight", "score"),
    ("score", "score"),
    ("deviation_reason", "text"),
)


def _write_national(sheet, project: dict, fmt: dict, *, variant: bool) -> None:
    """The form top to bottom: head, funds, goal, indicators, 总分 and the signature line."""
    last = 8  # columns A..I
    row = _write_national_head(sheet, project, fmt, variant=variant, last=last)
    row = _write_national_funds(sheet, project, fmt, row, variant=variant)
    row = _write_goal(sheet, project, fmt, row, split=4, last=last)
    row = _write_national_indicators(sheet, project, fmt, row, variant=variant)
    sheet.merge_range(row, 0, row, 5, "总分", fmt["label"])
    _put(sheet, row, 6, Decimal(100), fmt["score"])
    _put(sheet, row, 7, _self_score(project), fmt["score"])
    _span(sheet, row, 8, 8, None, fmt["text"])
    row += 2
    sheet.merge_range(row, 0, row, last, "填表人：          联系电话：          填报日期：", fmt["note"])


def _write_national_head(sheet, project: dict, fmt: dict, *, variant: bool, last: int) -> int:
    """Title and year, the variant's 元 note, then 项目名称 and 主管部门 / 实施单位; returns the next row."""
    year = project.get("year", 2021)
    _set_widths(sheet, _NATIONAL_WIDTHS)
    sheet.merge_range(0, 0, 0, last, "项目支出绩效自评表", fmt["title"])
    sheet.merge_range(1, 0, 1, last, f"（{year}年度）", fmt["subtitle"])
    row = 2
    if variant:
        sheet.merge_range(row, 0, row, last, "单位：元", fmt["note_right"])
        row += 1
    department = project.get("department")
    if variant and project.get("department_code"):
        department = f"{project['department_code']}-{department}"
    _put(sheet, row, 0, "项目名称", fmt["label"])
    _span(sheet, row, 1, last, project.get("project_name"), fmt["text"])
    row += 1
    _put(sheet, row, 0, "主管部门", fmt["label"])
    _span(sheet, row, 1, 4, department, fmt["text"])
    _put(sheet, row, 5, "实施单位", fmt["label"])
    _span(sheet, row, 6, last, project.get("unit"), fmt["text"])
    return row + 1


def _write_national_indicators(sheet, project: dict, fmt: dict, row: int, *, variant: bool) -> int:
    """The 绩效指标 block; the variant letters its headers （A）/（B） and puts each 一级's weight in its label."""
    target_label, actual_label = (
        ("年度指标值（A）", "实际完成值（B）") if variant else ("年度指标值", "实际完成值")
    )
    headers = [
        "一级指标",
        "二级指标",
        "三级指标",
        target_label,
        actual_label,
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    ]
    indicators = project.get("indicators", [])
    _span(sheet, row, 0, 0, "绩效指标", fmt["label"], rows=len(indicators) + 1)
    for col, text in enumerate(headers, start=1):
        _put(sheet, row, col, text, fmt["label"])
    start = row + 1
    weights = _level_weights(indicators)

    def level1_label(label: str | None) -> str | None:
        if variant and label in weights:
            return f"{label}({weights[label].normalize():f}分)"
        return label

    _merge_levels(sheet, indicators, start, (1, 2), fmt, level1_label)
    for offset, item in enumerate(indicators):
        for col, (key, style) in enumerate(_NATIONAL_ITEM_CELLS, start=3):
            _put(sheet, start + offset, col, item.get(key), fmt[style])
    return start + len(indicators)


def _write_national_funds(sheet, project: dict, fmt: dict, row: int, *, variant: bool) -> int:
    yuan = variant
    headers = (
        ["年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"]
        if variant
        else ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    )
    funds_label = "项目资金（元）" if yuan else "项目资金（万元）"
    current = "其中：本年财政拨款" if variant else "其中：当年财政拨款"
    sheet.merge_range(row, 0, row + 4, 0, funds_label, fmt["label"])
    _span(sheet, row, 1, 2, None, fmt["label"])
    for col, text in enumerate(headers, start=3):
        _put(sheet, row, col, text, fmt["label"])
    amounts = [_money(project.get(k), yuan) for k in ("budget_initial", "budget", "executed")]
    rate, execution_score = _execution(project)
    fund_rows = [
        ("年度资金总额", amounts, 10, rate, execution_score),
        (current, amounts, "—", rate, "—"),
        ("上年结转资金", [0, 0, 0], "—", "—", "—"),
        ("其他资金", [0, 0, 0], "—", "—", "—"),
    ]
    for offset, (label, money, points, stated_rate, score) in enumerate(fund_rows, start=1):
        r = row + offset
        _span(sheet, r, 1, 2, label, fmt["text"])
        for col, amount in enumerate(money, start=3):
            _put(sheet, r, col, amount, fmt["money"])
        _put(sheet, r, 6, points, fmt["center"])
        _put(sheet, r, 7, stated_rate, fmt["rate"])
        _put(sheet, r, 8, score, fmt["score"])
    return row + len(fund_rows) + 1


def _write_goal(sheet, project: dict, fmt: dict, row: int, *, split: int, last: int) -> int:
    sheet.merge_range(row, 0, row + 1, 0, "年度总体目标", fmt["label"])
    _span(sheet, row, 1, split, "预期目标", fmt["label"])
    _span(sheet, row, split + 1, last, "实际完成情况", fmt["label"])
    _span(sheet, row + 1, 1, split, project.get("goal_expected"), fmt["text"])
    _span(sheet, row + 1, split + 1, last, project.get("goal_actual"), fmt["text"])
    sheet.set_row(row + 1, 60)
    return row + 2


# ---------------------------------------------------------------------------------------------------------
# the Sichuan form

_TARGET_PARTS = re.compile(r"(?P<op>[≥≤=><])?(?P<num>\d+(?:\.\d+)?)(?P<unit>[^\d]*)")
_TIME_TARGET = re.compile(r"(?P<num>\d{1,2})月(?:底|末)?(?:前|之前)?")


def _split_target(text: object) -> tuple[str | None, object, str | None]:
    """'≥500人' → ('≥', 500, '人'); '12月底前' → ('≤', 12, '月'); qualitative text → ('定性', text, None)."""
    if not isinstance(text, str):
        return None, text, None
    time = _TIME_TARGET.fullmatch(text)
    if time:
        return "≤", Decimal(time.group("num")), "月"
    match = _TARGET_PARTS.fullmatch(text)
    if match:
        return match.group("op") or "=", Decimal(match.group("num")), match.group("unit") or None
    return "定性", text, None


def _split_actual(text: object) -> object:
    if not isinstance(text, str):
        return text
    time = _TIME_TARGET.fullmatch(text)
    match = _TARGET_PARTS.fullmatch(text)
    if time:
        return Decimal(time.group("num"))
    if match and not match.group("op"):
        return Decimal(match.group("num"))
    return text


_SICHUAN_WIDTHS = ((0, 0, 14), (1, 2, 12), (3, 3, 22), (4, 9, 11), (10, 10, 26))
_SICHUAN_FUND_ROWS = ("总额", "其中:财政资金", "财政专户管理资金", "单位资金", "其他资金")
_SICHUAN_INDICATOR_HEADERS = (
    "一级指标",
    "二级指标",
    "三级指标",
    "指标性质",
    "指标值",
    "度量单位",
    "完成值",
    "权重",
    "得分",
    "未完成原因分析",
)
# the text rows under 总分: label and project key
_SICHUAN_CLOSING = (("评价结论", "conclusion"), ("存在问题", "problems"), ("改进措施", "improvements"))


def _write_sichuan(sheet, project: dict, fmt: dict) -> None:
    """The form top to bottom: head, 预算执行情况, goal, indicators, 总分, conclusions and signatures."""
    last = 10  # columns A..K
    row = _write_sichuan_head(sheet, project, fmt, last=last)
    row = _write_sichuan_funds(sheet, project, fmt, row)
    row = _write_goal(sheet, project, fmt, row, split=5, last=last)
    row = _write_sichuan_indicators(sheet, project, fmt, row)
    sheet.merge_range(row, 0, row, 7, "总分", fmt["label"])
    _put(sheet, row, 8, Decimal(100), fmt["score"])
    _put(sheet, row, 9, _self_score(project), fmt["score"])
    _put(sheet, row, 10, None, fmt["text"])
    row += 1
    for label, key in _SICHUAN_CLOSING:
        _put(sheet, row, 0, label, fmt["label"])
        _span(sheet, row, 1, last, project.get(key), fmt["text"])
        row += 1
    sheet.merge_range(row, 0, row, 4, "项目负责人:", fmt["note"])
    sheet.merge_range(row, 5, row, last, "财务负责人:", fmt["note"])


def _write_sichuan_head(sheet, project: dict, fmt: dict, *, last: int) -> int:
    """Title, year, 报表编号 and unit, then the coded 项目名称 and 主管部门 / 实施单位; returns the next row."""
    year = project.get("year", 2021)
    _set_widths(sheet, _SICHUAN_WIDTHS)
    sheet.merge_range(0, 0, 0, last, "部门预算项目支出绩效自评表", fmt["title"])
    sheet.merge_range(1, 0, 1, last, f"({year}年度)", fmt["subtitle"])
    sheet.merge_range(2, 0, 2, 4, "报表编号:510000_0013zp", fmt["note"])
    sheet.merge_range(2, 5, 2, last, "单位:万元", fmt["note_right"])
    row = 3
    name = project.get("project_name")
    if project.get("project_code"):
        name = f"{project['project_code']}-{name}"
    _put(sheet, row, 0, "项目名称", fmt["label"])
    _span(sheet, row, 1, last, name, fmt["text"])
    row += 1
    _put(sheet, row, 0, "主管部门", fmt["label"])
    _span(sheet, row, 1, 5, project.get("department"), fmt["text"])
    _put(sheet, row, 6, "实施单位", fmt["label"])
    _span(sheet, row, 7, last, project.get("unit"), fmt["text"])
    return row + 1


def _write_sichuan_funds(sheet, project: dict, fmt: dict, row: int) -> int:
    """预算执行情况 (10分): the project's amounts on 总额 and 财政资金, zeros elsewhere; the rate as text."""
    sheet.merge_range(row, 0, row + len(_SICHUAN_FUND_ROWS), 0, "预算执行情况(10分)", fmt["label"])
    _span(sheet, row, 1, 3, None, fmt["label"])
    headers = ["年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"]
    for col, text in enumerate(headers, start=4):
        _put(sheet, row, col, text, fmt["label"])
    amounts = [project.get(k) for k in ("budget_initial", "budget", "executed")]
    rate, execution_score = _execution(project)
    rate_text = f"{(rate * 100).quantize(CENT)}%" if isinstance(rate, Decimal) else rate
    for offset, label in enumerate(_SICHUAN_FUND_ROWS, start=1):
        r = row + offset
        _span(sheet, r, 1, 3, label, fmt["text"])
        is_total, is_finance = offset == 1, offset == 2
        for col, amount in enumerate(amounts, start=4):
            _put(sheet, r, col, amount if is_total or is_finance else 0, fmt["money"])
        _put(sheet, r, 7, rate_text if is_total or is_finance else None, fmt["center"])
        _put(sheet, r, 8, 10 if is_total else None, fmt["center"])
        _put(sheet, r, 9, execution_score if is_total else None, fmt["score"])
        _put(sheet, r, 10, project.get("execution_reason") if is_total else None, fmt["text"])
    return row + len(_SICHUAN_FUND_ROWS) + 1


def _write_sichuan_indicators(sheet, project: dict, fmt: dict, row: int) -> int:
    """The 绩效指标 (90分) block, each target split into 指标性质 / 指标值 / 度量单位 cells."""
    indicators = project.get("indicators", [])
    _span(sheet, row, 0, 0, "绩效指标(90分)", fmt["label"], rows=len(indicators) + 1)
    for col, text in enumerate(_SICHUAN_INDICATOR_HEADERS, start=1):
        _put(sheet, row, col, text, fmt["label"])
    start = row + 1
    _merge_levels(sheet, indicators, start, (1, 2), fmt, lambda label: label)
    for offset, item in enumerate(indicators):
        for col, (value, style) in enumerate(_sichuan_item_cells(item), start=3):
            _put(sheet, start + offset, col, value, fmt[style])
    return start + len(indicators)


def _sichuan_item_cells(item: dict) -> list[tuple[object, str]]:
    """An indicator's cells from column D: value and cell format."""
    operator, value, unit = _split_target(item.get("target"))
    return [
        (item.get("level3"), "text"),
        (operator, "center"),
        (value, "center"),
        (unit, "center"),
        (_split_actual(item.get("actual")), "center"),
        (item.get("weight"), "score"),
        (item.get("score"), "score"),
        (item.get("deviation_reason"), "text"),
    ]


# ---------------------------------------------------------------------------------------------------------
# plausible projects

# 二级 → [(三级, kind, operator, target, unit)]; kind 'q' = quantified, 't' = time, 'text' = qualitative
_POOL: dict[str, list[tuple[str, str, str, int, str]]] = {
    "数量指标": [
        ("培训人次", "q", "≥", 500, "人"),
        ("维修道路里程", "q", "≥", 12, "公里"),
        ("补助发放户数", "q", "=", 1200, "户"),
        ("设备购置数量", "q", "≥", 30, "台"),
        ("开展宣传活动次数", "q", "≥", 20, "次"),
    ],
    "质量指标": [
        ("验收合格率", "q", "=", 100, "%"),
        ("资金发放准确率", "q", "≥", 98, "%"),
        ("设备完好率", "q", "≥", 95, "%"),
    ],
    "时效指标": [("项目完成时间", "t", "≤", 12, "月"), ("资金拨付及时率", "q", "≥", 95, "%")],
    "成本指标": [("项目总成本", "q", "≤", 120, "万元"), ("人均补助标准", "q", "=", 300, "元")],
    "社会效益指标": [
        ("群众生活条件", "text", "", 0, "有效改善"),
        ("公共服务水平", "text", "", 0, "明显提升"),
        ("政策知晓率", "q", "≥", 90, "%"),
    ],
    "生态效益指标": [("人居环境", "text", "", 0, "有效改善")],
    "可持续影响指标": [
        ("长效管护机制", "text", "", 0, "逐步健全"),
        ("项目持续发挥作用年限", "q", "≥", 5, "年"),
    ],
    "服务对象满意度指标": [("服务对象满意度", "q", "≥", 90, "%"), ("受益群众满意度", "q", "≥", 85, "%")],
}
_TREE = {
    "产出指标": ["数量指标", "质量指标", "时效指标", "成本指标"],
    "效益指标": ["经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"],
    "满意度指标": ["服务对象满意度指标"],
}
_LEVEL1_WEIGHT = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}


def _target_text(operator: str, target: int, unit: str) -> str:
    # a bare "100%" is how most forms write a rate that must be met exactly
    return f"{target}{unit}" if operator == "=" and unit == "%" else f"{operator}{target}{unit}"


def _indicator(rng: random.Random, level1: str, level2: str, spec: tuple, weight: Decimal) -> dict:
    name, kind, operator, target, unit = spec
    if kind == "text":
        achieved = rng.random() < 0.85
        actual = unit if achieved else "部分达成"
        score = weight if achieved else (weight * Decimal("0.7")).quantize(CENT, ROUND_HALF_UP)
        return _item(level1, level2, name, unit, actual, weight, score)
    if kind == "t":
        month = target if rng.random() < 0.85 else 12
        actual = f"{month}月底前"
        return _item(level1, level2, name, f"{target}月底前", actual, weight, weight)
    ratio = Decimal(rng.choice([100, 100, 100, 102, 105, 96, 90])) / 100
    if operator == "=" and unit != "%":
        value = Decimal(target)
    elif unit == "%":
        value = min(Decimal(100), (target * ratio).quantize(Decimal("0.1"), ROUND_HALF_UP))
    else:
        value = (target * ratio).quantize(Decimal(1) if target >= 20 else Decimal("0.1"), ROUND_HALF_UP)
    # 正向: full marks when the target is reached, else pro rata; 反向 (≤): pro rata of target / actual
    if operator == "≤":
        score = weight if value <= target else weight * target / value
    else:
        score = weight if value >= target else weight * value / target
    score = score.quantize(CENT, ROUND_HALF_UP)
    actual = f"{value.normalize():f}{unit}"
    return _item(level1, level2, name, _target_text(operator, target, unit), actual, weight, score)


def _item(level1, level2, level3, target, actual, weight, score) -> dict:
    return {
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "target": target,
        "actual": actual,
        "weight": weight,
        "score": score,
        "deviation_reason": None if score >= weight else "受实施进度影响未全部完成，下年度加强调度",
    }


def _template_row(level1: str, level2: str, level3: str | None) -> dict:
    return {
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "target": None,
        "actual": None,
        "weight": None,
        "score": None,
        "deviation_reason": None,
    }


def _split_weight(total: int, parts: int) -> list[Decimal]:
    base, rest = divmod(total, parts)
    return [Decimal(base + (1 if i < rest else 0)) for i in range(parts)]


def _indicators(rng: random.Random, count: int) -> list[dict]:
    """``count`` real indicators (6–12) spread over the three 一级, plus the template rows forms keep."""
    per_level = {"产出指标": max(3, count - 4), "效益指标": 2, "满意度指标": 1}
    per_level["效益指标"] += count - sum(per_level.values())
    rows: list[dict] = []
    for level1, level2s in _TREE.items():
        wanted = per_level[level1]
        chosen: list[tuple[str, tuple]] = []
        usable = [l2 for l2 in level2s if l2 in _POOL]
        while len(chosen) < wanted:
            level2 = usable[len(chosen) % len(usable)]
            taken = {spec for l2, spec in chosen if l2 == level2}
            free = [spec for spec in _POOL[level2] if spec not in taken]
            if not free:
                usable.remove(level2)
                continue
            chosen.append((level2, rng.choice(free)))
        chosen.sort(key=lambda pair: level2s.index(pair[0]))
        weights = _split_weight(_LEVEL1_WEIGHT[level1], len(chosen))
        for level2 in level2s:
            mine = [(spec, w) for (l2, spec), w in zip(chosen, weights, strict=True) if l2 == level2]
            rows.extend(_indicator(rng, level1, level2, spec, w) for spec, w in mine)
            if level2 == "经济效益指标":
                rows.append(_template_row(level1, level2, None))
            elif mine and rng.random() < 0.25:
                rows.append(_template_row(level1, level2, rng.choice([f"指标{len(mine) + 1}：", "……"])))
    return rows


def example_projects(n: int, seed: int = 2021) -> list[dict]:
    """``n`` plausible, deterministic projects for the layouts above (money in Decimal 万元)."""
    rng = random.Random(seed)
    projects = []
    for index in range(n):
        department, kind = rng.choice(DEPARTMENTS)
        stem = rng.choice(PROJECT_STEMS[kind])
        budget_initial = Decimal(rng.randint(500, 500_000)) / 100
        budget = (budget_initial * Decimal(rng.choice([100, 100, 105, 97, 120])) / 100).quantize(CENT)
        executed = (budget * Decimal(rng.randint(7000, 10000)) / 10000).quantize(CENT)
        indicators = _indicators(rng, rng.randint(6, 12))
        project = {
            "department": department,
            "department_code": f"{219001 + DEPARTMENTS.index((department, kind)):06d}",
            "unit": department,
            "project_name": f"2021年{stem}",
            "project_code": f"51000021R{19951 + index:012d}",
            "year": 2021,
            "budget_initial": budget_initial,
            "budget": budget,
            "executed": executed,
            "indicators": indicators,
            "goal_expected": f"按期完成{stem}各项任务，资金使用规范，服务对象满意度不低于90%。",
            "goal_actual": f"{stem}各项任务已按计划完成，资金按规定使用。",
        }
        _rate, execution_score = _execution(project)
        project["execution_score"] = execution_score
        project["self_score"] = _self_score(project)
        projects.append(project)
    return projects
