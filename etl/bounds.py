"""Every value within range or its row rejected: the last check on a sheet's records before they leave the
ETL. Amounts in 万元, rates, scores and other numbers each have a configured bound
(etl/config/limits.toml); a record carrying a value beyond it is held back as a rejection naming the cell,
so no value can overflow a typed column downstream and abort a load."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from etl import config
from etl.records import Rejection

_MONEY_WORDS = ("budget", "executed", "amount", "funds", "funding")
_RATE_WORDS = ("rate", "factor")
_SCORE_WORDS = ("score", "weight")
_LABELS = {
    "budget_initial": "年初预算数",
    "budget": "预算数",
    "executed": "执行数",
    "funds_arrived": "到位资金",
    "amount": "金额",
    "period_executed": "期间执行数",
    "execution_rate": "执行率",
    "execution_rate_stated": "执行率",
    "goal_completion_rate": "目标完成率",
    "self_score": "自评得分",
    "finance_score": "财政评分",
    "score": "得分",
    "weight": "权重",
    "target_value": "指标值",
    "actual_value": "实际完成值",
}


@lru_cache(maxsize=1024)  # a few dozen field names, asked of every value of every record
def _bound_of(field: str) -> tuple[str, str]:
    """(limit name, unit) of a field."""
    if any(word in field for word in _MONEY_WORDS):
        return "max_amount_wan", "万元"
    if any(word in field for word in _RATE_WORDS):
        return "max_rate", "（按小数计）"
    if any(word in field for word in _SCORE_WORDS):
        return "max_score", ""
    return "max_value", ""


@lru_cache(maxsize=64, typed=True)
def _decimal(limit: int | float | str) -> Decimal:
    return Decimal(limit)


def out_of_range(record: dict) -> tuple[str, str] | None:
    """(field, reason) for the first value of the record beyond its bound, else None."""
    limits = None
    for field, value in record.items():
        if not isinstance(value, Decimal):
            continue
        if value.is_finite():
            if limits is None:
                limits = config.load("limits")
            name, unit = _bound_of(field)
            bound = _decimal(limits[name])
            if abs(value) <= bound:
                continue
            label = _LABELS.get(field, field)
            return (
                field,
                f"{label}超出合理范围：{value.normalize():,f}{unit}（绝对值不得超过 {bound:,.0f}{unit}）",
            )
        return field, f"{_LABELS.get(field, field)}不是有效数字：{value}"
    return None


def hold_back_out_of_range(
    sheet: str,
    records: dict[str, list[dict]],
    rejections: list[Rejection],
    letters: dict[str, str] | None = None,
) -> None:
    """Move every record with an out-of-range value to the rejections (`letters`: field → column letter)."""
    for target, rows in records.items():
        kept = []
        for record in rows:
            if found := out_of_range(record):
                field, reason = found
                rejections.append(
                    Rejection(
                        sheet, record.get("source_row") or 0, (letters or {}).get(field), field, reason, {}
                    )
                )
            else:
                kept.append(record)
        records[target] = kept
