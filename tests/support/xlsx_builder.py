"""Tiny helpers that write test workbooks cell by cell, shaped like the real ones (openpyxl)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import openpyxl


def write_rows(
    path: Path,
    rows: list[list[object]],
    *,
    sheet: str = "Sheet1",
    merges: list[str] = (),
    percent_cells: list[str] = (),
    extra_sheets: dict[str, list[list[object]]] | None = None,
) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    for ref in percent_cells:
        ws[ref].number_format = "0.00%"
    for name, extra in (extra_sheets or {}).items():
        other = book.create_sheet(name)
        for row in extra:
            other.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


HEADER_TOP = [
    "序号",
    "主管部门",
    "项目名称",
    "资金性质",
    "预算执行情况",
    None,
    None,
    None,
    "自评得分",
    "财政评分",
    "评价等级",
    "备注",
]
HEADER_SUB = [
    None,
    None,
    None,
    None,
    "年初预算数",
    "全年预算数",
    "全年执行数",
    "执行率",
    None,
    None,
    None,
    None,
]


def _column_sum(data: list[list[object]], col: int) -> float:
    """The 合计 a department would type: the sum of the column's readable numbers."""
    total = Decimal(0)
    for row in data:
        value = row[col] if col < len(row) else None
        try:
            total += Decimal(str(value).replace(",", "")) if value is not None else 0
        except InvalidOperation:
            continue
    return float(total)


def self_eval_list(
    path: Path,
    data: list[list[object]],
    *,
    title: str = "沙湾市2021年度项目支出绩效自评结果汇总表",
    unit_note: str = "单位：万元",
    blank_rows_above: int = 0,
) -> Path:
    """A 项目支出绩效自评结果汇总表: title, unit note, two-row header, 合计 row, data, footer."""
    rows: list[list[object]] = [[None] * 12 for _ in range(blank_rows_above)]
    total = ["合计", None, None, None, *(_column_sum(data, c) for c in (4, 5, 6))]
    rows += [[title], [None] * 11 + [unit_note], HEADER_TOP, HEADER_SUB, total]
    rows += data
    rows += [[], ["填报人：张三    审核人：李四    填报日期：2022年4月15日"]]
    first = blank_rows_above + 1
    merges = [f"A{first}:L{first}", f"E{first + 2}:H{first + 2}"]
    return write_rows(path, rows, merges=merges)
