"""The 合计/小计 rows of a list, beside the sum of the rows each covers, for the audit rule 合计不符 (D12).

A 小计 covers the data rows since the previous total row (or, written above its block, the rows up to the
next one); a 合计/总计 covers every data row of the table. 其中 rows break a row down and are not checked.
"""

from __future__ import annotations

from decimal import Decimal

from etl.cells import CellError, clean_text, parse_decimal, wan_from
from etl.layout import Table, total_kind
from etl.workbook import Sheet

CHECKED_FIELDS = ("budget_initial", "budget", "funds_arrived", "executed", "period_executed", "amount")


def _covered(table: Table, row: int, kind: str) -> list[int]:
    data = table.data_rows
    if kind == "合计":
        return list(data)
    previous = max((r for r in table.total_rows if r < row), default=-1)
    before = [r for r in data if previous < r < row]
    if before:
        return before
    following = min((r for r in table.total_rows if r > row), default=len(data) and data[-1] + 1)
    return [r for r in data if row < r < following]


def subtotals(sheet: Sheet, table: Table, kind: str, records: list[dict]) -> list[dict]:
    """One row per total row × money column stating a number."""
    by_row = {r["source_row"] - 1: r for r in records}
    out: list[dict] = []
    for row in table.total_rows:
        texts = [t for c in range(sheet.width) if (t := clean_text(sheet.value(row, c)))]
        row_kind = total_kind([t for t in texts if not _numeric(t)])
        if row_kind not in ("合计", "小计"):
            continue
        covered = _covered(table, row, row_kind)
        label = next((t for t in texts if total_kind([t])), row_kind)
        departments = {by_row[r].get("department") for r in covered if r in by_row}
        for field in CHECKED_FIELDS:
            col = table.columns.get(field)
            if col is None:
                continue
            try:
                stated = parse_decimal(sheet.value(row, col.index))
            except CellError:
                continue
            if stated is None:
                continue
            computed = sum((by_row[r].get(field) or Decimal(0) for r in covered if r in by_row), Decimal(0))
            first = next((by_row[r] for r in covered if r in by_row), {})
            out.append(
                {
                    "source_sheet": sheet.name,
                    "source_row": row + 1,
                    "kind": kind,
                    "label": label,
                    "field": field,
                    "stated": wan_from(stated, table.unit_of(field)),
                    "computed": computed,
                    "covered_rows": len(covered),
                    "first_row": covered[0] + 1 if covered else None,
                    "last_row": covered[-1] + 1 if covered else None,
                    "fiscal_year": first.get("fiscal_year"),
                    "region": first.get("region"),
                    "department": departments.pop() if len(departments) == 1 else None,
                }
            )
    return out


def _numeric(text: str) -> bool:
    try:
        return parse_decimal(text) is not None
    except CellError:
        return False
