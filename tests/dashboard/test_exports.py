"""Downloads hold exactly the table shown, are readable in Excel/WPS, and never carry formulas."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import polars as pl

from dashboard import exports, tables

SPEC = [
    tables.Column("项目名称", "项目名称"),
    tables.Column("预算", "全年预算数（万元）", "money"),
    tables.Column("率", "执行率", "rate"),
]
FRAME = pl.DataFrame(
    {
        "项目名称": ["校舍维修改造", '=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)"],
        "全年预算数（万元）": [Decimal("145683.48"), Decimal("1.5"), None, Decimal("0"), Decimal("2")],
        "执行率": [0.9805, 1.0, None, 0.0, 0.5],
    }
)
ABOUT = [("年度", "2021"), ("主管部门", "沙湾市教育局")]


def test_xlsx_has_formatted_frozen_header_the_rows_and_a_sheet_stating_the_filters():
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx([("项目清单", FRAME, SPEC)], ABOUT)))
    sheet = book["项目清单"]
    assert [c.value for c in sheet[1]] == FRAME.columns
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    assert sheet["B2"].value == 145683.48
    assert sheet.column_dimensions["B"].number_format == "#,##0.00"
    assert sheet.column_dimensions["C"].number_format == "0.00%"
    assert sheet.max_row == FRAME.height + 1
    about = {r[0].value: r[1].value for r in book["说明"].iter_rows()}
    assert about["年度"] == "2021" and about["主管部门"] == "沙湾市教育局" and "导出时间" in about


def test_text_that_looks_like_a_formula_is_stored_as_text_in_xlsx():
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx([("t", FRAME, SPEC)], ABOUT)))
    cells = [book["t"].cell(row=r, column=1) for r in range(3, 7)]
    assert all(c.data_type == "s" for c in cells)
    assert cells[0].value == '=HYPERLINK("http://x")'


def test_csv_is_utf8_with_bom_and_neutralises_formulas():
    raw = exports.to_csv(FRAME)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == FRAME.columns
    assert [r[0] for r in rows[1:]] == [
        "校舍维修改造",
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'-2",
        "'@SUM(A1)",
    ]
    assert rows[1][1] == "145683.48"
