"""Downloads of exactly the table on screen, at the precision the screen shows: money to 2 decimals, rates
as percentages (text "99.76%" in CSV; a number formatted 0.00% in xlsx), scores to 2 decimals. Both files
start with a line stating the filters, the fiscal year and stage; the xlsx also has a 说明 sheet.

.xlsx: formatted, frozen header. .csv: UTF-8 with BOM for Excel on Chinese Windows.
Text cells that start with = + - @ are written as text, never as formulas (CSV/xlsx injection)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import polars as pl
import xlsxwriter

from dashboard.tables import Column

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
NUMBER_FORMATS = {"money": "#,##0.00", "rate": "0.00%", "score": "0.00", "count": "#,##0", "int": "0"}
# Decimal places a value keeps in a file: what the screen shows (a rate of 0.997602 shows as 99.76%).
PLACES = {"money": 2, "rate": 4, "score": 2}


def safe_text(value: str) -> str:
    """Neutralise a leading formula character for CSV readers (Excel, WPS)."""
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


def shown_value(value: object, kind: str | None) -> object:
    """A number as the screen shows it (rounded half up, exact Decimal); other values unchanged."""
    if kind in PLACES and isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)).quantize(Decimal(1).scaleb(-PLACES[kind]), ROUND_HALF_UP)
    return value


def csv_text(value: object, kind: str | None) -> str:
    """One CSV cell as the screen reads it: 172.63, 99.76%, 98.00; text guarded against formulas."""
    if value is None:
        return ""
    value = shown_value(value, kind)
    if kind == "rate" and isinstance(value, Decimal):
        return f"{(value * 100).quantize(Decimal('0.01'))}%"
    if isinstance(value, Decimal):
        return f"{value:f}"
    return safe_text(str(value))


def filter_line(about: list[tuple[str, str]]) -> str:
    return "；".join(f"{k}：{v}" for k, v in about if k not in ("数据来源",))


def _kinds(frame: pl.DataFrame, spec: list[Column] | None) -> list[str | None]:
    by_label = {c.label: c.kind for c in spec or []}
    return [by_label.get(label) for label in frame.columns]


def to_csv(frame: pl.DataFrame, spec: list[Column] | None = None, about: list[tuple[str, str]] = ()) -> bytes:
    """The table (Chinese headers, as shown) with a first line stating the filters when given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    if about:
        writer.writerow([filter_line(about)])
    writer.writerow(frame.columns)
    kinds = _kinds(frame, spec)
    for row in frame.iter_rows():
        writer.writerow([csv_text(v, k) for v, k in zip(row, kinds, strict=True)])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(sheets: list[tuple[str, pl.DataFrame, list[Column]]], about: list[tuple[str, str]]) -> bytes:
    """A workbook with one sheet per table (a line stating the filters above the header), then a 说明
    sheet with the filters, source and time."""
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
    note = book.add_format({"font_name": "宋体", "italic": True, "font_color": "#555555"})
    formats = {
        kind: book.add_format({"num_format": f, "font_name": "宋体"}) for kind, f in NUMBER_FORMATS.items()
    }
    text = book.add_format({"font_name": "宋体"})
    line = filter_line(about)
    for name, frame, spec in sheets:
        sheet = book.add_worksheet(name[:31])
        kinds = _kinds(frame, spec)
        sheet.write_string(0, 0, line, note)
        for c, label in enumerate(frame.columns):
            sheet.write_string(1, c, label, head)
            sheet.set_column(c, c, max(10, min(40, len(label) * 2 + 2)), formats.get(kinds[c], text))
        for r, row in enumerate(frame.iter_rows(), start=2):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                    sheet.write_number(r, c, float(shown_value(value, kinds[c])))
                else:
                    sheet.write_string(r, c, str(value))
        sheet.freeze_panes(2, 0)
        sheet.autofilter(1, 0, max(frame.height + 1, 2), max(frame.width - 1, 0))
    info = book.add_worksheet("说明")
    rows = [*about, ("导出时间", datetime.now().strftime("%Y-%m-%d %H:%M:%S"))]
    for r, (key, value) in enumerate(rows):
        info.write_string(r, 0, key, head)
        info.write_string(r, 1, value)
    info.set_column(0, 0, 14)
    info.set_column(1, 1, 80)
    book.close()
    return buffer.getvalue()
