"""Read one 项目支出绩效自评表 (a per-project form, one per sheet) into a project and its indicators.

Everything is located by its label, never by a fixed cell address, so the national 财预〔2020〕10号 附件1
layout, its （A）/（B） variant and the Sichuan layout (指标性质 / 指标值 / 度量单位 in separate cells) all go
through the same code. Money comes back as exact Decimal 万元; a cell that cannot be read becomes a
Rejection naming the row and column, and the rest of the form still loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from etl.cells import (
    CellError,
    clean_text,
    parse_decimal,
    parse_indicator_target,
    parse_rate,
    wan_from,
)
from etl.forms.base import FormResult
from etl.forms.grid import Grid
from etl.forms.head import FormHead, project_fields, read_head
from etl.headers import match_header, normalise_label
from etl.records import Rejection
from etl.workbook import Sheet, TextSieve, column_letter

__all__ = ["KIND", "looks_like_self_eval_form", "parse_self_eval_form"]

KIND = "project_self_eval_form"
STAGE = "自评"

_TITLE_WORD = "绩效自评表"
_TITLE_EXCLUDED = ("汇总", "整体")
_PROJECT_LABELS = {"项目名称"}
_GOAL_EXPECTED_LABELS = {"预期目标", "年度目标", "全年预期目标", "年初绩效目标"}
_GOAL_ACTUAL_LABELS = {"实际完成情况", "全年实际完成情况", "全年目标实际完成情况"}
_FUND_TOTAL_LABELS = {"年度资金总额", "资金总额", "总额", "合计", "总计"}
_FUND_FIELDS = ("budget_initial", "budget", "executed", "execution_rate", "score")
_FUND_POINTS_LABELS = {"分值", "权重", "满分"}
_TOTAL_LABELS = {"总分", "合计", "总计", "总得分", "合计得分", "自评总分"}
_FOOTER_PREFIXES = (
    "评价结论",
    "存在问题",
    "改进措施",
    "项目负责人",
    "财务负责人",
    "填表人",
    "填报人",
    "审核人",
    "联系电话",
    "填报日期",
    "单位负责人",
)
_INDICATOR_COLUMNS: dict[str, set[str]] = {
    "level1": {"一级指标"},
    "level2": {"二级指标"},
    "level3": {"三级指标"},
    "operator": {"指标性质", "计算符号", "指标符号"},
    "target": {
        "年度指标值",
        "指标值",
        "年初指标值",
        "预期指标值",
        "年度目标值",
        "年初目标值",
        "全年指标值",
        "目标值",
    },
    "unit": {"度量单位", "计量单位", "单位"},
    "actual": {"实际完成值", "完成值", "全年实际完成值", "全年完成值", "实际值"},
    "weight": {"分值", "权重", "指标权重", "指标分值"},
    "score": {"得分", "自评得分", "指标得分"},
    "deviation_reason": {
        "偏差原因分析及改进措施",
        "偏差原因分析",
        "偏差原因",
        "偏差原因及改进措施",
        "未完成原因分析",
        "未完成原因",
        "原因分析",
    },
}
_FIELD_NAMES = {
    "budget_initial": "年初预算数",
    "budget": "全年预算数",
    "executed": "全年执行数",
    "execution_rate": "执行率",
    "score": "得分",
    "weight": "分值",
}
_LEVEL_WEIGHT = re.compile(r"\s*[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]\s*")
# "指标1：", "指标2", "指标 3、" — the numbered stubs templates ship with; a name may follow (P-LF)
_PLACEHOLDER_PREFIX = re.compile(r"^指标\s*\d+\s*[:：.、]?\s*")


@dataclass(frozen=True)
class _Header:
    row: int  # 0-based
    columns: dict[str, int]  # field -> 0-based column
    labels: dict[str, str]  # field -> header text as written


# ---------------------------------------------------------------------------------------------------------
# locating


def _label(value: object) -> str:
    return normalise_label(clean_text(value))


def _texts(sheet: Sheet, row: int) -> list[tuple[int, str]]:
    """(column, cleaned text) of the non-blank cells of a row."""
    return [(col, text) for col, text in enumerate(sheet.row_texts(row)) if text is not None]


def _find_cell(
    sheet: Sheet, labels: set[str], start: int = 0, stop: int | None = None
) -> tuple[int, int] | None:
    for row in range(start, len(sheet.rows) if stop is None else min(stop, len(sheet.rows))):
        for col, text in _texts(sheet, row):
            if normalise_label(text) in labels:
                return row, col
    return None


def _is_project_label(value: str) -> bool:
    return normalise_label(clean_text(value)) in _PROJECT_LABELS


_PROJECT_LABEL = TextSieve(_is_project_label)


def _is_level1_label(value: str) -> bool:
    return normalise_label(clean_text(value)) in _INDICATOR_COLUMNS["level1"]


_LEVEL1_LABEL = TextSieve(_is_level1_label)


def _find_project_row(sheet: Sheet) -> int | None:
    # only rows holding a 项目名称 text can qualify (a number never is one): the rest are not cleaned
    for row in sheet.rows_with(_PROJECT_LABEL):
        texts = _texts(sheet, row)
        if texts and normalise_label(texts[0][1]) in _PROJECT_LABELS:
            return row
    return None


def _indicator_header(sheet: Sheet, start: int = 0) -> _Header | None:
    # a header needs a 一级指标 text: only the rows holding one are candidates
    for row in sheet.rows_with(_LEVEL1_LABEL):
        if row < start:
            continue
        columns: dict[str, int] = {}
        labels: dict[str, str] = {}
        for col, text in _texts(sheet, row):
            key = normalise_label(text)
            field = next((f for f, names in _INDICATOR_COLUMNS.items() if key in names), None)
            if field and field not in columns:
                columns[field], labels[field] = col, text
        if "level1" in columns and "level3" in columns:
            return _Header(row, columns, labels)
    return None


def _fund_header(sheet: Sheet, start: int, stop: int) -> _Header | None:
    for row in range(start, stop):
        columns: dict[str, int] = {}
        labels: dict[str, str] = {}
        for col, text in _texts(sheet, row):
            found = match_header(text)
            field = found.field if found and found.field in _FUND_FIELDS else None
            if field is None and normalise_label(text) in _FUND_POINTS_LABELS:
                field = "weight"
            if field and field not in columns:
                columns[field], labels[field] = col, text
        if "budget" in columns and "executed" in columns:
            return _Header(row, columns, labels)
    return None


@lru_cache(maxsize=65536)
def _is_title(text: str) -> bool:
    return _TITLE_WORD in text.replace(" ", "") and not any(word in text for word in _TITLE_EXCLUDED)


def _is_title_value(value: str) -> bool:
    return bool((text := clean_text(value)) and _is_title(text))


_TITLE = TextSieve(_is_title_value)


def looks_like_self_eval_form(sheet: Sheet) -> bool:
    """A per-project 自评表: a 绩效自评表 title (not a 汇总 list, not 部门整体), a 项目名称 cell and an
    indicator header with 一级指标 and 三级指标."""
    if not _TITLE.passing(sheet.written_texts()):
        return False
    project_row = _find_project_row(sheet)
    return project_row is not None and _indicator_header(sheet, project_row + 1) is not None


# ---------------------------------------------------------------------------------------------------------
# reading


class _Rejections(list):
    """Collects rejections for one sheet; ``read`` turns a CellError into one and returns None."""

    def __init__(self, sheet: Sheet):
        super().__init__()
        self.sheet = sheet

    def add(self, row: int, col: int | None, field: str | None, reason: str, raw: dict | None = None) -> None:
        letter = column_letter(col) if col is not None else None
        self.append(Rejection(self.sheet.name, row + 1, letter, field, reason, raw or {}))

    def read(self, parse, row: int, col: int | None, field: str, raw: dict | None = None):
        if col is None:
            return None
        value = self.sheet.value(row, col)
        try:
            return parse(value)
        except CellError as exc:
            label = _FIELD_NAMES.get(field, field)
            self.add(row, col, field, f"{label}：{exc.reason}", raw or {label: clean_text(value)})
            return None


def _unit_conflict(head: FormHead, rejections: _Rejections) -> None:
    """A rejection when the head states both 元 and 万元: the 单位：… note (else the first bracket) counts."""
    if not head.amount_units:
        return
    chosen = head.amount_units[0]
    others = {note.unit for note in head.amount_units} - {chosen.unit}
    if others:
        rejections.add(
            chosen.row,
            chosen.col,
            "amount_unit",
            f"金额单位不一致：同时标注了“{chosen.unit}”和“{'、'.join(sorted(others))}”，按“{chosen.unit}”换算",
        )


def _fund_total_row(sheet: Sheet, fund: _Header, stop: int) -> int | None:
    first_money_col = min(fund.columns.values())
    for row in range(fund.row + 1, stop):
        if any(
            normalise_label(text) in _FUND_TOTAL_LABELS
            for col, text in _texts(sheet, row)
            if col < first_money_col
        ):
            return row
    return None


def _read_funds(
    sheet: Sheet, fund: _Header | None, total_row: int | None, unit: str, rejections: _Rejections
) -> dict:
    empty = {
        "budget_initial": None,
        "budget": None,
        "executed": None,
        "execution_rate_stated": None,
        "execution_score": None,
    }
    if fund is None or total_row is None:
        return empty

    def money(value: object) -> Decimal | None:
        amount = parse_decimal(value)
        return None if amount is None else wan_from(amount, unit)

    out = {
        f: rejections.read(money, total_row, fund.columns.get(f), f)
        for f in ("budget_initial", "budget", "executed")
    }
    out["execution_rate_stated"] = rejections.read(
        parse_rate, total_row, fund.columns.get("execution_rate"), "execution_rate"
    )
    out["execution_score"] = rejections.read(parse_decimal, total_row, fund.columns.get("score"), "score")
    return out


def _goal_texts(sheet: Sheet, stop: int) -> dict:
    out = {}
    for key, labels in (("goal_expected", _GOAL_EXPECTED_LABELS), ("goal_actual", _GOAL_ACTUAL_LABELS)):
        cell = _find_cell(sheet, labels, 0, stop)
        out[key] = clean_text(sheet.value(cell[0] + 1, cell[1])) if cell else None
    return out


def _is_end_row(sheet: Sheet, row: int) -> bool:
    texts = _texts(sheet, row)
    if not texts:
        return False
    first = normalise_label(texts[0][1])
    return first in _TOTAL_LABELS or first.startswith(_FOOTER_PREFIXES)


def _merged_anchor(sheet: Sheet, row: int, col: int) -> tuple[int, int] | None:
    for r0, c0, r1, c1 in sheet.merged:
        if r0 <= row <= r1 and c0 <= col <= c1:
            return r0, c0
    return None


def _level_text(sheet: Sheet, row: int, col: int | None) -> tuple[str | None, bool]:
    """(text, written_here): a merged cell's text counts on every row it spans, but only as carried."""
    if col is None:
        return None, False
    text = clean_text(sheet.value(row, col))
    if text is not None:
        return text, True
    anchor = _merged_anchor(sheet, row, col)
    if anchor and anchor != (row, col):
        return clean_text(sheet.value(*anchor)), False
    return None, False


