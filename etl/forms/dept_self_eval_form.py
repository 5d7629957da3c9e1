"""Parse a 部门整体支出绩效自评表: one department's self-assessment per sheet (forms.md §2).

Two shapes go through the same label-driven code:

- the Chongqing 部门整体绩效自评表: head labels (主管部门 / 财政处室 / 自评总分（分） / 部门联系人), a
  部门预算执行情况 block (年初预算数 | 全年（调整）预算数 | 全年执行数 | 执行率（%） | 执行率权重 | 执行率得分),
  a 当年绩效目标 block and a flat indicator table (指标名称 | 计量单位 | 指标性质 | 年初指标值 | 调整指标值 |
  全年完成值 | 得分系数（%） | 指标权重（分） | 指标得分（分） | 是否核心指标);
- the Hunan-style 部门整体支出绩效评价评分表: 一级 投入/过程/产出/效果 with their weights inside the labels,
  ``一级指标 | 二级指标 | 三级指标 | 评分标准 | 分值 | 自评得分 | 扣分原因和其他说明`` and a 总分 row.

Money comes back as exact Decimal 万元 (元 converted when the sheet says so), rates as fractions. A cell that
cannot be read becomes a Rejection naming its row and column; the rest of the sheet still loads.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from etl.cells import (
    CellError,
    IndicatorValue,
    clean_text,
    is_blank,
    parse_decimal,
    parse_indicator_target,
    parse_rate,
    wan_from,
)
from etl.forms.base import FormResult
from etl.forms.evaluation_sheet import (
    ScoreTable,
    cell_number,
    find_score_table,
    read_score_rows,
    total_score,
)
from etl.forms.grid import Grid, find_labels, label_key, labelled, rejection, squash
from etl.forms.head import DEPARTMENT_LABELS, department_fields, form_title, read_head, with_head_labels
from etl.headers import match_header
from etl.records import Rejection
from etl.workbook import Sheet

__all__ = ["KIND", "looks_like_dept_self_eval_form", "parse_dept_self_eval_form"]

KIND = "dept_self_eval_form"
STAGE = "自评"

TITLE_WORD = "整体"
TITLE_ANY = ("自评", "评价", "评分")
# result lists and the other stages of 部门整体 share words with it
TITLE_NONE = ("汇总", "目标", "监控", "清单", "一览", "统计", "事前")

# labels of the sheet's own head fields (etl.forms.head reads the year and the department), plus every head
# label as one that only ends a value run
HEAD_LABELS: dict[str, str | None] = with_head_labels(
    {
        **dict.fromkeys(DEPARTMENT_LABELS, "department"),  # to tell a department form from a list
        "财政处室": "finance_office",
        "业务处室": "finance_office",
        "自评总分": "self_score",
        "自评得分": "self_score",
        "自评等级": "grade",
        "评价等级": "grade",
        "项目名称": "project_name",  # only to tell a project form apart
    }
)
# 部门预算执行情况 headers that headers.toml does not know
EXECUTION_LABELS = {
    "执行率权重": "execution_weight",
    "权重": "execution_weight",
    "分值": "execution_weight",
    "执行率得分": "execution_score",
    "得分": "execution_score",
}
MONEY_FIELDS = ("budget_initial", "budget", "executed")
GOAL_LABELS = {
    "年初绩效目标": "goal_initial",
    "全年(调整)绩效目标": "goal_adjusted",
    "调整后绩效目标": "goal_adjusted",
    "全年目标实际完成情况": "goal_actual",
    "实际完成情况": "goal_actual",
}
# indicator-table header label -> role
TABLE_ROLES: dict[str, str] = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "level3",
    "指标名称": "level3",
    "计量单位": "unit",
    "度量单位": "unit",
    "指标性质": "nature",
    "计算符号": "nature",
    "年初指标值": "initial_target",
    "年度指标值": "initial_target",
    "指标值": "initial_target",
    "调整指标值": "target",
    "调整后指标值": "target",
    "全年(调整)指标值": "target",
    "全年完成值": "actual",
    "实际完成值": "actual",
    "完成值": "actual",
    "全年实际完成值": "actual",
    "得分系数": "score_factor",
    "指标权重": "weight",
    "分值": "weight",
    "权重": "weight",
    "指标得分": "score",
    "得分": "score",
    "自评得分": "score",
    "是否核心指标": "is_core",
    "评分标准": "criteria",
    "扣分原因和其他说明": "deviation_reason",
    "扣分原因": "deviation_reason",
    "扣分说明": "deviation_reason",
    "偏差原因分析": "deviation_reason",
    "未完成原因分析": "deviation_reason",
}
YES = frozenset({"是", "√", "✓", "Y", "YES"})
NO = frozenset({"否", "×", "✗", "N", "NO"})


def _title_matches(title: str | None) -> bool | None:
    if title is None:
        return None
    squashed = squash(title)
    return (
        TITLE_WORD in squashed
        and any(w in squashed for w in TITLE_ANY)
        and not any(w in squashed for w in TITLE_NONE)
    )


def _table(grid: Grid) -> ScoreTable | None:
    return find_score_table(grid, TABLE_ROLES, ("level3", "weight", "score"))


def looks_like_dept_self_eval_form(sheet: Sheet) -> bool:
    """A 部门整体 self-assessment: told by its title and labels, never by the file name.

    It names a department (not a project) above a scored indicator table.
    """
    grid = Grid.of(sheet)
    if _title_matches(form_title(grid)) is False:
        return False
    table = _table(grid)
    if table is None:
        return False
    labels = find_labels(grid, HEAD_LABELS, range(table.header_row))
    project = labelled(grid, labels, HEAD_LABELS, "project_name")
    if project is not None and not is_blank(project[2]):
        return False
    department = labelled(grid, labels, HEAD_LABELS, "department")
    return department is not None and not is_blank(department[2])


# ---------------------------------------------------------------------------------------------------------
# the head


def _execution_field(text: str | None) -> str | None:
    if text is None:
        return None
    key = label_key(text)
    if key in EXECUTION_LABELS:
        return EXECUTION_LABELS[key]
    found = match_header(text)
    return found.field if found and found.field in (*MONEY_FIELDS, "execution_rate") else None


def _execution_header(grid: Grid, head_rows: range) -> tuple[int, dict[str, int]] | None:
    """The 部门预算执行情况 header row and its columns (at least two of the money columns)."""
    for r in head_rows:
        cols: dict[str, int] = {}
        for c in range(grid.width):
            field = _execution_field(grid.text(r, c))
            if field is not None and field not in cols:
                cols[field] = c
        if sum(f in cols for f in MONEY_FIELDS) >= 2:
            return r, cols
    return None


def _execution(grid: Grid, head_rows: range, unit: str, rejections: list[Rejection]) -> dict:
    out: dict = dict.fromkeys((*MONEY_FIELDS, "execution_rate_stated", "execution_weight", "execution_score"))
    header = _execution_header(grid, head_rows)
    if header is None:
        return out
    row, cols = header
    value_row = row + 1
    raw = {clean_text(grid.raw(row, c)) or f: clean_text(grid.raw(value_row, c)) for f, c in cols.items()}

    def read(field: str, parse):
        col = cols.get(field)
        if col is None:
            return None
        try:
            return parse(grid.raw(value_row, col))
        except CellError as exc:
            label = clean_text(grid.raw(row, col)) or field
            rejections.append(rejection(grid, value_row, col, field, f"{label}：{exc.reason}", raw))
            return None

    def money(value: object) -> Decimal | None:
        amount = parse_decimal(value)
        return None if amount is None else wan_from(amount, unit)

    for field in MONEY_FIELDS:
        out[field] = read(field, money)
    out["execution_rate_stated"] = read("execution_rate", parse_rate)
    out["execution_weight"] = read("execution_weight", parse_decimal)
    out["execution_score"] = read("execution_score", parse_decimal)
    return out


def _goals(grid: Grid, head_rows: range) -> dict:
    """当年绩效目标: the texts under 年初 / 全年（调整）绩效目标 and 全年目标实际完成情况."""
    found: dict[str, str | None] = {}
    for r in head_rows:
        for c in range(grid.width):
            field = GOAL_LABELS.get(label_key(grid.text(r, c)))
            if field and field not in found:
                found[field] = grid.anchored_text(r + 1, c)
    return {
        "goal_expected": found.get("goal_adjusted") or found.get("goal_initial"),
        "goal_actual": found.get("goal_actual"),
    }


def _head_number(grid: Grid, labels, field: str, rejections: list[Rejection]) -> Decimal | None:
    found = labelled(grid, labels, HEAD_LABELS, field)
    if found is None:
        return None
    label, col, raw = found
    try:
        return parse_decimal(raw)
    except CellError as exc:
        rejections.append(
            rejection(grid, label.row, col, field, f"{label.key}：{exc.reason}", {label.key: clean_text(raw)})
        )
        return None


def _head_text(grid: Grid, labels, field: str) -> str | None:
    found = labelled(grid, labels, HEAD_LABELS, field)
    return clean_text(found[2]) if found else None


# ---------------------------------------------------------------------------------------------------------
# indicator rows


def _value(raw: object, nature: object, unit: object) -> IndicatorValue:
    """An indicator value; a plain number keeps its sign (三公经费变动率 "-3.5")."""
    value = parse_indicator_target(raw, nature, unit)
    try:
        number = parse_decimal(raw)
    except CellError:
        return value
    if number is not None and value.value != number:
        return dataclasses.replace(value, value=number)
    return value


def _yes_no(value: object) -> bool | None:
    text = clean_text(value)
    if text is None:
        return None
    key = squash(text).upper()
    return True if key in YES else False if key in NO else None


def _extra(grid: Grid, table: ScoreTable, row: int, rejections: list[Rejection]) -> dict:
    cols = table.cols

    def raw(role: str) -> object:
        return grid.raw(row, cols[role]) if role in cols else None

    adjusted, initial = raw("target"), raw("initial_target")
    target = _value(initial if is_blank(adjusted) else adjusted, raw("nature"), raw("unit"))
    actual = _value(raw("actual"), None, raw("unit"))
    return {
        "unit": target.unit or clean_text(raw("unit")),
        "operator": target.operator,
        "target_text": target.text or None,
        "target_value": target.value,
        "initial_target_text": clean_text(initial),
        "actual_text": actual.text or None,
        "actual_value": actual.value,
        "is_quantified": target.is_quantified,
        "score_factor": cell_number(grid, table, row, "score_factor", rejections, parse_rate),
        "is_core": _yes_no(raw("is_core")),
        "criteria": grid.text(row, cols["criteria"]) if "criteria" in cols else None,
    }


# ---------------------------------------------------------------------------------------------------------
# the form


def parse_dept_self_eval_form(sheet: Sheet) -> FormResult:
    """The department and its indicators from one 部门整体支出绩效自评表 sheet (see module docstring)."""
    grid = Grid.of(sheet)
    rejections: list[Rejection] = []
    table = _table(grid)
    head = read_head(grid, end=table.header_row if table else grid.height, known=HEAD_LABELS)
    head_rows = range(head.end)
    labels = find_labels(grid, HEAD_LABELS, head_rows)
    unit = head.amount_unit
    project = {
        **department_fields(grid, head, rejections),
        "finance_office": _head_text(grid, labels, "finance_office"),
        **_execution(grid, head_rows, unit, rejections),
        **_goals(grid, head_rows),
        "amount_unit": unit,
        "self_score": _head_number(grid, labels, "self_score", rejections),
        "grade_stated": _head_text(grid, labels, "grade"),
    }
    if table is None:
        rejections.append(
            rejection(grid, 0, None, "indicators", "未找到绩效指标表头（指标名称/分值/得分）", {})
        )
        return FormResult(KIND, project, [], rejections)
    items, skipped, total_row = read_score_rows(grid, table, rejections, _extra)
    indicators = [{"stage": STAGE, **item} for item in items]
    if labelled(grid, labels, HEAD_LABELS, "self_score") is None:
        # the Hunan-style sheet states its total only in the 总分 row (a Chongqing 合计 row sums the
        # indicator scores alone, so it never stands in for a 自评总分 that was rejected)
        project["self_score"] = total_score(grid, table, total_row, "self_score", rejections)
    return FormResult(KIND, project, indicators, rejections, skipped)
