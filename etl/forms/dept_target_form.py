"""Parse a 部门整体支出绩效目标表: one department's annual targets per sheet (forms.md §2.3).

Two shapes go through the same label-driven code:

- the national 部门（单位）整体支出绩效目标申报表 (财预〔2015〕88号): 部门（单位）名称, 年度主要任务
  (``任务名称 | 主要内容 | 预算金额（万元）：总额 / 财政拨款 / 其他资金``), 金额合计, 年度总体目标, 年度绩效指标
  (``一级指标 | 二级指标 | 三级指标 | 指标值``);
- the Guangdong 湛江 部门整体预算绩效目标表: 部门名称, 基本信息 (财政供养人员数, 下属二级单位数), 预算整体情况
  (``部门预算支出 | 预算金额（万元） | 收入来源``), 总体绩效目标, 年度重点工作任务, 绩效指标.

The budget is the 金额合计 总额 (national) or the 合计 line of 部门预算支出 (湛江; the sum of its lines when
there is none), in exact Decimal 万元. Indicator tables are read with the project target form's helpers.
"""

from __future__ import annotations

import re
from decimal import Decimal

from etl.cells import (
    CellError,
    clean_text,
    is_blank,
    parse_decimal,
    wan_from,
)
from etl.forms.base import FormResult
from etl.forms.grid import Grid, Label, find_labels, label_key, labelled, rejection, squash
from etl.forms.head import DEPARTMENT_LABELS, department_fields, form_title, read_head, with_head_labels
from etl.forms.target_form import (
    IndicatorTable,
    indicator_rows,
    indicator_tables,
    year_table,
)
from etl.records import Rejection
from etl.workbook import Sheet

__all__ = ["KIND", "looks_like_dept_target_form", "parse_dept_target_form"]

KIND = "dept_target_form"
STAGE = "目标"

TITLE_WORDS = ("整体", "目标")
# result lists, self-assessments and monitoring of 部门整体 share words with it
TITLE_NONE = ("自评", "评价", "评分", "监控", "汇总", "清单", "一览", "统计", "事前")

# labels of the sheet's own head fields (etl.forms.head reads the year and the department), plus every head
# label as one that only ends a value run
HEAD_LABELS: dict[str, str | None] = with_head_labels(
    {
        **dict.fromkeys(DEPARTMENT_LABELS, "department"),  # to tell a department form from a list
        "财政供养人员数": "staff_count",
        "下属二级单位数": "sub_unit_count",
        "年度总体目标": "goal",
        "总体绩效目标": "goal",
        "部门整体绩效目标": "goal",
        "项目名称": "project_name",  # only to tell a project form apart
    }
)
TOTAL_LABELS = ("金额合计", "合计金额")
# sub-headers of 预算金额（万元） in the national task table
FUND_COLUMNS = ("总额", "财政拨款", "其他资金", "上年结转", "自有资金")
LINE_TOTALS = frozenset({"合计", "总计", "部门预算支出合计", "支出合计", "预算支出合计"})
# headers of the task tables: national 年度主要任务 and 湛江 年度重点工作任务
TASK_NAME_LABELS = frozenset({"任务名称", "名称", "重点工作任务名称"})
TASK_MARK_LABELS = frozenset({"主要内容", "主要实施内容"})
# columns only self-assessment and monitoring forms have
PROGRESS_ROLES = frozenset({"actual", "expected", "likelihood"})
SCORE_HEADERS = frozenset({"分值", "得分", "自评得分", "实际完成值", "全年完成值", "指标权重", "指标得分"})
COUNT_NAMES = {"staff_count": "财政供养人员数", "sub_unit_count": "下属二级单位数"}
_SOURCE_SPLIT = re.compile(r"[、，,/／;；]")


def _title_matches(title: str | None) -> bool | None:
    if title is None:
        return None
    squashed = squash(title)
    return all(w in squashed for w in TITLE_WORDS) and not any(w in squashed for w in TITLE_NONE)


def _table(grid: Grid) -> IndicatorTable | None:
    table = year_table(indicator_tables(grid))
    if table is None or not {"level3", "target"} <= set(table.cols):
        return None
    return table


