"""Downloads of exactly the table on screen: .xlsx (formatted, frozen header, a sheet stating the filters,
source and time) and .csv (UTF-8 with BOM for Excel on Chinese Windows).

Text cells that start with = + - @ are written as text, never as formulas (CSV/xlsx injection)."""

from __future__ import annotations

import io
from datetime import datetime
from decimal import Decimal

import polars as pl
import xlsxwriter

from dashboard.tables import Column

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {"money": "#,##0.00", "rate": "0.00%", "score": "0.00", "int": "0"}


def safe_text(value: str) -> str:
    """Neutralise a leading formula character for CSV readers (Excel, WPS)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def to_csv(frame: pl.DataFrame) -> bytes:
    text_cols = [c for c, t in frame.schema.items() if t == pl.String]
    safe = frame.with_columns(pl.col(c).map_elements(safe_text, return_dtype=pl.String) for c in text_cols)
    return safe.write_csv(include_bom=True).encode("utf-8")


def to_xlsx(sheets: list[tuple[str, pl.DataFrame, list[Column]]], about: list[tuple[str, str]]) -> bytes:
    """A workbook with one sheet per table, then a 说明 sheet with the filters, source and time."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    head = book.add_format(
        {
            "bold": True,
            "bg_color": "#DDEBF7",
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
            "font_name": "宋体",
        }
    )
    formats = {
        kind: book.add_format({"num_format": f, "font_name": "宋体"}) for kind, f in NUMBER_FORMATS.items()
    }
    text = book.add_format({"font_name": "宋体"})
    for name, frame, spec in sheets:
        sheet = book.add_worksheet(name[:31])
        kinds = {c.label: c.kind for c in spec}
        for c, label in enumerate(frame.columns):
            sheet.write_string(0, c, label, head)
            sheet.set_column(c, c, max(10, min(40, len(label) * 2 + 2)), formats.get(kinds.get(label), text))
        for r, row in enumerate(frame.iter_rows(), start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                    sheet.write_number(r, c, float(value))
                else:
                    sheet.write_string(r, c, str(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(frame.height, 1), max(frame.width - 1, 0))
    info = book.add_worksheet("说明")
    rows = [*about, ("导出时间", datetime.now().strftime("%Y-%m-%d %H:%M:%S"))]
    for r, (key, value) in enumerate(rows):
        info.write_string(r, 0, key, head)
        info.write_string(r, 1, value)
    info.set_column(0, 0, 14)
    info.set_column(1, 1, 80)
    book.close()
    return buffer.getvalue()
