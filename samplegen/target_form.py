"""Write per-project 项目支出绩效目标申报表 workbooks the way departments hand them in: one project per
sheet, many sheets per workbook, merged label cells and merged 一级/二级 indicator cells.

Two layouts (forms.md §3.1):
- ``national``: 财预〔2015〕88号 template, 中期 indicators on the left and 年度 on the right of one table;
- ``local``: a 佳县-style 财政支出项目绩效目标申报表 with separate 长期绩效指标 / 年度绩效指标 blocks and older
  二级 names (环境效益指标, 进度指标, 社会公众或服务对象满意度指标).

A project is a plain dict: department, department_code, unit, project_name, project_code, year, budget
(Decimal 万元), fund_type, indicators (level1, level2, level3, target and optionally mid_target).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from samplegen.names import DEPARTMENTS, PROJECT_STEMS, REGION

FIXED_TIME = datetime(2022, 1, 10, 9, 0)
LAYOUTS = ("national", "local")

# The 88号 二级 catalogue, in template order; the national form lists every 二级 even when unused.
NATIONAL_LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("产出指标", ("数量指标", "质量指标", "时效指标", "成本指标")),
    ("效益指标", ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
    ("满意度指标", ("服务对象满意度指标",)),
)
# Older names the 佳县-style form still prints.
LOCAL_LEVEL2_NAMES = {
    "生态效益指标": "环境效益指标",
    "时效指标": "进度指标",
    "服务对象满意度指标": "社会公众或服务对象满意度指标",
}

# (一级, 二级, 三级, target template); templates without a placeholder are qualitative or fixed.
INDICATOR_BANK: tuple[tuple[str, str, str, str], ...] = (
    ("产出指标", "数量指标", "培训人次", "≥{n}人次"),
    ("产出指标", "数量指标", "补助对象人数", "≥{n}人"),
    ("产出指标", "数量指标", "覆盖学校数量", "={k}所"),
    ("产出指标", "数量指标", "维修改造面积", "≥{n}平方米"),
    ("产出指标", "质量指标", "验收合格率", "100%"),
    ("产出指标", "质量指标", "资金发放准确率", "≥{p}%"),
    ("产出指标", "质量指标", "工作开展规范程度", "规范有序"),
    ("产出指标", "时效指标", "项目完成时间", "{m}月底前"),
    ("产出指标", "时效指标", "资金拨付及时率", "≥{p}%"),
    ("产出指标", "成本指标", "项目总成本", "≤{c}万元"),
    ("产出指标", "成本指标", "人均补助标准", "={s}元/人"),
    ("效益指标", "经济效益指标", "带动农户增收", "≥{s}元"),
    ("效益指标", "社会效益指标", "群众生活条件", "有效改善"),
    ("效益指标", "社会效益指标", "公共服务水平", "明显提升"),
    ("效益指标", "生态效益指标", "人居环境质量", "持续改善"),
    ("效益指标", "可持续影响指标", "长效管理机制", "逐步建立健全"),
    ("效益指标", "可持续影响指标", "项目持续发挥作用年限", "≥{y}年"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥{q}%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥{q}%"),
)
FUND_TYPES = ("一般公共预算", "一般公共预算", "一般公共预算", "政府性基金预算", "一般公共预算、其他资金")
_COUNT_TARGET = re.compile(r"^(?P<op>[≥≤=]?)(?P<num>\d+)(?P<unit>人次|人|所|平方米|万元)$")
_MONTH_TARGET = re.compile(r"^\d{1,2}月底前$")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


# ---------------------------------------------------------------------------------------------------------
# example data


def _fill(template: str, rng: random.Random, budget: Decimal) -> str:
    return template.format(
        n=rng.choice((50, 120, 300, 500, 800, 1200)),
        k=rng.randint(3, 25),
        p=rng.choice((90, 95, 98)),
        m=rng.choice((6, 9, 10, 11, 12)),
        c=budget,
        s=rng.choice((300, 800, 1200, 3000)),
        y=rng.choice((3, 5, 10)),
        q=rng.choice((85, 90, 95)),
    )


def mid_target(target: str, year: int) -> str:
    """The 中期 value printed beside a 年度 one: three years of a count, a time target at the period's end."""
    count = _COUNT_TARGET.match(target)
    if count:
        return f"{count['op']}{int(count['num']) * 3}{count['unit']}"
    if _MONTH_TARGET.match(target):
        return f"{year + 2}年12月底前"
    return target


