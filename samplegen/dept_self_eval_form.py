"""Write 部门整体支出绩效自评表 workbooks: one department per sheet (forms.md §2).

Layouts:
- ``chongqing``: the 重庆 部门整体绩效自评表 — head 主管部门 / 财政处室 / 自评总分（分） / 部门联系人 / 联系电话,
  block 部门预算执行情况（万元）, block 当年绩效目标, then a flat indicator table (指标名称 | 计量单位 | 指标性质 |
  年初指标值 | 调整指标值 | 全年完成值 | 得分系数（%） | 指标权重（分） | 指标得分（分） | 是否核心指标) and a 合计 row;
  score = 权重 × 得分系数, 自评总分 = 执行率得分 + Σ 指标得分;
- ``hunan``: the 岳阳-style 部门整体支出绩效评价评分表 — 部门名称, a 预算执行情况 line in 元, then
  ``一级指标 | 二级指标 | 三级指标 | 评分标准 | 分值 | 自评得分 | 扣分原因和其他说明`` with 投入/过程/产出/效果 and
  their weights inside the labels (``投入(15分)``) and a 总分 row.

A department is a plain dict (money as Decimal 万元) carrying both the Chongqing ``indicators`` and the
Hunan ``scoring`` items; ``example_departments`` makes them. Values given as ``str`` are written verbatim,
so typing errors can be produced on purpose.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from samplegen.names import DEPARTMENTS
from samplegen.target_form import formats, new_book, put, runs, sheet_name

__all__ = ["LAYOUTS", "example_departments", "execution", "write_dept_self_eval_forms"]

LAYOUTS = ("chongqing", "hunan")
DEFAULT_UNITS = {"chongqing": "万元", "hunan": "元"}
CENT = Decimal("0.01")
RATE_STEP = Decimal("0.0001")
YUAN_PER_WAN = Decimal(10000)
EXECUTION_WEIGHT = Decimal(10)
INDICATOR_POINTS = 90  # the indicators share what the 执行率 leaves of 100
MANAGEMENT_WEIGHT = 5

FINANCE_OFFICES = {
    "party": "行政政法科",
    "gov": "行政政法科",
    "security": "行政政法科",
    "edu": "教科文科",
    "school": "教科文科",
    "culture": "教科文科",
    "health": "社会保障科",
    "social": "社会保障科",
    "agri": "农业农村科",
    "water": "农业农村科",
    "land": "经济建设科",
    "build": "经济建设科",
    "transport": "经济建设科",
    "econ": "经济建设科",
}
CONTACTS = ("王丽娟", "李建国", "张晓燕", "刘志强", "陈静", "马文华", "赵海燕", "古丽娜尔")

# 部门整体 management indicators seen in Chongqing sheets: (名称, 单位, 指标性质, 指标值, possible 完成值)
MANAGEMENT: tuple[tuple[str, str | None, str, str, tuple[str, ...]], ...] = (
    ("财政供养人员控制率", "%", "≤", "100", ("96.5", "98.2", "100")),
    ("“三公”经费变动率", "%", "≤", "0", ("-3.5", "-8.2", "0")),
    ("预算调整率", "%", "≤", "10", ("3.6", "6.3", "8.9")),
    ("结转结余率", "%", "≤", "5", ("1.2", "2.8", "4.1")),
    ("公用经费控制率", "%", "≤", "100", ("92.3", "97.6", "99.5")),
    ("政府采购执行率", "%", "=", "100", ("100",)),
    ("固定资产利用率", "%", "≥", "90", ("95", "97.5", "100")),
    ("管理制度健全性", None, "定性", "健全", ("健全",)),
    ("资金使用合规性", None, "定性", "合规", ("合规",)),
    ("预决算信息公开性", None, "定性", "按规定公开", ("按规定公开",)),
    ("资产管理安全性", None, "定性", "安全", ("安全",)),
)
# 履职 indicators: one by kind of department, then two every department reports
DUTIES: dict[str, tuple[str, str | None, str, str, tuple[str, ...]]] = {
    "edu": ("义务教育巩固率", "%", "≥", "95", ("97.8", "99.2")),
    "school": ("教师培训人次", "人次", "≥", "300", ("326", "358")),
    "health": ("家庭医生签约服务覆盖率", "%", "≥", "60", ("63.5", "66.1")),
    "agri": ("高标准农田建设面积", "亩", "≥", "20000", ("21000", "20500")),
    "water": ("农村自来水普及率", "%", "≥", "98", ("98.6", "99.1")),
    "build": ("老旧小区改造户数", "户", "≥", "800", ("856", "912")),
    "transport": ("农村公路养护里程", "公里", "≥", "350", ("362", "371")),
}
GENERAL_DUTY = ("政务服务事项按时办结率", "%", "≥", "98", ("99.2", "100"))
COMMON_DUTIES = (
    ("重点工作任务完成率", "%", "≥", "95", ("100", "96", "98")),
    ("服务对象满意度", "%", "≥", "90", ("93", "95.5", "96")),
)

# Hunan (岳阳) scoring framework: (一级, 二级, 三级, 分值, 评分标准)
HUNAN_FRAMEWORK: tuple[tuple[str, str, str, int, str], ...] = (
    ("投入", "预算配置", "财政供养人员控制率", 5, "在编人数控制在核定编制内计5分，超编不得分"),
    ("投入", "预算配置", "“三公经费”变动率", 5, "较上年持平或下降计5分，上升不得分"),
    (
        "投入",
        "预算配置",
        "重点支出安排率",
        5,
        "重点支出安排率≥90%计5分；80%(含)-90%计4分；70%-80%计3分；60%-70%计2分；低于60%不得分",
    ),
    ("过程", "预算执行", "预算调整率", 3, "预算调整率≤10%计3分，每超1个百分点扣0.5分"),
    ("过程", "预算执行", "支付进度", 3, "支付进度达到序时进度计3分，否则酌情扣分"),
    ("过程", "预算执行", "资金结余", 3, "结转结余率≤5%计3分，每超1个百分点扣0.5分"),
    ("过程", "预算执行", "“三公经费”控制率", 6, "“三公经费”控制在预算内计6分，超支不得分"),
    ("过程", "预算管理", "管理制度健全性", 4, "制度健全计4分，每缺一项扣1分"),
    ("过程", "预算管理", "资金使用合规性", 4, "无违规计4分，发现一项扣1分"),
    ("过程", "预算管理", "预决算信息公开性和完善性", 4, "按规定公开计4分，未公开不得分"),
    ("过程", "预算管理", "基础信息完善性", 3, "基础数据真实完整计3分，否则酌情扣分"),
    ("过程", "资产管理", "资产管理安全性", 5, "资产保存完整、使用合规计5分，否则酌情扣分"),
    ("过程", "资产管理", "固定资产利用率", 5, "利用率≥90%计5分，每低5个百分点扣1分"),
    ("产出", "职责履行", "实际完成率", 8, "得分=实际完成率×8分"),
    ("产出", "职责履行", "完成及时率", 6, "得分=完成及时率×6分"),
    ("产出", "职责履行", "质量达标率", 6, "得分=质量达标率×6分"),
    ("产出", "职责履行", "重点工作办结率", 5, "得分=重点工作办结率×5分"),
    ("效果", "履职效益", "经济效益", 5, "效益明显计5分，一般计3分，不明显不得分"),
    ("效果", "履职效益", "社会效益", 5, "效益明显计5分，一般计3分，不明显不得分"),
    ("效果", "履职效益", "可持续影响", 5, "长效机制健全计5分，否则酌情扣分"),
    ("效果", "社会公众或服务对象满意度", "服务对象满意度", 5, "满意度≥90%计5分，每低5个百分点扣1分"),
)
DEDUCTIONS = (
    "年中追加预算较多，预算调整率偏高",
    "部分资金年底集中支付，支付进度滞后",
    "个别制度未及时修订",
    "固定资产台账与实物不完全相符",
    "部分重点工作延期完成",
    "满意度调查样本偏少",
)


# ---------------------------------------------------------------------------------------------------------
# example data


def execution(department: dict) -> tuple[Decimal | None, Decimal | None]:
    """Stated 执行率 (fraction, 全年执行数 ÷ 全年（调整）预算数) and 执行率得分 (权重 × 执行率, capped)."""
    budget, executed = department.get("budget"), department.get("executed")
    rate = department.get("execution_rate")
    if rate is None and isinstance(budget, Decimal) and isinstance(executed, Decimal) and budget:
        rate = (executed / budget).quantize(RATE_STEP, ROUND_HALF_UP)
    score = department.get("execution_score")
    weight = department.get("execution_weight", EXECUTION_WEIGHT)
    if score is None and isinstance(rate, Decimal) and isinstance(weight, Decimal):
        score = min(weight, (weight * rate).quantize(CENT, ROUND_HALF_UP))
    return rate, score


def _weights(count: int, total: int) -> list[Decimal]:
    """``total`` points over ``count`` indicators in whole points, the remainder to the first ones."""
    base, extra = divmod(total, count)
    return [Decimal(base + (1 if i < extra else 0)) for i in range(count)]


def _indicator(spec: tuple, weight: Decimal, core: bool, rng: random.Random) -> dict:
    name, unit, nature, target, actuals = spec
    factor = (
        Decimal(1) if rng.random() < 0.75 else rng.choice((Decimal("0.95"), Decimal("0.9"), Decimal("0.8")))
    )
    return {
        "name": name,
        "unit": unit,
        "nature": nature,
        "initial_target": target,
        "target": target,
        "actual": rng.choice(actuals),
        "score_factor": factor,
        "weight": weight,
        "score": (weight * factor).quantize(CENT, ROUND_HALF_UP),
        "is_core": "是" if core else "否",
    }


def _chongqing_indicators(kind: str, rng: random.Random) -> list[dict]:
    management = sorted(rng.sample(range(len(MANAGEMENT)), rng.randint(8, len(MANAGEMENT))))
    duties = [DUTIES.get(kind, GENERAL_DUTY), *COMMON_DUTIES]
    duty_weights = _weights(len(duties), INDICATOR_POINTS - MANAGEMENT_WEIGHT * len(management))
    return [
        *(_indicator(MANAGEMENT[i], Decimal(MANAGEMENT_WEIGHT), False, rng) for i in management),
        *(_indicator(spec, w, True, rng) for spec, w in zip(duties, duty_weights, strict=True)),
    ]


def _hunan_scoring(rng: random.Random) -> list[dict]:
    items = []
    for level1, level2, level3, weight, criteria in HUNAN_FRAMEWORK:
        lost = Decimal(0)
        if rng.random() < 0.25:
            lost = min(Decimal(weight), Decimal("0.5") * rng.randint(1, 4))
        items.append(
            {
                "level1": level1,
                "level2": level2,
                "level3": level3,
                "criteria": criteria,
                "weight": Decimal(weight),
                "score": Decimal(weight) - lost,
                "deduction": rng.choice(DEDUCTIONS) if lost else None,
            }
        )
    return items


def example_departments(n: int, seed: int = 2021, year: int = 2021) -> list[dict]:
    """``n`` departments with their budget execution, Chongqing indicators and Hunan scoring items."""
    rng = random.Random(seed)
    chosen = rng.sample(range(len(DEPARTMENTS)), min(n, len(DEPARTMENTS)))
    departments = []
    for i in range(n):
        index = chosen[i % len(chosen)]
        name, kind = DEPARTMENTS[index]
        initial = Decimal(rng.randint(300_00, 9_000_00)).scaleb(-2)
        budget = (initial * Decimal(rng.uniform(1.0, 1.25))).quantize(CENT, ROUND_HALF_UP)
        executed = (budget * Decimal(rng.uniform(0.82, 1.0))).quantize(CENT, ROUND_HALF_UP)
        departments.append(
            {
                "department": name,
                "department_code": f"{219001 + index}",
                "kind": kind,
                "year": year,
                "finance_office": FINANCE_OFFICES.get(kind, "综合科"),
                "contact": rng.choice(CONTACTS),
                "phone": f"0993-60{rng.randint(10000, 99999)}",
                "budget_initial": initial,
                "budget": budget,
                "executed": executed,
                "execution_weight": EXECUTION_WEIGHT,
                "goal_initial": f"{year}年全面履行部门职责，保障机构正常运转，完成年度重点工作任务。",
                "goal_adjusted": f"{year}年全面履行部门职责，保障机构正常运转，完成年度重点工作任务。",
                "goal_actual": "年度重点工作任务全面完成，机构运转正常，预算执行总体良好。",
                "indicators": _chongqing_indicators(kind, rng),
                "scoring": _hunan_scoring(rng),
            }
        )
    return departments


def self_score(department: dict, layout: str) -> object:
    """自评总分 as the layout states it: 执行率得分 + 指标得分 (chongqing) or Σ 自评得分 (hunan)."""
    if department.get("self_score") is not None:
        return department["self_score"]
    if layout == "hunan":
        scores = [item.get("score") for item in department.get("scoring", [])]
        return sum((s for s in scores if isinstance(s, Decimal)), Decimal(0))
    _rate, execution_score = execution(department)
    scores = [item.get("score") for item in department.get("indicators", [])]
    return sum((s for s in scores if isinstance(s, Decimal)), execution_score or Decimal(0))


# ---------------------------------------------------------------------------------------------------------
# drawing


def _money(value: object, unit: str) -> object:
    return value * YUAN_PER_WAN if isinstance(value, Decimal) and unit == "元" else value


def _percent_points(rate: object) -> object:
    return (rate * 100).quantize(CENT, ROUND_HALF_UP) if isinstance(rate, Decimal) else rate


def _draw_chongqing(sheet: Worksheet, fmt: dict, d: dict, unit: str) -> None:
    """The Chongqing form top to bottom: head, 预算执行情况, 绩效目标, indicators with their 合计, signatures."""
    _chongqing_head(sheet, fmt, d)
    _chongqing_execution(sheet, fmt, d, unit)
    _chongqing_goals(sheet, fmt, d)
    total = _chongqing_indicator_table(sheet, fmt, d.get("indicators", []))
    put(sheet, total + 2, 0, total + 2, 9, "填表人：          审核人：          填报日期：", fmt["note"])


def _chongqing_head(sheet: Worksheet, fmt: dict, d: dict) -> None:
    """Title and year, then 主管部门 / 财政处室 and 自评总分 / 联系人 / 联系电话 (rows 1-4)."""
    sheet.set_column(0, 0, 24)
    sheet.set_column(1, 9, 11)
    put(sheet, 0, 0, 0, 9, "部门整体绩效自评表", fmt["title"])
    sheet.set_row(0, 30)
    put(sheet, 1, 0, 1, 9, f"（{d['year']}年度）", fmt["subtitle"])
    department = f"{d['department_code']}-{d['department']}" if d.get("department_code") else d["department"]
    cells = (
        (2, 0, 0, "主管部门", "label"),
        (2, 1, 4, department, "text"),
        (2, 5, 5, "财政处室", "label"),
        (2, 6, 9, d.get("finance_office"), "text"),
        (3, 0, 0, "自评总分（分）", "label"),
        (3, 1, 4, self_score(d, "chongqing"), "score"),
        (3, 5, 5, "部门联系人", "label"),
        (3, 6, 7, d.get("contact"), "text"),
        (3, 8, 8, "联系电话", "label"),
        (3, 9, 9, d.get("phone"), "text"),
    )
    for row, first, last, value, style in cells:
        put(sheet, row, first, row, last, value, fmt[style])


def _chongqing_execution(sheet: Worksheet, fmt: dict, d: dict, unit: str) -> None:
    """部门预算执行情况 (rows 5-6): labels over values, amounts in ``unit``, the rate in percent points."""
    put(sheet, 4, 0, 5, 0, f"部门预算执行情况（{unit}）", fmt["label"])
    rate, execution_score = execution(d)
    block = (
        (1, 2, "年初预算数", _money(d.get("budget_initial"), unit), "money"),
        (3, 4, "全年（调整）预算数", _money(d.get("budget"), unit), "money"),
        (5, 6, "全年执行数", _money(d.get("executed"), unit), "money"),
        (7, 7, "执行率（%）", _percent_points(rate), "score"),
        (8, 8, "执行率权重", d.get("execution_weight", EXECUTION_WEIGHT), "center"),
        (9, 9, "执行率得分（分）", execution_score, "score"),
    )
    for first, last, label, value, style in block:
        put(sheet, 4, first, 4, last, label, fmt["label"])
        put(sheet, 5, first, 5, last, value, fmt[style])


def _chongqing_goals(sheet: Worksheet, fmt: dict, d: dict) -> None:
    """当年绩效目标 (rows 7-8): the initial, adjusted and achieved goal side by side."""
    put(sheet, 6, 0, 7, 0, "当年绩效目标", fmt["label"])
    goals = (
        (1, 3, "年初绩效目标", d.get("goal_initial")),
        (4, 6, "全年（调整）绩效目标", d.get("goal_adjusted")),
        (7, 9, "全年目标实际完成情况", d.get("goal_actual")),
    )
    for first, last, label, text in goals:
        put(sheet, 6, first, 6, last, label, fmt["label"])
        put(sheet, 7, first, 7, last, text, fmt["text"])
    sheet.set_row(7, 48)


CHONGQING_HEADERS = (
    "指标名称",
    "计量单位",
    "指标性质",
    "年初指标值",
    "调整指标值",
    "全年完成值",
    "得分系数（%）",
    "指标权重（分）",
    "指标得分（分）",
    "是否核心指标",
)


def _chongqing_indicator_table(sheet: Worksheet, fmt: dict, indicators: list[dict]) -> int:
    """The indicator table from row 9 and its 合计 of weights and scores; returns the 合计 row."""
    for c, label in enumerate(CHONGQING_HEADERS):
        put(sheet, 8, c, 8, c, label, fmt["label"])
    for r, item in enumerate(indicators, start=9):
        for c, (value, style) in enumerate(_chongqing_item_cells(item)):
            put(sheet, r, c, r, c, value, fmt[style])
    total = 9 + len(indicators)
    weights = [i.get("weight") for i in indicators if isinstance(i.get("weight"), Decimal)]
    scores = [i.get("score") for i in indicators if isinstance(i.get("score"), Decimal)]
    put(sheet, total, 0, total, 6, "合计", fmt["label"])
    put(sheet, total, 7, total, 7, sum(weights, Decimal(0)), fmt["score"])
    put(sheet, total, 8, total, 8, sum(scores, Decimal(0)), fmt["score"])
    put(sheet, total, 9, total, 9, None, fmt["text"])
    return total


def _chongqing_item_cells(item: dict) -> tuple[tuple[object, str], ...]:
    """An indicator's cells under CHONGQING_HEADERS: value and cell format."""
    return (
        (item.get("name"), "text"),
        (item.get("unit"), "center"),
        (item.get("nature"), "center"),
        (item.get("initial_target"), "center"),
        (item.get("target"), "center"),
        (item.get("actual"), "center"),
        (_percent_points(item.get("score_factor")), "score"),
        (item.get("weight"), "score"),
        (item.get("score"), "score"),
        (item.get("is_core"), "center"),
    )


