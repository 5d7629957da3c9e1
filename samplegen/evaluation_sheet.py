"""Write 项目支出绩效评价评分表 workbooks: one evaluated project per sheet (forms.md §5.1).

Layouts:
- ``indicator_system``: titled ``…项目绩效评价指标体系及评分表``; the head names the 评价类型 (部门评价 or
  财政重点评价) and, for a 财政重点评价, the 评价机构; 评价等级 / 评价结论 as label cells under the table;
- ``scoring``: titled ``{year}年度项目支出部门评价评分表`` / ``…财政重点绩效评价评分表`` (the title says which),
  一级 labels carry their weight (``决策（20分）``) and 评价等级 / 评价结论 are typed inline after a colon.

An evaluation is a plain dict (money as Decimal 万元) with ``items``: level1, level2, level3, explanation,
weight, criteria, score, deduction. Values given as ``str`` are written verbatim, so typing errors can be
produced on purpose.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from samplegen.names import DEPARTMENTS, PROJECT_STEMS
from samplegen.target_form import formats, new_book, put, runs, sheet_name

__all__ = ["FRAMEWORK", "LAYOUTS", "LEVELS", "example_evaluations", "grade_of", "write_evaluation_sheets"]

LAYOUTS = ("indicator_system", "scoring")
LEVELS = ("部门评价", "财政评价")
EVALUATION_FIRMS = (
    "新疆天正会计师事务所有限公司",
    "塔城华信项目管理咨询有限公司",
    "新疆中审众环资产评估有限公司",
)
# 沙湾市 grade bands (etl/config/regions.toml): 优 ≥ 90, 良 ≥ 80, 中 ≥ 70, else 差
GRADE_BANDS = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(70), "中"), (Decimal(0), "差"))
HALF = Decimal("0.5")

# 财预〔2020〕10号 附件2 framework with the weights local 重点评价 reports use: 决策 20 / 过程 20 / 产出 30 / 效益 30.
# (一级, 二级, 三级, 指标解释, 分值, 评分标准)
FRAMEWORK: tuple[tuple[str, str, str, str, int, str], ...] = (
    (
        "决策",
        "项目立项",
        "立项依据充分性",
        "项目立项是否符合法律法规、相关政策和部门职能",
        4,
        "依据充分得4分，每缺一项扣1分",
    ),
    (
        "决策",
        "项目立项",
        "立项程序规范性",
        "项目申请、设立过程是否符合相关要求",
        3,
        "程序规范得3分，否则酌情扣分",
    ),
    (
        "决策",
        "绩效目标",
        "绩效目标合理性",
        "绩效目标与实际工作内容是否相关、合理",
        4,
        "目标合理得4分，否则酌情扣分",
    ),
    (
        "决策",
        "绩效目标",
        "绩效指标明确性",
        "绩效指标是否清晰、细化、可衡量",
        3,
        "指标明确可衡量得3分，否则酌情扣分",
    ),
    (
        "决策",
        "资金投入",
        "预算编制科学性",
        "预算编制是否经过科学论证、有明确标准",
        3,
        "编制科学得3分，否则酌情扣分",
    ),
    (
        "决策",
        "资金投入",
        "资金分配合理性",
        "资金分配是否有测算依据、与实际相适应",
        3,
        "分配合理得3分，否则酌情扣分",
    ),
    ("过程", "资金管理", "资金到位率", "实际到位资金/预算资金×100%", 4, "得分=到位率×4分"),
    ("过程", "资金管理", "预算执行率", "实际支出资金/实际到位资金×100%", 5, "得分=执行率×5分"),
    (
        "过程",
        "资金管理",
        "资金使用合规性",
        "资金使用是否符合财经法规和资金管理办法",
        4,
        "无违规得4分，发现一项扣1分",
    ),
    (
        "过程",
        "组织实施",
        "管理制度健全性",
        "是否已制定或具有相应的财务和业务管理制度",
        3,
        "制度健全得3分，否则酌情扣分",
    ),
    (
        "过程",
        "组织实施",
        "制度执行有效性",
        "项目实施是否遵守相关法律法规和管理规定",
        4,
        "执行有效得4分，否则酌情扣分",
    ),
    ("产出", "产出数量", "实际完成率", "实际产出数/计划产出数×100%", 10, "得分=完成率×10分"),
    ("产出", "产出质量", "质量达标率", "质量达标产出数/实际产出数×100%", 8, "得分=达标率×8分"),
    ("产出", "产出时效", "完成及时性", "项目是否按计划时间完成", 6, "按期完成得6分，每延期一月扣1分"),
    (
        "产出",
        "产出成本",
        "成本节约率",
        "(计划成本-实际成本)/计划成本×100%",
        6,
        "成本控制在预算内得6分，超支酌情扣分",
    ),
    (
        "效益",
        "项目效益",
        "社会效益",
        "项目实施对社会发展带来的直接或间接影响",
        8,
        "效益明显得8分，一般得5分，不明显不得分",
    ),
    (
        "效益",
        "项目效益",
        "经济效益",
        "项目实施对经济发展带来的直接或间接影响",
        6,
        "效益明显得6分，一般得4分，不明显不得分",
    ),
    (
        "效益",
        "项目效益",
        "生态效益",
        "项目实施对生态环境带来的直接或间接影响",
        4,
        "效益明显得4分，一般得2分，不明显不得分",
    ),
    ("效益", "项目效益", "可持续影响", "项目后续运行及成效发挥的可持续性", 4, "机制健全得4分，否则酌情扣分"),
    (
        "效益",
        "满意度",
        "服务对象满意度",
        "服务对象对项目实施效果的满意程度",
        8,
        "满意度≥90%得8分，每低5个百分点扣1分",
    ),
)
DEDUCTIONS = (
    "绩效指标未细化量化，部分指标难以衡量",
    "资金到位不及时，部分资金年底才拨付",
    "预算执行率未达到100%",
    "部分工程延期完工",
    "未开展满意度调查，以座谈代替",
    "项目管理制度不完善，缺少验收办法",
    "台账资料不完整",
)


# ---------------------------------------------------------------------------------------------------------
# example data


def grade_of(score: Decimal) -> str:
    return next(grade for floor, grade in GRADE_BANDS if score >= floor)


def _items(rng: random.Random) -> list[dict]:
    """The framework's items scored: most earn full marks, a few lose 0.5–3 分 with a reason."""
    items = []
    for level1, level2, level3, explanation, weight, criteria in FRAMEWORK:
        lost = Decimal(0)
        if rng.random() < 0.3:
            lost = min(Decimal(weight), HALF * rng.randint(1, 6))
        items.append(
            {
                "level1": level1,
                "level2": level2,
                "level3": level3,
                "explanation": explanation,
                "weight": Decimal(weight),
                "criteria": criteria,
                "score": Decimal(weight) - lost,
                "deduction": rng.choice(DEDUCTIONS) if lost else None,
            }
        )
    return items