def _split_level1(text: str | None) -> tuple[str | None, Decimal | None]:
    """'产出指标(50分)' → ('产出指标', 50)."""
    if text is None:
        return None, None
    match = _LEVEL_WEIGHT.search(text)
    if not match:
        return text, None
    name = (text[: match.start()] + text[match.end() :]).strip()
    return name or None, Decimal(match.group(1))


def _level3_name(text: str | None) -> str | None:
    """'指标1：培训人次' → '培训人次'; '指标2：', '……' and blank → None (an unfilled template line)."""
    if text is None:
        return None
    return clean_text(_PLACEHOLDER_PREFIX.sub("", text))


def _read_indicators(
    sheet: Sheet, header: _Header, rejections: _Rejections
) -> tuple[list[dict], int, int | None]:
    """Indicator rows under the header, the number of template rows skipped and the 总分 row."""
    cols = header.columns
    indicators: list[dict] = []
    skipped = 0
    level1 = level2 = None
    for row in range(header.row + 1, len(sheet.rows)):
        if _is_end_row(sheet, row):
            return indicators, skipped, row
        level1_text, level1_here = _level_text(sheet, row, cols.get("level1"))
        level2_text, level2_here = _level_text(sheet, row, cols.get("level2"))
        new_level1 = level1_text if level1_text is not None else level1
        if new_level1 != level1:
            level2 = None  # a new 一级 group never inherits the previous group's 二级
        level1 = new_level1
        level2 = level2_text if level2_text is not None else level2
        raw = {header.labels[f]: clean_text(sheet.value(row, c)) for f, c in cols.items()}
        level3_raw = raw.get(header.labels["level3"])
        level3 = _level3_name(level3_raw)
        target_cell = sheet.value(row, cols["target"]) if "target" in cols else None
        actual_cell = sheet.value(row, cols["actual"]) if "actual" in cols else None
        if level3 is None and clean_text(target_cell) is None and clean_text(actual_cell) is None:
            has_text = level1_here or level2_here or sheet.value(row, cols["level3"]) is not None
            skipped += 1 if has_text else 0
            continue
        before = len(rejections)
        weight = rejections.read(parse_decimal, row, cols.get("weight"), "weight", raw)
        score = rejections.read(parse_decimal, row, cols.get("score"), "score", raw)
        if len(rejections) > before:
            continue  # a row whose numbers cannot be read is not loaded; the rejection says why
        indicators.append(_indicator(sheet, row, cols, level1, level2, level3, level3_raw, weight, score))
    return indicators, skipped, None