def _draw_hunan(sheet: Worksheet, fmt: dict, d: dict, unit: str) -> None:
    """The Hunan 评分表 top to bottom: head with 预算执行情况, the scoring items, 总分 and signatures."""
    _hunan_head(sheet, fmt, d, unit)
    total = _hunan_items(sheet, fmt, d.get("scoring", []))
    put(sheet, total, 0, total, 3, "总分", fmt["label"])
    put(sheet, total, 4, total, 4, Decimal(100), fmt["score"])
    put(sheet, total, 5, total, 5, self_score(d, "hunan"), fmt["score"])
    put(sheet, total, 6, total, 6, None, fmt["text"])
    put(
        sheet,
        total + 2,
        0,
        total + 2,
        6,
        "评价人（签字）：          审核人：          填报日期：",
        fmt["note"],
    )


def _hunan_head(sheet: Worksheet, fmt: dict, d: dict, unit: str) -> None:
    """Title, department and unit note, then 预算执行情况 (rows 3-4): amounts in ``unit`` and the rate."""
    sheet.set_column(0, 1, 16)
    sheet.set_column(2, 2, 22)
    sheet.set_column(3, 3, 40)
    sheet.set_column(4, 5, 10)
    sheet.set_column(6, 6, 28)
    put(sheet, 0, 0, 0, 6, f"{d['year']}年度部门整体支出绩效评价评分表", fmt["title"])
    sheet.set_row(0, 30)
    put(sheet, 1, 0, 1, 3, f"部门名称：{d['department']}", fmt["note"])
    put(sheet, 1, 4, 1, 6, f"单位：{unit}", fmt["note_right"])
    put(sheet, 2, 0, 3, 0, "预算执行情况", fmt["label"])
    rate, _score = execution(d)
    block = (
        ("年初预算数", _money(d.get("budget_initial"), unit), "money"),
        ("全年预算数", _money(d.get("budget"), unit), "money"),
        ("全年执行数", _money(d.get("executed"), unit), "money"),
        ("执行率", rate, "rate"),
    )
    for c, (label, value, style) in enumerate(block, start=1):
        put(sheet, 2, c, 2, c, label, fmt["label"])
        put(sheet, 3, c, 3, c, value, fmt[style])
    put(sheet, 2, 5, 3, 6, None, fmt["text"])