def example_evaluations(n: int, seed: int = 2021, year: int = 2021, level: str = "部门评价") -> list[dict]:
    """``n`` evaluated projects of one level ('部门评价' or '财政评价') with their scored items."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; expected one of {LEVELS}")
    rng = random.Random(seed)
    evaluations = []
    for i in range(n):
        dept_index = rng.randrange(len(DEPARTMENTS))
        department, kind = DEPARTMENTS[dept_index]
        items = _items(rng)
        score = sum((item["score"] for item in items), Decimal(0))
        grade = grade_of(score)
        evaluations.append(
            {
                "level": level,
                "year": year,
                "department": department,
                "department_code": f"{219001 + dept_index}",
                "unit": department,
                "project_name": f"{year}年{rng.choice(PROJECT_STEMS[kind])}",
                "project_code": f"6542{year}{i + 1:06d}",
                "budget": Decimal(rng.randint(20_00, 2_000_00)).scaleb(-2),
                "evaluator": rng.choice(EVALUATION_FIRMS) if level == "财政评价" else department,
                "items": items,
                "grade": grade,
                "conclusion": f"该项目综合得分{score.normalize():f}分，评价等级为“{grade}”。",
            }
        )
    return evaluations


# ---------------------------------------------------------------------------------------------------------
# drawing


def _total(evaluation: dict) -> object:
    if "score" in evaluation:
        return evaluation["score"]
    scores = [item.get("score") for item in evaluation["items"]]
    return sum((s for s in scores if isinstance(s, Decimal)), Decimal(0))


def _level_weights(items: list[dict]) -> dict[str, Decimal]:
    weights: dict[str, Decimal] = {}
    for item in items:
        if isinstance(item.get("weight"), Decimal):
            weights[item["level1"]] = weights.get(item["level1"], Decimal(0)) + item["weight"]
    return weights


def _title(evaluation: dict, layout: str) -> str:
    year = evaluation["year"]
    if layout == "scoring":
        kind = "部门评价" if evaluation["level"] == "部门评价" else "财政重点绩效评价"
        return f"{year}年度项目支出{kind}评分表"
    stem = evaluation["project_name"].removeprefix(f"{year}年")
    stem = stem if stem.endswith("项目") else f"{stem}项目"
    return f"{year}年度{stem}绩效评价指标体系及评分表"


def _head(sheet: Worksheet, fmt: dict, e: dict, layout: str) -> int:
    """Head lines under the title; returns the row of the table header."""
    level_text = "部门评价" if e["level"] == "部门评价" else "财政重点评价"
    lines = [
        ("项目名称", e["project_name"], "项目编码", e.get("project_code")),
        ("主管部门", e["department"], "实施单位", e.get("unit")),
        ("项目资金（万元）", e.get("budget"), "评价机构", e.get("evaluator")),
    ]
    if layout == "indicator_system":
        lines.append(("评价类型", level_text, "评价时间", f"{e['year'] + 1}年5月"))
    for offset, (label, value, label2, value2) in enumerate(lines, start=1):
        money = isinstance(value, Decimal) and label.startswith("项目资金")
        put(sheet, offset, 0, offset, 0, label, fmt["label"])
        put(sheet, offset, 1, offset, 3, value, fmt["money"] if money else fmt["text"])
        put(sheet, offset, 4, offset, 4, label2, fmt["label"])
        put(sheet, offset, 5, offset, 7, value2, fmt["text"])
    return len(lines) + 1


def _draw(layout: str):
    """A sheet drawer for ``layout``: title and head, the scored items, 合计, grade and conclusion."""

    def draw(sheet: Worksheet, fmt: dict, e: dict) -> None:
        sheet.set_column(0, 2, 14)
        sheet.set_column(3, 3, 30)
        sheet.set_column(4, 4, 8)
        sheet.set_column(5, 5, 30)
        sheet.set_column(6, 6, 8)
        sheet.set_column(7, 7, 26)
        put(sheet, 0, 0, 0, 7, _title(e, layout), fmt["title"])
        sheet.set_row(0, 30)
        top = _head(sheet, fmt, e, layout)
        total = _items_table(sheet, fmt, e["items"], top, layout)
        put(sheet, total, 0, total, 3, "合计", fmt["label"])
        put(sheet, total, 4, total, 4, Decimal(100), fmt["score"])
        put(sheet, total, 5, total, 5, None, fmt["text"])
        put(sheet, total, 6, total, 6, _total(e), fmt["score"])
        put(sheet, total, 7, total, 7, None, fmt["text"])
        footer = _grade_and_conclusion(sheet, fmt, e, layout, total)
        put(
            sheet, footer, 0, footer, 7, "评价人（签字）：          审核人：          填报日期：", fmt["note"]
        )

    return draw


EVALUATION_HEADERS = ("一级指标", "二级指标", "三级指标", "指标解释", "分值", "评分标准", "得分", "扣分说明")
# the item's key and cell format of each column from D (C is the 三级指标 every item has)
EVALUATION_ITEM_CELLS = (
    ("explanation", "text"),
    ("weight", "score"),
    ("criteria", "text"),
    ("score", "score"),
    ("deduction", "text"),
)


def _items_table(sheet: Worksheet, fmt: dict, items: list[dict], top: int, layout: str) -> int:
    """The scored items under their header at ``top``; the scoring layout puts each 一级's points in its
    label. Returns the 合计 row."""
    for c, label in enumerate(EVALUATION_HEADERS):
        put(sheet, top, c, top, c, label, fmt["label"])
    weights = _level_weights(items)
    first_row = top + 1
    for first, last, level1 in runs([i["level1"] for i in items]):
        label = level1
        if layout == "scoring" and level1 in weights:
            label = f"{level1}（{weights[level1].normalize():f}分）"
        put(sheet, first_row + first, 0, first_row + last, 0, label, fmt["center"])
    for first, last, key in runs([(i["level1"], i["level2"]) for i in items]):
        put(sheet, first_row + first, 1, first_row + last, 1, key[1], fmt["center"])
    for offset, item in enumerate(items):
        r = first_row + offset
        put(sheet, r, 2, r, 2, item["level3"], fmt["text"])
        for c, (key, style) in enumerate(EVALUATION_ITEM_CELLS, start=3):
            put(sheet, r, c, r, c, item.get(key), fmt[style])
    return first_row + len(items)


def _grade_and_conclusion(sheet: Worksheet, fmt: dict, e: dict, layout: str, total: int) -> int:
    """评价等级 and 评价结论 under 合计: labelled cells in the indicator system, note lines on the scoring
    sheet. Returns the footer row."""
    if layout == "indicator_system":
        put(sheet, total + 1, 0, total + 1, 0, "评价等级", fmt["label"])
        put(sheet, total + 1, 1, total + 1, 7, e.get("grade"), fmt["text"])
        put(sheet, total + 2, 0, total + 2, 0, "评价结论", fmt["label"])
        put(sheet, total + 2, 1, total + 2, 7, e.get("conclusion"), fmt["text"])
        sheet.set_row(total + 2, 45)
        return total + 4
    put(sheet, total + 1, 0, total + 1, 7, f"评价等级：{e.get('grade') or ''}", fmt["note"])
    put(sheet, total + 2, 0, total + 2, 7, f"评价结论：{e.get('conclusion') or ''}", fmt["note"])
    return total + 3


def write_evaluation_sheets(path: Path, evaluations: list[dict], layout: str = "indicator_system") -> Path:
    """One 绩效评价评分表 per sheet for every evaluation, in the given layout."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    book = new_book(path)
    fmt = formats(book)
    fmt["score"] = book.add_format(
        {
            "font_name": "宋体",
            "font_size": 10,
            "border": 1,
            "valign": "vcenter",
            "align": "center",
            "num_format": "0.00",
        }
    )
    draw = _draw(layout)
    for index, evaluation in enumerate(evaluations):
        draw(book.add_worksheet(sheet_name(index, evaluation["project_name"])), fmt, evaluation)
    book.close()
    return path