def _pick_indicators(rng: random.Random, budget: Decimal) -> list[dict]:
    # every project gets a 数量, a 效益 and a 满意度 indicator; the rest are drawn at random
    required = [
        rng.choice([i for i, b in enumerate(INDICATOR_BANK) if b[1] == "数量指标"]),
        rng.choice([i for i, b in enumerate(INDICATOR_BANK) if b[0] == "效益指标"]),
        rng.choice([i for i, b in enumerate(INDICATOR_BANK) if b[0] == "满意度指标"]),
    ]
    others = [i for i in range(len(INDICATOR_BANK)) if i not in required]
    chosen = sorted(required + rng.sample(others, rng.randint(2, 9)))
    return [
        {"level1": l1, "level2": l2, "level3": l3, "target": _fill(template, rng, budget)}
        for l1, l2, l3, template in (INDICATOR_BANK[i] for i in chosen)
    ]


def example_projects(n: int, seed: int = 2022, year: int = 2022) -> list[dict]:
    """``n`` plausible projects with 5–12 indicators each, quantified and qualitative targets mixed."""
    rng = random.Random(seed)
    departments = rng.sample(range(len(DEPARTMENTS)), min(n, len(DEPARTMENTS)))
    projects = []
    for i in range(n):
        dept_index = departments[i % len(departments)]
        department, kind = DEPARTMENTS[dept_index]
        budget = Decimal(rng.randint(50_00, 900_00)).scaleb(-2)
        indicators = _pick_indicators(rng, budget)
        for indicator in indicators:
            indicator["mid_target"] = mid_target(indicator["target"], year)
        projects.append(
            {
                "department": department,
                "department_code": f"{219001 + dept_index}",
                "unit": department,
                "project_name": f"{year}年{rng.choice(PROJECT_STEMS[kind])}",
                "project_code": f"6542{year}{i + 1:06d}",
                "year": year,
                "budget": budget,
                "fund_type": rng.choice(FUND_TYPES),
                "indicators": indicators,
            }
        )
    return projects


def funding_split(project: dict) -> tuple[Decimal, Decimal]:
    """(财政拨款, 其他资金): a fund type naming 其他资金 puts a fifth of the budget there."""
    budget = project["budget"]
    if "其他" in project.get("fund_type", ""):
        other = (budget / 5).quantize(Decimal("0.01"))
        return budget - other, other
    return budget, Decimal("0.00")


# ---------------------------------------------------------------------------------------------------------
# workbook plumbing shared with the monitoring writer


def new_book(path: Path) -> Workbook:
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    # a fixed creation time keeps the bytes identical run to run
    book.set_properties({"created": FIXED_TIME, "author": f"{REGION}财政局"})
    return book


def formats(book: Workbook) -> dict:
    base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
    return {
        "title": book.add_format(
            {"font_name": "方正小标宋简体", "font_size": 16, "align": "center", "valign": "vcenter"}
        ),
        "note": book.add_format({"font_name": "宋体", "font_size": 10, "valign": "vcenter"}),
        "note_right": book.add_format({"font_name": "宋体", "font_size": 10, "align": "right"}),
        "label": book.add_format({**base, "bold": True, "align": "center"}),
        "text": book.add_format(base),
        "center": book.add_format({**base, "align": "center"}),
        "money": book.add_format({**base, "num_format": "#,##0.00"}),
        "rate": book.add_format({**base, "num_format": "0.00%"}),
    }


def sheet_name(index: int, project_name: str) -> str:
    """Excel sheet names: at most 31 characters, no []:*?/\\, unique thanks to the number."""
    return f"{index + 1}.{_SHEET_NAME_BAD.sub('', project_name)}"[:31]


