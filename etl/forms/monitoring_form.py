"""Parse a filled 绩效运行监控表: one project per sheet (forms.md §4).

Covers the national 项目支出绩效目标执行监控表 at any checkpoint (1-5月, 1-6月, 1-7月, 1-11月…) and the 湖北黄石
项目支出绩效监控表. The checkpoint month is read from the 1-N月 header (or the title), since periods differ
by province and year; amounts come back in 万元, the stated rate as a fraction.
"""

from __future__ import annotations

import re
from decimal import Decimal

from etl.cells import (
    CellError,
    clean_text,
    detect_amount_unit,
    is_blank,
    parse_decimal,
    parse_rate,
    to_halfwidth,
    wan_from,
)
from etl.forms.base import FormResult
from etl.forms.grid import Grid, find_labels, label_key, rejection, values_right
from etl.forms.head import form_title, project_fields, read_head
from etl.forms.target_form import (
    FORM_LABELS,
    IndicatorTable,
    has_project_head,
    indicator_rows,
    indicator_tables,
    period_month_of,
    raw_row,
    taxonomy,
    title_matches,
    year_table,
)
from etl.headers import match_header
from etl.records import Rejection
from etl.workbook import Sheet

KIND = "project_monitoring_form"
TITLE_WORDS = ("执行监控表", "绩效监控表", "运行监控", "监控表")
# header field (etl/config/headers.toml) -> project field, for the 项目资金 block
MONEY_FIELDS = {
    "budget_initial": "budget_initial",
    "budget": "budget",
    "period_executed": "executed",
    "executed": "executed",
    "period_rate": "execution_rate_stated",
    "execution_rate": "execution_rate_stated",
}
RATE_FIELDS = frozenset({"execution_rate_stated"})
_EXPECTED_EXECUTED = re.compile(r"^(?:全年预计执行(?:数|金额)?|预计全年执行(?:数|金额)?)$")
_TITLE_PERIOD = re.compile(r"(?:\d{1,2}[-—–~至到](?P<end>\d{1,2})月|截[至止](?P<upto>\d{1,2})月)")
_TOTAL_ROW = ("年度资金总额", "资金总额", "合计")
# form-level texts of the 黄石 layout, written under the indicator table
NOTE_LABELS = {
    "偏差或不能完成目标原因分析": "deviation_reason",
    "偏差原因分析": "deviation_reason",
    "相关建议或举措": "measures",
    "改进措施": "measures",
}


# ---------------------------------------------------------------------------------------------------------
# the 项目资金 block


def _money_field(label: object) -> tuple[str | None, int | None]:
    """(project field, checkpoint month) of a money header such as "1-7月执行数"."""
    if label is None:
        return None, None
    if _EXPECTED_EXECUTED.match(label_key(label)):
        return "expected_annual_executed", None
    found = match_header(label)
    if found is None or found.field not in MONEY_FIELDS:
        return None, None
    return MONEY_FIELDS[found.field], found.period_month


def _money_header(grid: Grid, rows: range) -> int | None:
    for r in rows:
        if any(_money_field(grid.raw(r, c))[0] == "budget_initial" for c in range(grid.width)):
            return r
    return None


def _total_row(grid: Grid, header: int) -> int:
    """The 年度资金总额 line under the money header (the first line when none is labelled)."""
    for r in range(header + 1, min(header + 6, grid.height)):
        if any(label_key(grid.raw(r, c)) in _TOTAL_ROW for c in range(grid.width)):
            return r
    return header + 1


def _money_value(
    grid: Grid, header: int, row: int, col: int, field: str, unit: str, rejections: list[Rejection]
) -> Decimal | None:
    raw = grid.raw(row, col)
    try:
        if field in RATE_FIELDS:
            return parse_rate(raw)
        amount = parse_decimal(raw)
    except CellError as exc:
        label = clean_text(grid.raw(header, col)) or field
        rejections.append(rejection(grid, row, col, field, exc.reason, {label: clean_text(raw)}))
        return None
    return None if amount is None else wan_from(amount, unit)


def _money(
    grid: Grid, head_rows: range, sheet_unit: str, rejections: list[Rejection]
) -> tuple[dict, int | None]:
    """Budget figures of the 年度资金总额 line, and the checkpoint month its 1-N月 header names."""
    header = _money_header(grid, head_rows)
    if header is None:
        return {}, None
    row = _total_row(grid, header)
    values, month = {}, None
    for c in range(grid.width):
        field, period = _money_field(grid.raw(header, c))
        if field is None or field in values:
            continue
        month = month or period
        unit = detect_amount_unit(grid.raw(header, c)) or sheet_unit
        values[field] = _money_value(grid, header, row, c, field, unit, rejections)
    return values, month


# ---------------------------------------------------------------------------------------------------------
# indicator rows