def looks_like_dept_target_form(sheet: Sheet) -> bool:
    """A 部门整体 target form: told by its title and labels, never by the file name.

    It names a department (not a project) above an indicator table with 指标值 and no scores or progress.
    """
    grid = Grid.of(sheet)
    if _title_matches(form_title(grid)) is False:
        return False
    table = _table(grid)
    if table is None or PROGRESS_ROLES & set(table.cols):
        return False
    if any(label_key(label) in SCORE_HEADERS for label in table.labels.values()):
        return False
    labels = find_labels(grid, HEAD_LABELS, range(table.header_row))
    project = labelled(grid, labels, HEAD_LABELS, "project_name")
    if project is not None and not is_blank(project[2]):
        return False
    department = labelled(grid, labels, HEAD_LABELS, "department")
    return department is not None and not is_blank(department[2])


# ---------------------------------------------------------------------------------------------------------
# blocks


def _block_rows(grid: Grid, header_row: int, first_col: int, stop: int) -> range:
    """Rows under a block's header that still belong to it: while the merged block label on the left
    (年度主要任务, 预算整体情况 …) stays the same, or while the first column is filled when there is none."""
    block_col = next((c for c in range(first_col - 1, -1, -1) if grid.anchored_text(header_row, c)), None)
    block_label = grid.anchored_text(header_row, block_col) if block_col is not None else None
    end = header_row + 1
    while end < stop:
        if block_col is not None:
            here = grid.anchored_text(end, block_col)
            if here != block_label:
                break
        elif grid.anchored_text(end, first_col) is None:
            break
        end += 1
    return range(header_row + 1, end)


def _find_header(grid: Grid, rows: range, keys: frozenset[str]) -> tuple[int, int] | None:
    for r in rows:
        for c in range(grid.width):
            if label_key(grid.text(r, c)) in keys:
                return r, c
    return None


def _amount(
    grid: Grid, row: int, col: int, field: str, label: str, unit: str, rejections: list[Rejection]
) -> Decimal | None:
    raw = grid.raw(row, col)
    try:
        amount = parse_decimal(raw)
    except CellError as exc:
        rejections.append(
            rejection(grid, row, col, field, f"{label}：{exc.reason}", {label: clean_text(raw)})
        )
        return None
    return None if amount is None else wan_from(amount, unit)


def _national_budget(
    grid: Grid, head: range, unit: str, rejections: list[Rejection]
) -> tuple[Decimal | None, dict[str, Decimal | None]] | None:
    """金额合计 总额 and its 财政拨款 / 其他资金; None when the sheet has no 金额合计 line."""
    labels = find_labels(grid, dict.fromkeys(TOTAL_LABELS), head)
    if not labels:
        return None
    total: Label = labels[0]
    cols: dict[str, int] = {}
    # the 总额 / 财政拨款 / 其他资金 sub-headers sit above the task rows
    for r in range(total.row - 1, head.start - 1, -1):
        for c in range(grid.width):
            key = label_key(grid.text(r, c))
            if key in FUND_COLUMNS and key not in cols:
                cols[key] = c
        if cols:
            break
    if "总额" not in cols:
        # no sub-headers: the first filled cell right of 金额合计 is the total
        cols["总额"] = next(
            (c for c in range(total.col + 1, grid.width) if not is_blank(grid.raw(total.row, c))),
            total.col + 1,
        )
    budget = _amount(grid, total.row, cols["总额"], "budget", "金额合计", unit, rejections)
    funding = {
        key: _amount(grid, total.row, col, "funding", f"金额合计/{key}", unit, rejections)
        for key, col in cols.items()
        if key != "总额"
    }
    return budget, funding