def put(sheet: Worksheet, r0: int, c0: int, r1: int, c1: int, value: object, fmt) -> None:
    """Write one value over a range, merging only when the range is larger than one cell."""
    if (r0, c0) != (r1, c1):
        sheet.merge_range(r0, c0, r1, c1, None, fmt)
    if value is None:
        sheet.write_blank(r0, c0, None, fmt)
    elif isinstance(value, (Decimal, int, float)):
        sheet.write_number(r0, c0, float(value), fmt)
    else:
        sheet.write_string(r0, c0, str(value), fmt)


def runs(values: list[object]) -> Iterable[tuple[int, int, object]]:
    """(first, last, value) for each run of equal consecutive values, for merging 一级/二级 cells."""
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            yield start, i - 1, values[start]
            start = i


def write_books(path: Path, projects: list[dict], draw: Callable[[Worksheet, dict, dict], None]) -> Path:
    book = new_book(path)
    fmt = formats(book)
    for index, project in enumerate(projects):
        draw(book.add_worksheet(sheet_name(index, project["project_name"])), fmt, project)
    book.close()
    return path


# ---------------------------------------------------------------------------------------------------------
# national layout


def national_rows(indicators: list[dict]) -> list[dict]:
    """Indicator rows in template order; an unused 二级 keeps its blank "指标1：" row as departments leave it."""
    rows = []
    for level1, level2s in NATIONAL_LEVELS:
        for level2 in level2s:
            mine = [i for i in indicators if i["level1"] == level1 and i["level2"] == level2]
            if not mine:
                rows.append(
                    {
                        "level1": level1,
                        "level2": level2,
                        "level3": "指标1：",
                        "target": None,
                        "mid_target": None,
                    }
                )
            for number, indicator in enumerate(mine, start=1):
                rows.append({**indicator, "level3": f"指标{number}：{indicator['level3']}"})
    return rows


def _draw_national(sheet: Worksheet, fmt: dict, p: dict) -> None:
    """The national 绩效目标申报表 top to bottom: head, 项目资金, 总体目标, then the indicator table."""
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 7, 16)
    _national_head(sheet, fmt, p)
    _national_funds(sheet, fmt, p)
    _national_goals(sheet, fmt, p)
    _national_indicators(sheet, fmt, national_rows(p["indicators"]))


def _national_head(sheet: Worksheet, fmt: dict, p: dict) -> None:
    """Title, the coded 项目名称, 主管部门及代码 / 实施单位 and 项目属性 / 项目期 (rows 1-4)."""
    year = p["year"]
    put(sheet, 0, 0, 0, 7, f"项目支出绩效目标申报表（{year}年度）", fmt["title"])
    sheet.set_row(0, 30)
    name = f"{p['project_code']}-{p['project_name']}" if p.get("project_code") else p["project_name"]
    cells = (
        (1, 0, 0, "项目名称", "label"),
        (1, 1, 7, name, "text"),
        (2, 0, 0, "主管部门及代码", "label"),
        (2, 1, 3, f"{p['department_code']}-{p['department']}", "text"),
        (2, 4, 4, "实施单位", "label"),
        (2, 5, 7, p["unit"], "text"),
        (3, 0, 0, "项目属性", "label"),
        (3, 1, 3, "延续项目", "text"),
        (3, 4, 4, "项目期", "label"),
        (3, 5, 7, f"{year}年-{year + 2}年", "text"),
    )
    for row, first, last, value, style in cells:
        put(sheet, row, first, row, last, value, fmt[style])


def _national_funds(sheet: Worksheet, fmt: dict, p: dict) -> None:
    """项目资金 (rows 5-7): the three-year 中期 amounts beside the year's."""
    fiscal, other = funding_split(p)
    put(sheet, 4, 0, 6, 0, "项目资金（万元）", fmt["label"])
    money_rows = (
        ("中期资金总额：", "年度资金总额："),
        ("其中：财政拨款", "其中：财政拨款"),
        ("其他资金", "其他资金"),
    )
    for offset, ((mid_label, year_label), amount) in enumerate(
        zip(money_rows, (p["budget"], fiscal, other), strict=True)
    ):
        put(sheet, 4 + offset, 1, 4 + offset, 2, mid_label, fmt["label"])
        put(sheet, 4 + offset, 3, 4 + offset, 4, amount * 3, fmt["money"])
        put(sheet, 4 + offset, 5, 4 + offset, 6, year_label, fmt["label"])
        put(sheet, 4 + offset, 7, 4 + offset, 7, amount, fmt["money"])