def parse_likelihood(value: object) -> str | None:
    """确定能 / 有可能 / 完全不可能 from the words or codes departments write (1/2/3, 不可能)."""
    text = clean_text(value)
    if text is None:
        return None
    found = taxonomy()["completion_likelihood"].get(re.sub(r"\s+", "", to_halfwidth(text)))
    if found is None:
        raise CellError(f"无法识别的完成目标可能性：“{text}”（应为 确定能、有可能 或 完全不可能）")
    return found


def _likelihood(grid: Grid, table: IndicatorTable, row: int) -> tuple[str | None, int | None]:
    """The likelihood of a row and the column it came from; tick columns give the ticked one."""
    if table.tick_cols:
        ticked = [c for c in table.tick_cols if not is_blank(grid.raw(row, c))]
        if len(ticked) > 1:
            raise CellError("完成目标可能性勾选了多项")
        if not ticked:
            return None, None
        return parse_likelihood(table.tick_cols[ticked[0]]), ticked[0]
    col = table.cols.get("likelihood")
    return (parse_likelihood(grid.raw(row, col)), col) if col is not None else (None, None)


def _deviation(grid: Grid, table: IndicatorTable, row: int) -> str | None:
    """偏差原因 of a row: the single column, or the filled sub-columns as "经费保障：…；其他：…"."""
    if table.deviation_cols:
        parts = [(category, grid.text(row, c)) for c, category in table.deviation_cols.items()]
        return "；".join(f"{category}：{text}" for category, text in parts if text) or None
    col = table.cols.get("deviation")
    return grid.text(row, col) if col is not None else None


def _progress(grid: Grid, table: IndicatorTable, row: int, rejections: list[Rejection]) -> dict:
    cols = table.cols
    try:
        likelihood, _col = _likelihood(grid, table, row)
    except CellError as exc:
        column = cols.get("likelihood", min(table.tick_cols, default=None))
        rejections.append(
            rejection(grid, row, column, "completion_likelihood", exc.reason, raw_row(grid, table, row))
        )
        likelihood = None
    return {
        "actual_text": grid.text(row, cols["actual"]) if "actual" in cols else None,
        "expected_text": grid.text(row, cols["expected"]) if "expected" in cols else None,
        "completion_likelihood": likelihood,
        "deviation_reason": _deviation(grid, table, row),
        "remark": grid.text(row, cols["remark"]) if "remark" in cols else None,
    }


# ---------------------------------------------------------------------------------------------------------
# the form


def _notes(grid: Grid, rows: range) -> dict:
    """Form-level 偏差原因分析 / 相关建议或举措 texts below the indicator table (黄石 layout)."""
    notes = {}
    for label in find_labels(grid, NOTE_LABELS, rows):
        field = NOTE_LABELS[label.key]
        text = next((clean_text(v) for _c, v in values_right(grid, label, NOTE_LABELS)), None)
        notes.setdefault(field, text)
    return notes


def _period_end_month(title: str | None, money_month: int | None, table: IndicatorTable | None) -> int | None:
    if money_month:
        return money_month
    if table is not None and "actual" in table.cols:
        month = period_month_of(table.labels.get(table.cols["actual"]))
        if month:
            return month
    match = _TITLE_PERIOD.search(to_halfwidth(title or ""))
    if match:
        return int(match.group("end") or match.group("upto"))
    return None


def looks_like_monitoring_form(sheet: Sheet) -> bool:
    """A per-project 绩效监控表: told by its title and labels, never by the file name."""
    grid = Grid.of(sheet)
    if title_matches(form_title(grid), TITLE_WORDS) is False:
        return False
    table = year_table(indicator_tables(grid))
    if table is None or not has_project_head(grid, table):
        return False
    return bool({"actual", "likelihood"} & set(table.cols)) or bool(table.tick_cols)


def parse_monitoring_form(sheet: Sheet) -> FormResult:
    grid = Grid.of(sheet)
    rejections: list[Rejection] = []
    tables = indicator_tables(grid)
    table = year_table(tables)
    head = read_head(grid, end=tables[0].header_row if tables else grid.height, known=FORM_LABELS)
    project = project_fields(grid, head, rejections)
    money, money_month = _money(grid, range(head.end), head.amount_unit, rejections)
    indicators, skipped = indicator_rows(grid, table, "监控", rejections, _progress) if table else ([], 0)
    budget_initial = money.get("budget_initial")
    project.update(
        {
            "period_end_month": _period_end_month(head.title, money_month, table),
            "budget_initial": budget_initial,
            # the 黄石 form has no 全年预算数 column: its 年初预算数 is the budget the checkpoint measures against
            "budget": money.get("budget", budget_initial),
            "executed": money.get("executed"),
            "execution_rate_stated": money.get("execution_rate_stated"),
            "expected_annual_executed": money.get("expected_annual_executed"),
            "deviation_reason": None,
            "measures": None,
            **_notes(grid, range(table.data_end if table else grid.height, grid.height)),
            "indicator_count": len(indicators),
        }
    )
    return FormResult(KIND, project, indicators, rejections, skipped)