def _indicator(
    sheet: Sheet,
    row: int,
    cols: dict[str, int],
    level1: str | None,
    level2: str | None,
    level3: str | None,
    level3_raw: str | None,
    weight: Decimal | None,
    score: Decimal | None,
) -> dict:
    def cell(field: str) -> object:
        return sheet.value(row, cols[field]) if field in cols else None

    target = parse_indicator_target(cell("target"), cell("operator"), cell("unit"))
    actual = parse_indicator_target(cell("actual"), None, cell("unit"))
    level1_name, level1_weight = _split_level1(level1)
    return {
        "stage": STAGE,
        "level1": level1_name,
        "level1_weight": level1_weight,
        "level2": level2,
        "level3": level3,
        "level3_raw": level3_raw,
        "operator": target.operator,
        "target_text": target.text or None,
        "target_value": target.value,
        "unit": target.unit,
        "actual_text": actual.text or None,
        "actual_value": actual.value,
        "weight": weight,
        "score": score,
        "is_quantified": target.is_quantified,
        "deviation_reason": clean_text(cell("deviation_reason")),
        "source_row": row + 1,
    }


def _self_score(
    sheet: Sheet, total_row: int | None, header: _Header, rejections: _Rejections
) -> Decimal | None:
    if total_row is None:
        return None
    # read under the 得分 header only: the 分值 cell beside it holds 100 and must not pass for a score
    return rejections.read(parse_decimal, total_row, header.columns.get("score"), "self_score")


