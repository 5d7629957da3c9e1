"""Write 部门整体支出绩效目标表 workbooks: one department per sheet (forms.md §2.3).

Layouts:
- ``national``: 部门整体支出绩效目标申报表 (财预〔2015〕88号) — 部门（单位）名称, 年度主要任务
  (任务名称 | 主要内容 | 预算金额（万元）：总额 / 财政拨款 / 其他资金), 金额合计, 年度总体目标 and 年度绩效指标
  (一级指标 | 二级指标 | 三级指标 | 指标值);
- ``zhanjiang``: the Guangdong 湛江 部门整体预算绩效目标表 — 部门名称, 基本信息 (财政供养人员数, 下属二级单位数),
  预算整体情况 (部门预算支出 | 预算金额（万元） | 收入来源), 总体绩效目标, 年度重点工作任务 (名称 | 主要实施内容 |
  拟投入的资金（万元） | 期望达到的目标（概述）), 其他需完成的任务（可选填） and 绩效指标.

A department is a plain dict (money as Decimal 万元); ``example_dept_targets`` makes them. Values given as
``str`` are written verbatim, so typing errors can be produced on purpose.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from samplegen.names import DEPARTMENTS
from samplegen.target_form import formats, new_book, put, runs, sheet_name

__all__ = ["INDICATOR_BANK", "LAYOUTS", "example_dept_targets", "write_dept_target_forms"]

LAYOUTS = ("national", "zhanjiang")
CENT = Decimal("0.01")

# (一级, 二级, 三级, 指标值 template) typical of 部门整体 targets
INDICATOR_BANK: tuple[tuple[str, str, str, str], ...] = (
    ("产出指标", "数量指标", "重点工作任务完成数", "≥{k}项"),
    ("产出指标", "数量指标", "服务对象覆盖人数", "≥{n}人"),
    ("产出指标", "质量指标", "重点工作任务完成率", "≥95%"),
    ("产出指标", "质量指标", "政府采购执行率", "100%"),
    ("产出指标", "时效指标", "资金支付及时率", "≥90%"),
    ("产出指标", "时效指标", "重点工作完成时间", "12月底前"),
    ("产出指标", "成本指标", "“三公”经费控制数", "≤{c}万元"),
    ("产出指标", "成本指标", "公用经费控制率", "≤100%"),
    ("效益指标", "经济效益指标", "带动相关产业发展", "有效带动"),
    ("效益指标", "社会效益指标", "部门履职能力", "持续提升"),
    ("效益指标", "社会效益指标", "公共服务水平", "明显提升"),
    ("效益指标", "可持续影响指标", "长效管理机制", "逐步健全"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%"),
)
TASKS = (
    ("重点业务工作", "围绕年度中心工作开展专项业务，落实上级部署"),
    ("信息化建设及运维", "业务系统运行维护和网络安全保障"),
    ("基础设施维修改造", "办公及业务用房维修、设备购置更新"),
    ("民生服务项目", "面向群众的公共服务和补助发放"),
    ("宣传培训", "政策宣传、业务培训和技能提升"),
)
FUND_SOURCES = ("一般公共预算", "一般公共预算、政府性基金预算", "一般公共预算、其他资金")


# ---------------------------------------------------------------------------------------------------------
# example data


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


def _split(total: Decimal, shares: list[float]) -> list[Decimal]:
    """``total`` in fen over the shares; the last part takes the rounding so the parts sum exactly."""
    parts = [_cents(total * Decimal(s) / Decimal(sum(shares))) for s in shares[:-1]]
    return [*parts, total - sum(parts, Decimal(0))]


def _pick_indicators(rng: random.Random, cost: Decimal) -> list[dict]:
    # every department reports a 数量, a 效益 and the 满意度 indicator; the rest are drawn at random
    required = {
        rng.choice([i for i, b in enumerate(INDICATOR_BANK) if b[1] == "数量指标"]),
        rng.choice([i for i, b in enumerate(INDICATOR_BANK) if b[0] == "效益指标"]),
        len(INDICATOR_BANK) - 1,
    }
    others = [i for i in range(len(INDICATOR_BANK)) if i not in required]
    chosen = sorted(required | set(rng.sample(others, rng.randint(3, 7))))
    values = {"k": rng.randint(6, 20), "n": rng.choice((500, 1200, 3000, 8000)), "c": cost}
    return [
        {"level1": l1, "level2": l2, "level3": l3, "target": template.format(**values)}
        for l1, l2, l3, template in (INDICATOR_BANK[i] for i in chosen)
    ]


def example_dept_targets(n: int, seed: int = 2022, year: int = 2022) -> list[dict]:
    """``n`` departments with a budget split into 基本支出 / 项目支出 and tasks, and 6–10 indicators."""
    rng = random.Random(seed)
    chosen = rng.sample(range(len(DEPARTMENTS)), min(n, len(DEPARTMENTS)))
    departments = []
    for i in range(n):
        index = chosen[i % len(chosen)]
        name, _kind = DEPARTMENTS[index]
        budget = Decimal(rng.randint(300_00, 9_000_00)).scaleb(-2)
        basic, project = _split(budget, [rng.uniform(0.4, 0.7), 1.0])
        tasks = _tasks(rng, basic, project)
        departments.append(
            {
                "department": name,
                "department_code": f"{219001 + index}",
                "year": year,
                "budget": budget,
                "basic": basic,
                "project": project,
                "project_source": rng.choice(FUND_SOURCES),
                "staff_count": rng.randint(8, 260),
                "sub_unit_count": rng.randint(0, 12),
                "goal": f"{year}年全面履行部门职责，完成年度重点工作任务，提升公共服务质量和群众满意度。",
                "tasks": tasks,
                "indicators": _pick_indicators(rng, _cents(budget * Decimal("0.005"))),
            }
        )
    return departments


def _tasks(rng: random.Random, basic: Decimal, project: Decimal) -> list[dict]:
    """The running-cost task that takes the 基本支出, then 2–4 drawn tasks sharing the 项目支出."""
    picked = rng.sample(TASKS, rng.randint(2, 4))
    amounts = _split(project, [rng.uniform(0.5, 2.0) for _ in picked])
    tasks = [
        {
            "name": "保障机构正常运转",
            "content": "人员经费和日常公用经费",
            "amount": basic,
            "fiscal": basic,
            "other": Decimal("0.00"),
            "expected": "保障在职人员工资福利按时足额发放，机构运转正常",
        }
    ]
    for (task, content), amount in zip(picked, amounts, strict=True):
        # some tasks are partly paid from the department's own funds
        other = _cents(amount * Decimal("0.2")) if rng.random() < 0.3 else Decimal("0.00")
        tasks.append(
            {
                "name": task,
                "content": content,
                "amount": amount,
                "fiscal": amount - other,
                "other": other,
                "expected": f"按计划完成{task}，资金使用规范",
            }
        )
    return tasks


# ---------------------------------------------------------------------------------------------------------
# drawing


def _indicator_block(sheet: Worksheet, fmt: dict, top: int, label: str, rows: list[dict], cols: dict) -> int:
    """The 绩效指标 block with its header at ``top``; returns the row after it."""
    bottom = top + len(rows)
    put(sheet, top, 0, bottom, 0, label, fmt["label"])
    for head, (first, last) in zip(
        ("一级指标", "二级指标", "三级指标", "指标值"), cols.values(), strict=True
    ):
        put(sheet, top, first, top, last, head, fmt["label"])
    (l1_first, l1_last), (l2_first, l2_last), (l3_first, l3_last), (t_first, t_last) = cols.values()
    for first, last, value in runs([r["level1"] for r in rows]):
        put(sheet, top + 1 + first, l1_first, top + 1 + last, l1_last, value, fmt["center"])
    for first, last, value in runs([(r["level1"], r["level2"]) for r in rows]):
        put(sheet, top + 1 + first, l2_first, top + 1 + last, l2_last, value[1], fmt["center"])
    for r, row in enumerate(rows, start=top + 1):
        put(sheet, r, l3_first, r, l3_last, row["level3"], fmt["text"])
        put(sheet, r, t_first, r, t_last, row.get("target"), fmt["text"])
    return bottom + 1


def _draw_national(sheet: Worksheet, fmt: dict, d: dict) -> None:
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 3, 18)
    sheet.set_column(4, 6, 13)
    put(sheet, 0, 0, 0, 6, "部门（单位）整体支出绩效目标申报表", fmt["title"])
    sheet.set_row(0, 30)
    put(sheet, 1, 0, 1, 6, f"（{d['year']}年度）", fmt["subtitle"])
    put(sheet, 2, 0, 2, 0, "部门（单位）名称", fmt["label"])
    put(sheet, 2, 1, 2, 6, d["department"], fmt["text"])
    tasks = d.get("tasks", [])
    total_row = 5 + len(tasks)
    put(sheet, 3, 0, total_row, 0, "年度主要任务", fmt["label"])
    put(sheet, 3, 1, 4, 1, "任务名称", fmt["label"])
    put(sheet, 3, 2, 4, 3, "主要内容", fmt["label"])
    put(sheet, 3, 4, 3, 6, "预算金额（万元）", fmt["label"])
    for c, label in enumerate(("总额", "财政拨款", "其他资金"), start=4):
        put(sheet, 4, c, 4, c, label, fmt["label"])
    for r, task in enumerate(tasks, start=5):
        put(sheet, r, 1, r, 1, task["name"], fmt["text"])
        put(sheet, r, 2, r, 3, task.get("content"), fmt["text"])
        for c, key in enumerate(("amount", "fiscal", "other"), start=4):
            put(sheet, r, c, r, c, task.get(key), fmt["money"])
    put(sheet, total_row, 1, total_row, 3, "金额合计", fmt["label"])
    for c, key in enumerate(("amount", "fiscal", "other"), start=4):
        values = [t.get(key) for t in tasks if isinstance(t.get(key), Decimal)]
        stated = d.get("budget") if key == "amount" else sum(values, Decimal(0))
        put(sheet, total_row, c, total_row, c, stated, fmt["money"])
    goal_row = total_row + 1
    put(sheet, goal_row, 0, goal_row, 0, "年度总体目标", fmt["label"])
    put(sheet, goal_row, 1, goal_row, 6, d.get("goal"), fmt["text"])
    sheet.set_row(goal_row, 45)
    cols = {"level1": (1, 1), "level2": (2, 2), "level3": (3, 4), "target": (5, 6)}
    after = _indicator_block(sheet, fmt, goal_row + 1, "年度绩效指标", d.get("indicators", []), cols)
    put(sheet, after + 1, 0, after + 1, 6, "填报人：          联系电话：          填报日期：", fmt["note"])


def _draw_zhanjiang(sheet: Worksheet, fmt: dict, d: dict) -> None:
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, 3, 16)
    sheet.set_column(4, 5, 16)
    put(sheet, 0, 0, 0, 5, f"{d['year']}年部门整体预算绩效目标表", fmt["title"])
    sheet.set_row(0, 30)
    put(sheet, 1, 0, 1, 0, "部门名称", fmt["label"])
    put(sheet, 1, 1, 1, 5, d["department"], fmt["text"])
    put(sheet, 2, 0, 2, 0, "基本信息", fmt["label"])
    put(sheet, 2, 1, 2, 1, "财政供养人员数", fmt["label"])
    put(sheet, 2, 2, 2, 2, d.get("staff_count"), fmt["center"])
    put(sheet, 2, 3, 2, 3, "下属二级单位数", fmt["label"])
    put(sheet, 2, 4, 2, 5, d.get("sub_unit_count"), fmt["center"])
    lines = [
        ("合计", d.get("budget"), None),
        ("基本支出", d.get("basic"), "一般公共预算"),
        ("项目支出", d.get("project"), d.get("project_source")),
    ]
    put(sheet, 3, 0, 3 + len(lines), 0, "预算整体情况", fmt["label"])
    put(sheet, 3, 1, 3, 2, "部门预算支出", fmt["label"])
    put(sheet, 3, 3, 3, 3, "预算金额（万元）", fmt["label"])
    put(sheet, 3, 4, 3, 5, "收入来源", fmt["label"])
    for r, (name, amount, source) in enumerate(lines, start=4):
        put(sheet, r, 1, r, 2, name, fmt["text"])
        put(sheet, r, 3, r, 3, amount, fmt["money"])
        put(sheet, r, 4, r, 5, source, fmt["text"])
    goal_row = 4 + len(lines)
    put(sheet, goal_row, 0, goal_row, 0, "总体绩效目标", fmt["label"])
    put(sheet, goal_row, 1, goal_row, 5, d.get("goal"), fmt["text"])
    sheet.set_row(goal_row, 45)
    tasks = [t for t in d.get("tasks", []) if t["name"] != "保障机构正常运转"]
    top = goal_row + 1
    put(sheet, top, 0, top + len(tasks), 0, "年度重点工作任务", fmt["label"])
    for c, label in ((1, "名称"), (2, "主要实施内容"), (3, "拟投入的资金（万元）")):
        put(sheet, top, c, top, c, label, fmt["label"])
    put(sheet, top, 4, top, 5, "期望达到的目标（概述）", fmt["label"])
    for r, task in enumerate(tasks, start=top + 1):
        put(sheet, r, 1, r, 1, task["name"], fmt["text"])
        put(sheet, r, 2, r, 2, task.get("content"), fmt["text"])
        put(sheet, r, 3, r, 3, task.get("amount"), fmt["money"])
        put(sheet, r, 4, r, 5, task.get("expected"), fmt["text"])
    other = top + len(tasks) + 1
    put(sheet, other, 0, other, 0, "其他需完成的任务（可选填）", fmt["label"])
    put(sheet, other, 1, other, 5, None, fmt["text"])
    cols = {"level1": (1, 1), "level2": (2, 2), "level3": (3, 3), "target": (4, 5)}
    _indicator_block(sheet, fmt, other + 1, "绩效指标", d.get("indicators", []), cols)


def write_dept_target_forms(path: Path, departments: list[dict], layout: str = "national") -> Path:
    """One 部门整体支出绩效目标表 per sheet for every department, in the given layout."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {LAYOUTS}")
    book = new_book(path)
    fmt = formats(book)
    fmt["subtitle"] = book.add_format({"font_name": "宋体", "font_size": 11, "align": "center"})
    draw = _draw_national if layout == "national" else _draw_zhanjiang
    for index, department in enumerate(departments):
        draw(book.add_worksheet(sheet_name(index, department["department"])), fmt, department)
    book.close()
    return path
