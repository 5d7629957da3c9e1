"""Downloads hold exactly the table shown, at the precision shown, headed by the filters; they are readable
in Excel/WPS and never carry formulas."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard import exports, format, tables

SPEC = [
    tables.Column("项目名称", "项目名称"),
    tables.Column("预算", "全年预算数（万元）", "money"),
    tables.Column("率", "执行率", "rate"),
    tables.Column("分", "财政评分", "score"),
]
FRAME = pl.DataFrame(
    {
        "项目名称": ["校舍维修改造", '=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)"],
        "全年预算数（万元）": [Decimal("172.630000"), Decimal("1.5"), None, Decimal("0"), Decimal("2.005")],
        "执行率": [0.997602, 1.0, None, 0.0, 0.5],
        "财政评分": [Decimal("98"), Decimal("94.5"), None, Decimal("0"), Decimal("88.125")],
    }
)
ABOUT = [("年度", "2022 工作年度"), ("主管部门", "沙湾市教育局"), ("数据来源", "绩效看板数据仓库（版本 v1）")]


def _book(frame=FRAME):
    return openpyxl.load_workbook(io.BytesIO(exports.to_xlsx([("项目清单", frame, SPEC)], ABOUT)))


def test_xlsx_states_the_filters_above_a_formatted_frozen_header():
    sheet = _book()["项目清单"]
    assert sheet["A1"].value == "年度：2022 工作年度；主管部门：沙湾市教育局"
    assert [c.value for c in sheet[2]] == FRAME.columns
    assert sheet.freeze_panes == "A3"
    assert sheet["A2"].font.bold
    assert sheet.column_dimensions["B"].number_format == "#,##0.00"
    assert sheet.column_dimensions["C"].number_format == "0.00%"
    assert sheet.column_dimensions["D"].number_format == "0.00"
    assert sheet.max_row == FRAME.height + 2
    about = {r[0].value: r[1].value for r in _book()["说明"].iter_rows()}
    assert about["年度"] == "2022 工作年度" and about["主管部门"] == "沙湾市教育局" and "导出时间" in about


def test_xlsx_numbers_are_the_numbers_on_screen():
    sheet = _book()["项目清单"]
    assert sheet["B3"].value == 172.63
    assert sheet["C3"].value == 0.9976  # shown as 99.76%
    assert sheet["D3"].value == 98
    assert sheet["B7"].value == 2.01  # half up, as the screen rounds


def test_text_that_looks_like_a_formula_is_stored_as_text_in_xlsx():
    sheet = _book()["项目清单"]
    cells = [sheet.cell(row=r, column=1) for r in range(4, 8)]
    assert all(c.data_type == "s" for c in cells)
    assert cells[0].value == '=HYPERLINK("http://x")'


def test_csv_is_utf8_with_bom_states_the_filters_and_neutralises_formulas():
    raw = exports.to_csv(FRAME, SPEC, ABOUT)
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["年度：2022 工作年度；主管部门：沙湾市教育局"]
    assert rows[1] == FRAME.columns
    assert [r[0] for r in rows[2:]] == [
        "校舍维修改造",
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'-2",
        "'@SUM(A1)",
    ]


def test_csv_cells_read_as_the_page_shows_them():
    rows = list(csv.reader(io.StringIO(exports.to_csv(FRAME, SPEC, ABOUT).decode("utf-8-sig"))))
    assert rows[2][1:] == ["172.63", "99.76%", "98.00"]
    assert rows[4][1:] == ["", "", ""]
    assert rows[6][1:] == ["2.01", "50.00%", "88.13"]


@settings(max_examples=200, deadline=None)
@given(
    money=st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False),
    rate=st.floats(min_value=0, max_value=3, allow_nan=False),
    score=st.decimals(min_value=0, max_value=100, places=4, allow_nan=False),
)
def test_every_csv_cell_equals_the_page_text(money, rate, score):
    frame = pl.DataFrame(
        {"项目名称": ["x"], "全年预算数（万元）": [money], "执行率": [rate], "财政评分": [score]},
        schema={
            "项目名称": pl.String,
            "全年预算数（万元）": pl.Decimal(20, 6),
            "执行率": pl.Float64,
            "财政评分": pl.Decimal(10, 4),
        },
    )
    row = list(csv.reader(io.StringIO(exports.to_csv(frame, SPEC).decode("utf-8-sig"))))[1]
    assert row[1] == format.amount(money).replace(",", "")
    assert row[2] == format.percent(rate)
    assert row[3] == format.score(score)


def _download_script():
    import polars as pl

    from dashboard import tables, ui

    frame = pl.DataFrame({"项目名称": ["甲", "乙", "丙", "丁"]})
    ui.download_buttons(
        "t", "清单", [("清单", frame, [tables.Column("项目名称", "项目名称")])], [("年度", "2021")]
    )


@pytest.mark.parametrize("limit, refused", [(3, True), (4, False)])
def test_a_table_over_the_worksheet_limit_is_refused_as_xlsx_never_cut(monkeypatch, limit, refused):
    from streamlit.testing.v1 import AppTest

    from dashboard import ui

    monkeypatch.setattr(ui, "XLSX_MAX_ROWS", limit)
    at = AppTest.from_function(_download_script).run()
    xlsx, csv_button = at.get("download_button")
    assert xlsx.proto.label == "下载 Excel（.xlsx）"
    assert xlsx.proto.disabled is refused
    assert ("请下载 CSV" in xlsx.proto.help) is refused
    assert not csv_button.proto.disabled  # the CSV always holds the whole table


def test_counts_are_grouped_by_thousands_and_years_are_not():
    """18,830 个项目 reads as on the cards; a year written 2,022 would be wrong."""
    spec = [tables.Column("fiscal_year", "年度", "int"), tables.Column("projects", "项目数", "count")]
    frame = pl.DataFrame({"年度": [2022], "项目数": [18830]})
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx([("分组", frame, spec)], ABOUT)))
    sheet = book["分组"]
    assert sheet.column_dimensions["A"].number_format == "0"
    assert sheet.column_dimensions["B"].number_format == "#,##0"
    assert (sheet["A3"].value, sheet["B3"].value) == (2022, 18830)
    config = tables.column_config(spec)
    assert config["年度"]["type_config"]["format"] == "%d"
    assert config["项目数"]["type_config"]["format"] == "localized"
