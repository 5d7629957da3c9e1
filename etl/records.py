"""Turn a located table's rows into typed records.

One generic reader converts every recognised column by its field type (money, rate, score, count, name,
text); each report kind then names the stage table it feeds and the fields a row cannot do without
(etl/config/kinds.toml). Money becomes exact Decimal in 万元; rates become fractions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from etl import config, context, grades
from etl.cells import (
    CellError,
    clean_text,
    normalise_name,
    parse_decimal,
    parse_rate,
    rate_scale_for_column,
    split_code_prefix,
    wan_from,
)
from etl.layout import Table
from etl.workbook import Sheet

MONEY_FIELDS = ("budget_initial", "budget", "executed", "funds_arrived", "amount", "period_executed")
RATE_FIELDS = ("execution_rate", "goal_completion_rate", "period_rate")
SCORE_FIELDS = (
    "self_score",
    "finance_score",
    "score",
    "score_decision",
    "score_process",
    "score_output",
    "score_effect",
)
COUNT_FIELDS = ("indicator_count", "quantified_count")
TEXT_FIELDS = (
    "project_code",
    "grade",
    "remark",
    "conclusion",
    "completion_likelihood",
    "deviation_reason",
    "assessed_flag",
    "review_result",
    "filled_on",
    "office",
    "is_primary",
    "item_key",
    "measures",
    "rectify_result",
    "completed_on",
    "evaluation_level",
)
FIELD_LABELS = {
    "department": "主管部门",
    "project_name": "项目名称",
    "budget": "预算数",
    "amount": "金额",
    "executed": "执行数",
    "evaluation_level": "评价层级",
}


@dataclass
class Rejection:
    sheet: str
    row: int  # 1-based, as Excel shows it
    column: str | None  # column letter
    field: str | None
    reason: str
    raw: dict[str, str | None]


class RowError(Exception):
    def __init__(self, field: str | None, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


class TableColumns:
    """A table's data rows read column by column, once: each field's values (a value filled down stands for
    an empty cell), their cleaned texts and their numbers (or the CellError a cell gives)."""

    def __init__(self, sheet: Sheet, table: Table):
        self.sheet, self.table = sheet, table
        self.position = {row: i for i, row in enumerate(table.data_rows)}
        self._raw: dict[str, list[object] | None] = {}
        self._text: dict[str, list[str | None] | None] = {}
        self._number: dict[str, list[Decimal | CellError | None] | None] = {}

    def raw(self, field: str) -> list[object] | None:
        if field not in self._raw:
            col = self.table.columns.get(field)
            if col is None:
                self._raw[field] = None
            else:
                index, value, filled = col.index, self.sheet.value, self.table.filled
                self._raw[field] = [
                    filled.get((row, index)) if (v := value(row, index)) is None else v
                    for row in self.table.data_rows
                ]
        return self._raw[field]

    def text(self, field: str) -> list[str | None] | None:
        if field not in self._text:
            raw = self.raw(field)
            self._text[field] = None if raw is None else [clean_text(v) for v in raw]
        return self._text[field]

    def number(self, field: str) -> list[Decimal | CellError | None] | None:
        if field not in self._number:
            raw = self.raw(field)
            self._number[field] = None if raw is None else [_number_or_error(v) for v in raw]
        return self._number[field]


def _number_or_error(value: object) -> Decimal | CellError | None:
    try:
        return parse_decimal(value)
    except CellError as exc:
        return exc


class RowReader:
    """Typed access to one row of a located table; errors name the field that caused them."""

    def __init__(
        self,
        sheet: Sheet,
        table: Table,
        row: int,
        rate_scales: dict[str, bool | None],
        columns: TableColumns | None = None,
    ):
        self.sheet, self.table, self.row, self.rate_scales = sheet, table, row, rate_scales
        self.columns = columns if columns is not None else TableColumns(sheet, table)
        self.at = self.columns.position.get(row)

    def raw(self, field: str) -> object:
        if self.at is None:  # a row outside the table's data rows: read the cell itself
            col = self.table.columns.get(field)
            if col is None:
                return None
            value = self.sheet.value(self.row, col.index)
            return self.table.filled.get((self.row, col.index)) if value is None else value
        values = self.columns.raw(field)
        return None if values is None else values[self.at]

    def text(self, field: str) -> str | None:
        if self.at is None:
            return clean_text(self.raw(field))
        texts = self.columns.text(field)
        return None if texts is None else texts[self.at]

    def number(self, field: str) -> Decimal | None:
        if self.at is None:
            found = _number_or_error(self.raw(field))
        else:
            numbers = self.columns.number(field)
            found = None if numbers is None else numbers[self.at]
        if isinstance(found, CellError):
            raise RowError(field, str(found)) from found
        return found

    def money(self, field: str) -> Decimal | None:
        value = self.number(field)
        return None if value is None else wan_from(value, self.table.unit_of(field))

    def rate(self, field: str, expected: Decimal | None = None) -> Decimal | None:
        """A rate as a fraction. A bare number is read on its column's scale, or, when the row's own
        amounts give the expected rate, on whichever scale lands closer to it (98.05 vs 0.9805)."""
        col = self.table.columns.get(field)
        try:
            if col is not None and col.percent:
                # the header says "%": a bare 98.5 is 98.5%, whatever the row's amounts suggest — unless the
                # whole column holds fractions (cells formatted as percent store 0.985 and show 98.5%)
                scale = self.rate_scales.get(field)
                if scale is not None or expected is None:
                    return parse_rate(self.raw(field), numeric_is_fraction=bool(scale))
            if expected is None:
                return parse_rate(self.raw(field), numeric_is_fraction=self.rate_scales.get(field))
            as_fraction = parse_rate(self.raw(field), numeric_is_fraction=True)
            as_percent = parse_rate(self.raw(field), numeric_is_fraction=False)
        except CellError as exc:
            raise RowError(field, str(exc)) from exc
        if as_fraction is None or as_percent is None:
            return as_fraction
        return min(as_fraction, as_percent, key=lambda r: abs(r - expected))

    def code(self, field: str) -> str | None:
        """A project code is text. A number cell with 16+ digits has lost its tail to Excel's 15-digit
        precision (…000): refused rather than stored wrong."""
        value = self.raw(field)
        if isinstance(value, float) and value.is_integer() and abs(value) >= 1e15:
            raise RowError(
                field,
                f"项目编码“{Decimal(repr(value)):f}”以数字存储，超过 15 位的部分已被 Excel 截断；请将该列设为文本后重新填写",
            )
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return self.text(field)

    def grade(self, field: str) -> tuple[str | None, str | None]:
        """(level 优/良/中/差, the text as written); an unknown spelling is refused."""
        text = self.text(field)
        if text is None:
            return None, None
        level = grades.level_of(text)
        if level is None:
            raise RowError(
                field, f"无法识别的等级：“{text}”（应为 优/良/中/差 或 优秀/良好/中等/合格/较差 等）"
            )
        return level, text

    def score(self, field: str) -> Decimal | None:
        value = self.number(field)
        if value is not None and not Decimal(0) <= value <= Decimal(100):
            raise RowError(field, f"得分应在 0–100 之间，实为 {_plain(value)}")
        return value

    def count(self, field: str) -> int | None:
        value = self.number(field)
        if value is not None and (value != value.to_integral_value() or value < 0):
            raise RowError(field, f"个数应为非负整数，实为 {_plain(value)}")
        return None if value is None else int(value)


def _plain(value: Decimal) -> str:
    """130.0 → '130', 0.50 → '0.5': numbers in messages as people write them."""
    return f"{value.normalize():f}"


def _raw_row(sheet: Sheet, table: Table, row: int) -> dict[str, str | None]:
    return {
        col.label.split("/")[-1]: clean_text(sheet.value(row, col.index)) for col in table.columns.values()
    }


def _expected_rate(record: dict, field: str) -> Decimal | None:
    """The execution rate the row's own amounts imply, to settle a bare number's scale."""
    executed = record.get("period_executed") if field == "period_rate" else record.get("executed")
    budget = record.get("budget")
    if field not in ("execution_rate", "period_rate") or executed is None or not budget:
        return None
    return executed / budget


def read_row(reader: RowReader, required: list[str]) -> dict:
    """Every recognised column of the row, typed; raises RowError for a bad or missing value."""
    fields = reader.table.columns
    record: dict = {}
    for field in required:
        if field in ("department", "project_name") and not reader.text(field):
            raise RowError(field, f"{FIELD_LABELS[field]}为空")
    record["department"] = normalise_name(reader.raw("department"))
    record["unit"] = normalise_name(reader.raw("unit"))
    if project := reader.text("project_name"):
        code_prefix, name = split_code_prefix(project)
        record["project_name"] = name.replace(" ", "")
        record["project_code"] = reader.code("project_code") or code_prefix
    for field in TEXT_FIELDS:
        if field in fields and field not in ("project_code", "grade"):
            record[field] = reader.text(field)
    if "grade" in fields:
        record["grade"], record["grade_text"] = reader.grade("grade")
    if "fiscal_year" in fields:
        record["row_year"] = context.year_in_text(reader.raw("fiscal_year"))
    if "region" in fields:
        record["row_region"] = reader.text("region")
    fund_text = reader.text("fund_type")
    fund = config.classify_fund(fund_text, record.get("remark"))
    record.update(fund_type_raw=fund_text, fund_type=fund.fund_type, fund_tags=list(fund.tags))
    for field in MONEY_FIELDS:
        if field in fields:
            record[field] = reader.money(field)
    for field in RATE_FIELDS:
        if field in fields:
            record[field] = reader.rate(field, _expected_rate(record, field))
    for field in SCORE_FIELDS:
        if field in fields:
            record[field] = reader.score(field)
    for field in COUNT_FIELDS:
        if field in fields:
            record[field] = reader.count(field)
    for field in required:
        if field not in ("department", "project_name") and record.get(field) is None:
            raise RowError(field, f"{FIELD_LABELS.get(field, field)}为空")
    return record


def read_rows(
    sheet: Sheet, table: Table, required: list[str], mapper=None
) -> tuple[list[dict], list[Rejection]]:
    scales = {
        f: rate_scale_for_column(sheet.value(r, table.columns[f].index) for r in table.data_rows)
        for f in RATE_FIELDS
        if f in table.columns
    }
    records, rejections = [], []
    columns = TableColumns(sheet, table)
    for row in table.data_rows:
        try:
            record = read_row(RowReader(sheet, table, row, scales, columns), required)
            record["source_row"] = row + 1
            if mapper is not None:
                record = mapper(record, table)
        except RowError as err:
            col = table.columns.get(err.field) if err.field else None
            rejections.append(
                Rejection(
                    sheet.name,
                    row + 1,
                    col.letter if col else None,
                    err.field,
                    err.reason,
                    _raw_row(sheet, table, row),
                )
            )
            continue
        record["source_row"] = row + 1
        records.append(record)
    return records, rejections


# --- per kind: which stage table a row feeds and how its columns map onto it -------------------------


def _self_eval(record: dict, table: Table) -> dict:
    exclusion = config.self_eval_exclusion()
    notes = (record.get("remark") or "") + (record.get("assessed_flag") or "")
    excluded = any(k in notes for k in exclusion["excluded_keywords"]) or (
        record.get("assessed_flag") in exclusion["excluded_flag_values"]
    )
    return {
        **record,
        "assessed": not excluded,
        "execution_rate_stated": record.get("execution_rate"),
        "self_score": record.get("self_score"),
        "finance_score": record.get("finance_score"),
        "grade_stated": record.get("grade"),
    }


def _dept_self_eval(record: dict, table: Table) -> dict:
    return {
        **record,
        "execution_rate_stated": record.get("execution_rate"),
        "grade_stated": record.get("grade"),
        "self_score": record.get("self_score") or record.get("score"),
    }


def evaluation_level(*texts: str | None) -> str | None:
    """'部门评价' / '财政评价' named in a text (etl/config/evaluation_levels.toml), longest wording first."""
    table = config.load("evaluation_levels")["evaluation_levels"]
    for text in texts:
        squashed = (text or "").replace(" ", "").replace("\u3000", "")
        for wording in sorted(table, key=len, reverse=True):
            if wording in squashed:
                return table[wording]
    return None


def _evaluation(record: dict, table: Table) -> dict:
    # the title, then the row's own 评价层级 column, then the subtitles and the sheet name; never a default
    level = evaluation_level(table.title, record.get("evaluation_level"), *table.subtitles, table.sheet)
    if level is None:
        raise RowError(
            "evaluation_level",
            "无法确定评价层级（部门评价/财政评价）：标题、评价层级列和工作表名均未写明",
        )
    return {
        **record,
        "level": level,
        "execution_rate_stated": record.get("execution_rate"),
        "grade_stated": record.get("grade"),
    }


def _monitoring(scope: str):
    def build(record: dict, table: Table) -> dict:
        period = table.columns.get("period_executed")
        month = period.period_month if period else table.period_month
        executed = record.get("period_executed", record.get("executed"))
        return {
            **record,
            "scope": scope,
            "period_end_month": month,
            "executed": executed,
            "execution_rate_stated": record.get("period_rate", record.get("execution_rate")),
        }

    return build


def _target(scope: str):
    def build(record: dict, table: Table) -> dict:
        return {**record, "scope": scope, "budget": record.get("budget", record.get("amount"))}

    return build


def _exante(record: dict, table: Table) -> dict:
    return record


def _roster(record: dict, table: Table) -> dict:
    flag = (record.get("is_primary") or "").strip()
    return {**record, "is_primary": {"是": True, "否": False}.get(flag)}


# the sheet's title or lead names the department: 「关于X2021年度预算绩效材料问题…」 or 「X：经审核…」
NOTICE_DEPARTMENT = re.compile(r"^(?:关于)?(?P<department>[^：:]+?)(?:\d{4}年度?)?(?:预算绩效|[：:])")


def _notice_answer(record: dict, table: Table) -> dict:
    """A returned 退回整改通知: the department is the one the sheet's title names (one sheet per department)."""
    match = NOTICE_DEPARTMENT.search(table.title or "")
    department = record.get("department") or (normalise_name(match.group("department")) if match else None)
    return {**record, "department": department, "result": record.get("rectify_result")}


# kind → (stage table, required fields, row mapper)
KIND_TABLES = {
    "project_self_eval_list": ("project_self_eval", ["department", "project_name", "budget"], _self_eval),
    "dept_self_eval_list": ("dept_self_eval", ["department"], _dept_self_eval),
    "evaluation_list": ("evaluation", ["department", "project_name"], _evaluation),
    "exante_list": ("exante_assessment", ["department", "project_name"], _exante),
    "dept_target_list": ("performance_target", ["department"], _target("部门整体")),
    "project_target_list": ("performance_target", ["department", "project_name"], _target("项目")),
    "dept_monitoring_list": ("monitoring", ["department"], _monitoring("部门整体")),
    "project_monitoring_list": ("monitoring", ["department", "project_name"], _monitoring("项目")),
    "department_roster": ("department_roster", ["department"], _roster),
    "returned_notice": ("notice_answer", [], _notice_answer),
}


def table_records(kind: str, sheet: Sheet, table: Table) -> tuple[str, list[dict], list[Rejection]]:
    target, required, mapper = KIND_TABLES[kind]
    records, rejections = read_rows(sheet, table, required, mapper)
    return target, records, rejections
