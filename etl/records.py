"""Turn a located table's rows into typed records: one pure function per report kind.

Each function returns the records it could build and a rejection for every row it could not, naming
the column and the reason. Money becomes exact Decimal in 万元; rates become fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from etl import config
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

MONEY_FIELDS = ("budget_initial", "budget", "executed")
SCORE_FIELDS = ("self_score", "finance_score")
RATE_FIELDS = ("execution_rate", "goal_completion_rate")


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


def _raw_row(sheet: Sheet, table: Table, row: int) -> dict[str, str | None]:
    return {
        col.label.split("/")[-1]: clean_text(sheet.value(row, col.index)) for col in table.columns.values()
    }


def _get(sheet: Sheet, table: Table, row: int, field: str) -> object:
    col = table.columns.get(field)
    return sheet.value(row, col.index) if col else None


def _number(sheet, table, row, field) -> Decimal | None:
    try:
        return parse_decimal(_get(sheet, table, row, field))
    except CellError as exc:
        raise RowError(field, str(exc)) from exc


def _money(sheet, table, row, field) -> Decimal | None:
    value = _number(sheet, table, row, field)
    return None if value is None else wan_from(value, table.unit_of(field))


def _rate(sheet, table, row, field, scale: bool | None) -> Decimal | None:
    try:
        return parse_rate(_get(sheet, table, row, field), numeric_is_fraction=scale)
    except CellError as exc:
        raise RowError(field, str(exc)) from exc


def _score(sheet, table, row, field) -> Decimal | None:
    value = _number(sheet, table, row, field)
    if value is not None and not Decimal(0) <= value <= Decimal(100):
        raise RowError(field, f"得分应在 0–100 之间，实为 {value}")
    return value


def project_self_eval_rows(sheet: Sheet, table: Table) -> tuple[list[dict], list[Rejection]]:
    """Rows of a 项目支出绩效自评结果汇总表."""
    exclusion = config.self_eval_exclusion()
    scales = {
        f: rate_scale_for_column(_get(sheet, table, r, f) for r in table.data_rows)
        for f in RATE_FIELDS
        if f in table.columns
    }
    records, rejections = [], []
    for row in table.data_rows:
        try:
            department = normalise_name(_get(sheet, table, row, "department"))
            project_raw = clean_text(_get(sheet, table, row, "project_name"))
            if not department:
                raise RowError("department", "主管部门为空")
            if not project_raw:
                raise RowError("project_name", "项目名称为空")
            code_prefix, project_name = split_code_prefix(project_raw)
            remark = clean_text(_get(sheet, table, row, "remark"))
            flag = clean_text(_get(sheet, table, row, "assessed_flag"))
            fund_text = clean_text(_get(sheet, table, row, "fund_type"))
            excluded = any(k in (remark or "") + (flag or "") for k in exclusion["excluded_keywords"]) or (
                flag in exclusion["excluded_flag_values"]
            )
            fund = config.classify_fund(fund_text, remark)
            record = {
                "department": department,
                "unit": normalise_name(_get(sheet, table, row, "unit")),
                "project_code": clean_text(_get(sheet, table, row, "project_code")) or code_prefix,
                "project_name": project_name.replace(" ", ""),
                "fund_type_raw": fund_text,
                "fund_type": fund.fund_type,
                "fund_tags": list(fund.tags),
                "assessed": not excluded,
                **{f: _money(sheet, table, row, f) for f in MONEY_FIELDS},
                "execution_rate_stated": _rate(
                    sheet, table, row, "execution_rate", scales.get("execution_rate")
                ),
                "goal_completion_rate": _rate(
                    sheet, table, row, "goal_completion_rate", scales.get("goal_completion_rate")
                ),
                **{f: _score(sheet, table, row, f) for f in SCORE_FIELDS},
                "grade_stated": clean_text(_get(sheet, table, row, "grade")),
                "remark": remark,
                "source_row": row + 1,
            }
            if record["budget"] is None:
                raise RowError("budget", "全年预算数为空")
            records.append(record)
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
    return records, rejections


BUILDERS = {"project_self_eval_list": ("project_self_eval", project_self_eval_rows)}