HUNAN_HEADERS = ("一级指标", "二级指标", "三级指标", "评分标准", "分值", "自评得分", "扣分原因和其他说明")
# the scoring item's key and cell format of each column from C
HUNAN_ITEM_CELLS = (
    ("level3", "text"),
    ("criteria", "text"),
    ("weight", "score"),
    ("score", "score"),
    ("deduction", "text"),
)


def _hunan_items(sheet: Worksheet, fmt: dict, items: list[dict]) -> int:
    """The scoring table from row 6, 一级 and 二级 merged and labelled with their points; returns the next row."""
    for c, label in enumerate(HUNAN_HEADERS):
        put(sheet, 4, c, 4, c, label, fmt["label"])
    weights1, weights2 = _hunan_level_weights(items)
    start = 5
    for first, last, level1 in runs([i["level1"] for i in items]):
        label = f"{level1}({weights1[level1].normalize():f}分)" if level1 in weights1 else level1
        put(sheet, start + first, 0, start + last, 0, label, fmt["center"])
    for first, last, key in runs([(i["level1"], i["level2"]) for i in items]):
        label = f"{key[1]}({weights2[key].normalize():f}分)" if key in weights2 else key[1]
        put(sheet, start + first, 1, start + last, 1, label, fmt["center"])
    for r, item in enumerate(items, start=start):
        for c, (key, style) in enumerate(HUNAN_ITEM_CELLS, start=2):
            put(sheet, r, c, r, c, item.get(key), fmt[style])
    return start + len(items)