def _national_goals(sheet: Worksheet, fmt: dict, p: dict) -> None:
    """总体目标 (rows 8-9): the 中期 goal beside the year's."""
    year = p["year"]
    put(sheet, 7, 0, 8, 0, "总体目标", fmt["label"])
    put(sheet, 7, 1, 7, 4, f"中期目标（{year}年－{year + 2}年）", fmt["label"])
    put(sheet, 7, 5, 7, 7, "年度目标", fmt["label"])
    stem = p["project_name"].removeprefix(f"{year}年")
    put(sheet, 8, 1, 8, 4, f"目标1：持续做好{stem}相关工作，三年内全面完成建设任务。", fmt["text"])
    put(sheet, 8, 5, 8, 7, f"目标1：{year}年按计划完成年度任务，资金使用规范，服务对象满意。", fmt["text"])


def _national_indicators(sheet: Worksheet, fmt: dict, rows: list[dict]) -> None:
    """绩效指标 from row 10: the 中期 indicators (B-D) and the year's (E-G) side by side."""
    top, bottom = 9, 9 + len(rows)
    put(sheet, top, 0, bottom, 0, "绩效指标", fmt["label"])
    for c, label in enumerate(
        ("一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"), start=1
    ):
        put(sheet, top, c, top, c, label, fmt["label"])
    for first, last, value in runs([r["level1"] for r in rows]):
        put(sheet, top + 1 + first, 1, top + 1 + last, 1, value, fmt["center"])
    for first, last, value in runs([(r["level1"], r["level2"]) for r in rows]):
        for c in (2, 5):
            put(sheet, top + 1 + first, c, top + 1 + last, c, value[1], fmt["center"])
    for offset, row in enumerate(rows, start=top + 1):
        target = row.get("target")
        put(sheet, offset, 3, offset, 3, row["level3"], fmt["text"])
        put(sheet, offset, 4, offset, 4, row.get("mid_target", target), fmt["text"])
        put(sheet, offset, 6, offset, 6, row["level3"], fmt["text"])
        put(sheet, offset, 7, offset, 7, target, fmt["text"])


# ---------------------------------------------------------------------------------------------------------
# 佳县-style local layout


def _draw_indicator_block(
    sheet: Worksheet, fmt: dict, top: int, label: str, rows: list[dict], key: str
) -> int:
    bottom = top + len(rows)
    put(sheet, top, 0, bottom, 0, label, fmt["label"])
    for c, head in enumerate(("一级指标", "二级指标", "指标内容", "指标值", "备注"), start=1):
        put(sheet, top, c, top, c, head, fmt["label"])
    for first, last, value in runs([r["level1"] for r in rows]):
        put(sheet, top + 1 + first, 1, top + 1 + last, 1, value, fmt["center"])
    for first, last, value in runs([(r["level1"], r["level2"]) for r in rows]):
        put(
            sheet,
            top + 1 + first,
            2,
            top + 1 + last,
            2,
            LOCAL_LEVEL2_NAMES.get(value[1], value[1]),
            fmt["center"],
        )
    for offset, row in enumerate(rows, start=top + 1):
        put(sheet, offset, 3, offset, 3, row["level3"], fmt["text"])
        put(sheet, offset, 4, offset, 4, row.get(key) or row["target"], fmt["text"])
        put(sheet, offset, 5, offset, 5, None, fmt["text"])
    return bottom + 1


def _draw_local(sheet: Worksheet, fmt: dict, p: dict) -> None:
    """The 佳县-style form top to bottom: head, 资金申请, 概况, 绩效目标, long-term and annual indicators."""
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 5, 18)
    _local_head(sheet, fmt, p)
    _local_funds(sheet, fmt, p)
    _local_texts(sheet, fmt, p)
    rows = p["indicators"]
    after_long = _draw_indicator_block(sheet, fmt, 13, "长期绩效指标", rows, "mid_target")
    after_year = _draw_indicator_block(sheet, fmt, after_long, "年度绩效指标", rows, "target")
    put(sheet, after_year, 0, after_year, 0, "其他说明的问题", fmt["label"])
    put(sheet, after_year, 1, after_year, 5, None, fmt["text"])