def _line_budget(
    grid: Grid, head: range, unit: str, rejections: list[Rejection]
) -> tuple[Decimal | None, dict[str, Decimal | None], list[str]] | None:
    """湛江 预算整体情况: (合计 or the sum of the lines, {line: amount}, 收入来源 texts); None without it."""
    found = _find_header(grid, head, frozenset({"部门预算支出"}))
    if found is None:
        return None
    header, name_col = found
    amount_col = next(
        (c for c in range(grid.width) if label_key(grid.text(header, c)) in ("预算金额", "金额")), None
    )
    source_col = next((c for c in range(grid.width) if label_key(grid.text(header, c)) == "收入来源"), None)
    if amount_col is None:
        return None
    total: Decimal | None = None
    stated_total = False
    parts: dict[str, Decimal | None] = {}
    sources: list[str] = []
    failed = False
    for r in _block_rows(grid, header, name_col, head.stop):
        name = grid.text(r, name_col)
        if name is None:
            continue
        before = len(rejections)
        amount = _amount(grid, r, amount_col, "budget", f"{name}/预算金额", unit, rejections)
        failed = failed or len(rejections) > before
        if label_key(name) in LINE_TOTALS:
            total, stated_total = amount, True
            continue
        parts[name] = amount
        source = grid.text(r, source_col) if source_col is not None else None
        for part in _SOURCE_SPLIT.split(source or ""):
            if part and part not in sources:
                sources.append(part)
    if not stated_total and parts and not failed:
        total = sum((v for v in parts.values() if v is not None), Decimal(0))
    return total, parts, sources


def _task_count(grid: Grid, head: range) -> int:
    """Rows of the 年度主要任务 / 年度重点工作任务 table that name a task."""
    count = 0
    for r in head:
        cells = {label_key(grid.text(r, c)): c for c in range(grid.width) if grid.text(r, c)}
        name_key = next((k for k in cells if k in TASK_NAME_LABELS), None)
        if name_key is None or not TASK_MARK_LABELS & set(cells):
            continue
        name_col = cells[name_key]
        for row in _block_rows(grid, r, name_col, head.stop):
            name = grid.text(row, name_col)
            if name and label_key(name) not in TOTAL_LABELS and label_key(name) not in TASK_NAME_LABELS:
                count += 1
    return count


def _count(grid: Grid, labels: list[Label], field: str, rejections: list[Rejection]) -> int | None:
    found = labelled(grid, labels, HEAD_LABELS, field)
    if found is None:
        return None
    label, col, raw = found
    name = COUNT_NAMES[field]
    try:
        number = parse_decimal(raw)
        if number is not None and (number != number.to_integral_value() or number < 0):
            raise CellError(f"个数应为非负整数，实为 {clean_text(raw)}")
    except CellError as exc:
        rejections.append(
            rejection(grid, label.row, col, field, f"{name}：{exc.reason}", {name: clean_text(raw)})
        )
        return None
    return None if number is None else int(number)


# ---------------------------------------------------------------------------------------------------------
# the form


def parse_dept_target_form(sheet: Sheet) -> FormResult:
    """The department, its budget and its indicators from one 部门整体支出绩效目标表 sheet."""
    grid = Grid.of(sheet)
    rejections: list[Rejection] = []
    table = _table(grid)
    form_head = read_head(grid, end=table.header_row if table else grid.height, known=HEAD_LABELS)
    head = range(form_head.end)
    labels = find_labels(grid, HEAD_LABELS, head)
    identity = department_fields(grid, form_head, rejections)
    unit = form_head.amount_unit
    budget: Decimal | None = None
    funding: dict[str, Decimal | None] = {}
    parts: dict[str, Decimal | None] = {}
    sources: list[str] = []
    national = _national_budget(grid, head, unit, rejections)
    if national is not None:
        budget, funding = national
        sources = [key for key, amount in funding.items() if amount]
    else:
        lines = _line_budget(grid, head, unit, rejections)
        if lines is not None:
            budget, parts, sources = lines
    goal = labelled(grid, labels, HEAD_LABELS, "goal")
    project = {
        **identity,
        "budget": budget,
        "funding": funding,
        "budget_parts": parts,
        "fund_type_text": "、".join(sources) or None,
        "staff_count": _count(grid, labels, "staff_count", rejections),
        "sub_unit_count": _count(grid, labels, "sub_unit_count", rejections),
        "task_count": _task_count(grid, head),
        "goal": clean_text(goal[2]) if goal else None,
        "amount_unit": unit,
        "indicator_count": 0,
        "quantified_count": 0,
    }
    if table is None:
        rejections.append(
            rejection(grid, 0, None, "indicators", "未找到绩效指标表头（一级指标/三级指标/指标值）", {})
        )
        return FormResult(KIND, project, [], rejections)
    indicators, skipped = indicator_rows(grid, table, STAGE, rejections)
    project["indicator_count"] = len(indicators)
    project["quantified_count"] = sum(i["is_quantified"] for i in indicators)
    return FormResult(KIND, project, indicators, rejections, skipped)