def _hunan_level_weights(items: list[dict]) -> tuple[dict[str, Decimal], dict[tuple[str, str], Decimal]]:
    """Points of each 一级 and each (一级, 二级), summed from the items, for the merged labels."""
    weights1: dict[str, Decimal] = {}
    weights2: dict[tuple[str, str], Decimal] = {}
    for item in items:
        if isinstance(item.get("weight"), Decimal):
            weights1[item["level1"]] = weights1.get(item["level1"], Decimal(0)) + item["weight"]
            key = (item["level1"], item["level2"])
            weights2[key] = weights2.get(key, Decimal(0)) + item["weight"]
    return weights1, weights2


def write_dept_self_eval_forms(
    path: Path, departments: list[dict], layout: str = "chongqing", *, amount_unit: str | None = None
) -> Path:
    """One 部门整体支出绩效自评表 per sheet for every department; amounts in the layout's usual unit
    (万元 for chongqing, 元 for hunan) unless ``amount_unit`` says otherwise."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    unit = amount_unit or DEFAULT_UNITS[layout]
    book = new_book(path)
    fmt = formats(book)
    base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter"}
    fmt["score"] = book.add_format({**base, "align": "center", "num_format": "0.00"})
    fmt["subtitle"] = book.add_format({"font_name": "宋体", "font_size": 11, "align": "center"})
    draw = _draw_chongqing if layout == "chongqing" else _draw_hunan
    for index, department in enumerate(departments):
        draw(book.add_worksheet(sheet_name(index, department["department"])), fmt, department, unit)
    book.close()
    return path