def parse_self_eval_form(sheet: Sheet) -> FormResult:
    """The project and its indicators from one 项目支出绩效自评表 sheet (see module docstring)."""
    rejections = _Rejections(sheet)
    project_row = _find_project_row(sheet)
    if project_row is None:
        rejections.add(0, None, "project_name", "未找到“项目名称”，不是项目支出绩效自评表")
        return FormResult(KIND, {}, [], list(rejections))
    header = _indicator_header(sheet, project_row + 1)
    stop = header.row if header else len(sheet.rows)
    grid = Grid.of(sheet)
    head = read_head(grid, end=stop)
    fund = _fund_header(sheet, project_row + 1, stop)
    total_row = _fund_total_row(sheet, fund, stop) if fund else None
    if fund is None or total_row is None:
        rejections.add(project_row, None, "budget", "未找到项目资金（全年预算数/年度资金总额）")
    _unit_conflict(head, rejections)
    identity = project_fields(grid, head, rejections)

    project = {
        **identity,
        **_read_funds(sheet, fund, total_row, head.amount_unit, rejections),
        **_goal_texts(sheet, stop),
        "amount_unit": head.amount_unit,
        "self_score": None,
        "source_row": project_row + 1,
    }
    if header is None:
        rejections.add(project_row, None, "indicators", "未找到绩效指标表头（一级指标/三级指标）")
        return FormResult(KIND, project, [], list(rejections))
    indicators, skipped, total = _read_indicators(sheet, header, rejections)
    project["self_score"] = _self_score(sheet, total, header, rejections)
    return FormResult(KIND, project, indicators, list(rejections), skipped)