def _local_head(sheet: Worksheet, fmt: dict, p: dict) -> None:
    """Title, 填报单位 and date, then label/value pairs, one or two to a row (rows 3-7)."""
    year = p["year"]
    put(sheet, 0, 0, 0, 5, f"财政支出项目绩效目标申报表（{year}年度）", fmt["title"])
    sheet.set_row(0, 30)
    put(sheet, 1, 0, 1, 2, f"填报单位（盖章）：{p['unit']}", fmt["note"])
    put(sheet, 1, 3, 1, 5, f"填报日期：{year}年1月10日", fmt["note_right"])
    pairs = (
        (2, "项目名称", p["project_name"], None, None),
        (3, "项目属性", "新增项目□  延续项目☑", None, None),
        (4, "主管部门", p["department"], "主管部门编码", p["department_code"]),
        (5, "项目实施单位", p["unit"], "项目负责人", "张明"),
        (6, "联系电话", "0993-6012345", "项目起止时间", f"{year}年1月-{year}年12月"),
    )
    for r, label, value, label2, value2 in pairs:
        put(sheet, r, 0, r, 0, label, fmt["label"])
        if label2 is None:
            put(sheet, r, 1, r, 5, value, fmt["text"])
            continue
        put(sheet, r, 1, r, 2, value, fmt["text"])
        put(sheet, r, 3, r, 3, label2, fmt["label"])
        put(sheet, r, 4, r, 5, value2, fmt["text"])


def _local_funds(sheet: Worksheet, fmt: dict, p: dict) -> None:
    """项目资金申请 (rows 8-9): 资金总额 / 财政拨款 and 自有资金 / 其他."""
    fiscal, other = funding_split(p)
    put(sheet, 7, 0, 8, 0, "项目资金申请（万元）", fmt["label"])
    money = (
        (7, "资金总额:", p["budget"], "财政拨款:", fiscal),
        (8, "自有资金:", Decimal("0.00"), "其他:", other),
    )
    for r, label, value, label2, value2 in money:
        put(sheet, r, 1, r, 1, label, fmt["label"])
        put(sheet, r, 2, r, 2, value, fmt["money"])
        put(sheet, r, 3, r, 3, label2, fmt["label"])
        put(sheet, r, 4, r, 4, value2, fmt["money"])
        put(sheet, r, 5, r, 5, None, fmt["text"])


def _local_texts(sheet: Worksheet, fmt: dict, p: dict) -> None:
    """单位职能概述 and 项目概况, then the long-term and annual 项目绩效目标 (rows 10-13)."""
    texts = (
        (9, "单位职能概述", f"{p['unit']}主要承担本行业领域公共服务和管理职能。"),
        (10, "项目概况", f"{p['project_name']}，年度预算{p['budget']}万元。"),
    )
    for r, label, value in texts:
        put(sheet, r, 0, r, 0, label, fmt["label"])
        put(sheet, r, 1, r, 5, value, fmt["text"])
    put(sheet, 11, 0, 12, 0, "项目绩效目标", fmt["label"])
    put(sheet, 11, 1, 11, 1, "长期目标", fmt["label"])
    put(sheet, 11, 2, 11, 5, "持续改善服务条件，建立长效管理机制。", fmt["text"])
    put(sheet, 12, 1, 12, 1, "年度目标", fmt["label"])
    put(sheet, 12, 2, 12, 5, f"{p['year']}年完成年度建设和服务任务。", fmt["text"])


def write_target_forms(path: Path, projects: list[dict], layout: str = "national") -> Path:
    """One 绩效目标申报表 per sheet for every project, in the given layout ('national' or 'local')."""
    draw = {"national": _draw_national, "local": _draw_local}[layout]
    return write_books(path, projects, draw)
