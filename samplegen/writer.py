"""Write result lists the way a bureau's staff lay them out in Excel: a merged title, a unit note, a
two-row header with merged group cells, a 合计 row, the data and a signature footer.

xlsxwriter stamps a fixed creation time, so the same content always gives the same bytes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

FIXED_TIME = datetime(2022, 4, 15, 9, 0, 0)


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    group: str | None = None  # label of a merged group cell above the header
    kind: str = "text"  # text | money | rate | score | int
    width: int = 12
    total: bool = False  # summed in the 合计 row


_CELL = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter"}
# the list's cell formats; added to the workbook in this order, which fixes the bytes of styles.xml
FORMATS = {
    "title": {"font_name": "方正小标宋简体", "font_size": 16, "align": "center", "valign": "vcenter"},
    "note": {"font_name": "宋体", "font_size": 10},
    "note_right": {"font_name": "宋体", "font_size": 10, "align": "right"},
    "head": {**_CELL, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#DDEBF7"},
    "text": _CELL,
    "money": {**_CELL, "num_format": "#,##0.00"},
    "rate": {**_CELL, "num_format": "0.00%"},
    "score": {**_CELL, "num_format": "0.00"},
    "int": {**_CELL, "align": "center"},
    "total": {**_CELL, "bold": True, "num_format": "#,##0.00"},
    "footer": {"font_name": "宋体", "font_size": 10},
}


def write_result_list(
    path: Path,
    *,
    title: str,
    filler: str,
    unit_note: str,
    columns: list[Col],
    rows: list[dict],
    footer: str,
    sheet_name: str = "Sheet1",
) -> None:
    """One list on one sheet: title, filler and unit note, header, 合计 row, the rows and the footer."""
    from samplegen import ledgers  # the stages the work calendar tracks carry each department's 填报日期

    columns, rows = ledgers.with_submission_dates(title, columns, rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    book.set_properties({"created": FIXED_TIME, "author": "沙湾市财政局"})
    sheet = book.add_worksheet(sheet_name)
    fmt = {name: book.add_format(props) for name, props in FORMATS.items()}
    last = len(columns) - 1
    sheet.merge_range(0, 0, 0, last, title, fmt["title"])
    sheet.set_row(0, 30)
    sheet.merge_range(1, 0, 1, last // 2, filler, fmt["note"])
    sheet.merge_range(1, last // 2 + 1, 1, last, unit_note, fmt["note_right"])
    _write_header(sheet, fmt, columns)
    for c, spec in enumerate(columns):
        sheet.set_column(c, c, spec.width)
    _write_total_row(sheet, fmt, columns, rows)
    for offset, record in enumerate(rows):
        _write_record(sheet, fmt, columns, 5 + offset, record)
    footer_row = 5 + len(rows) + 1
    sheet.merge_range(footer_row, 0, footer_row, last, footer, fmt["footer"])
    sheet.freeze_panes(4, 0)
    book.close()


def _write_header(sheet: Worksheet, fmt: dict[str, Format], columns: list[Col]) -> None:
    """Two-row header: a column without a group spans both rows; grouped columns share a merged top cell."""
    last = len(columns) - 1
    col = 0
    while col <= last:
        spec = columns[col]
        if spec.group is None:
            sheet.merge_range(2, col, 3, col, spec.header, fmt["head"])
            col += 1
            continue
        end = col
        while end + 1 <= last and columns[end + 1].group == spec.group:
            end += 1
        if end > col:
            sheet.merge_range(2, col, 2, end, spec.group, fmt["head"])
        else:
            sheet.write(2, col, spec.group, fmt["head"])
        for c in range(col, end + 1):
            sheet.write(3, c, columns[c].header, fmt["head"])
        col = end + 1


def _write_total_row(sheet: Worksheet, fmt: dict[str, Format], columns: list[Col], rows: list[dict]) -> None:
    """合计 row right under the header, as most county lists have it."""
    sheet.write(4, 0, "合计", fmt["total"])
    for c, spec in enumerate(columns[1:], start=1):
        if spec.total:
            value = sum((r[spec.key] for r in rows if r.get(spec.key) is not None), Decimal(0))
            sheet.write_number(4, c, float(value), fmt["total"])
        else:
            sheet.write_blank(4, c, None, fmt["total"])


def _write_record(sheet: Worksheet, fmt: dict[str, Format], columns: list[Col], r: int, record: dict) -> None:
    """One data row: numbers as numbers in their column's format, a missing value as a blank cell."""
    for c, spec in enumerate(columns):
        value = record.get(spec.key)
        if value is None:
            sheet.write_blank(r, c, None, fmt["text"])
        elif isinstance(value, (Decimal, int, float)) and spec.kind != "text":
            sheet.write_number(r, c, float(value), fmt[spec.kind])
        else:
            sheet.write_string(r, c, str(value), fmt["text"])
