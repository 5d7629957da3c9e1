"""The ugly workbooks departments really send: every quirk the ETL must read exactly, and the exact
messages for what it cannot read."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest
from support.xls_builder import xls_book
from support.xlsx_builder import write_rows

from etl import config
from warehouse.pipeline import load


def query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def loaded(tmp_path, *paths):
    db = tmp_path / "wh.duckdb"
    report = load(list(paths), db)
    return db, report


TITLE = "沙湾市2021年度项目支出绩效自评结果汇总表"


def test_header_synonyms_map_to_the_same_fields(tmp_path):
    # 单位名称/调整后预算数/预算执行数/预算执行率/财政评价得分/自评等级/资金类型 instead of the usual labels
    src = write_rows(
        tmp_path / "in" / "a.xlsx",
        [
            [TITLE],
            [
                "主管部门",
                "单位名称",
                "项目名称",
                "资金类型",
                "调整后预算数",
                "预算执行数",
                "预算执行率",
                "单位自评得分",
                "财政评价得分",
                "自评等级",
            ],
            ["沙湾市水利局", "沙湾市水利管理站", "河道治理", "政府性基金", 80, 60, 0.75, 90, 88, "良"],
        ],
    )
    db, report = loaded(tmp_path, src)
    assert report.exit_code == 0
    assert query(
        db,
        """SELECT department, unit, fund_type, budget, executed, execution_rate_stated, self_score,
                               finance_score, grade FROM mart.project_self_eval""",
    ) == [
        (
            "沙湾市水利局",
            "沙湾市水利管理站",
            "政府性基金预算",
            Decimal(80),
            Decimal(60),
            Decimal("0.75"),
            Decimal(90),
            Decimal(88),
            "良",
        )
    ]


def test_other_synonyms_部门名称_预算数_执行数_执行进度_复核得分_评价等级_资金来源(tmp_path):
    src = write_rows(
        tmp_path / "in" / "b.xlsx",
        [
            [TITLE],
            [
                "部门名称",
                "项目名称",
                "资金来源",
                "预算数",
                "执行数",
                "执行进度",
                "自评分",
                "复核得分",
                "评价等级",
            ],
            ["沙湾市民政局", "低保补助", "中央补助", 10, 10, "100%", 99, 97, "优"],
        ],
    )
    db, _ = loaded(tmp_path, src)
    assert query(
        db, "SELECT department, fund_type, fund_tags, finance_score, grade FROM mart.project_self_eval"
    ) == [("沙湾市民政局", "一般公共预算", ["中央转移支付"], Decimal(97), "优")]


@pytest.mark.parametrize(
    ("note", "header", "expected"),
    [
        ("单位：元", "全年预算数", Decimal("12.3456")),
        (None, "全年预算数（元）", Decimal("12.3456")),
        ("单位：元", "全年预算数（万元）", Decimal("123456")),  # the header's own unit wins over the note
        ("金额单位：万元", "全年预算数", Decimal("123456")),
    ],
)
def test_amount_units_from_notes_and_headers(tmp_path, note, header, expected):
    src = write_rows(
        tmp_path / "in" / "u.xlsx",
        [
            [TITLE],
            [None, None, note],
            ["主管部门", "项目名称", header, "自评得分"],
            ["沙湾市审计局", "审计业务经费", 123456, 95],
        ],
    )
    db, _ = loaded(tmp_path, src)
    assert query(db, "SELECT budget FROM mart.project_self_eval") == [(expected,)]


def test_numbers_written_as_text_percentages_fractions_and_fullwidth(tmp_path):
    src = write_rows(
        tmp_path / "in" / "n.xlsx",
        [
            [TITLE],
            [
                "主管部门",
                "项目名称",
                "全年预算数",
                "全年执行数",
                "执行率",
                "绩效目标完成率",
                "自评得分",
                "财政评分",
            ],
            ["沙湾市教育局", "甲", "1,234.56", "１，０００．００", "81.00%", "3/4", "９８．５", " 95 "],
            ["沙湾市教育局", "乙", 200, 150, 0.75, 0.9, 90, 91],
        ],
        percent_cells=["E4", "F4"],
    )
    db, _ = loaded(tmp_path, src)
    assert query(
        db,
        """SELECT budget, executed, execution_rate_stated, goal_completion_rate, self_score, finance_score
                        FROM mart.project_self_eval ORDER BY source_row""",
    ) == [
        (Decimal("1234.56"), Decimal("1000"), Decimal("0.81"), Decimal("0.75"), Decimal("98.5"), Decimal(95)),
        (Decimal(200), Decimal(150), Decimal("0.75"), Decimal("0.9"), Decimal(90), Decimal(91)),
    ]


def test_subtotals_blank_rows_footers_and_placeholders_are_not_projects(tmp_path):
    src = write_rows(
        tmp_path / "in" / "f.xlsx",
        [
            [TITLE],
            [None, None, None, "单位：万元"],
            ["序号", "主管部门", "项目名称", "全年预算数", "自评得分", "财政评分"],
            ["合计", None, None, 330, None, None],
            [1, "沙湾市林业和草原局", "天然林保护", 100, "—", "/"],
            [None, None, None, None, None, None],
            ["小计", None, None, 100, None, None],
            [2, "沙湾市林业和草原局", "草原生态补助", 230, "*", 91],
            [None, "   ", None, None, None, None],
            ["填报人：张三", None, "审核人：李四", None, "填报日期：2022年4月15日"],
            ["2. 金额保留两位小数，执行率按执行数÷预算数计算", None, None, None, None, None],
        ],
    )
    db, report = loaded(tmp_path, src)
    assert report.files[0].rows_loaded == 2 and report.files[0].rows_rejected == 0
    assert query(
        db, "SELECT project_name, self_score, finance_score FROM mart.project_self_eval ORDER BY source_row"
    ) == [("天然林保护", None, None), ("草原生态补助", None, Decimal(91))]


def test_names_with_fullwidth_spaces_and_budget_code_prefixes_are_one_department(tmp_path):
    src = write_rows(
        tmp_path / "in" / "s.xlsx",
        [
            [TITLE],
            ["主管部门", "项目名称", "全年预算数", "自评得分"],
            ["219001-沙湾市教育局", "校舍维修", 1, 90],
            ["沙湾市教育局\u3000", "教师培训", 2, 90],
            ["【219001】沙湾市 教育局 ", "51000021R000000019951-学生资助", 3, 90],
        ],
    )
    db, _ = loaded(tmp_path, src)
    assert query(db, "SELECT DISTINCT department FROM mart.project_self_eval") == [("沙湾市教育局",)]
    assert query(db, "SELECT project_code, project_name FROM mart.project_self_eval WHERE budget = 3") == [
        ("51000021R000000019951", "学生资助")
    ]


def _xls(path, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    xls_book(rows, "自评").save(str(path))
    return path


def test_legacy_xls_xlsm_and_owner_files(tmp_path):
    rows = [
        [TITLE],
        ["主管部门", "项目名称", "全年预算数", "自评得分"],
        ["沙湾市统计局", "统计调查经费", 12.34, 96],
    ]
    _xls(tmp_path / "in" / "旧格式.xls", rows)
    write_rows(tmp_path / "in" / "宏.xlsm", [rows[0], rows[1], ["沙湾市统计局", "普查经费", 5, 97]])
    (tmp_path / "in" / "~$旧格式.xls").write_bytes(b"\x00owner")
    db, report = loaded(tmp_path, tmp_path / "in")
    assert sorted(f.path.rsplit("/", 1)[-1] for f in report.files) == ["宏.xlsm", "旧格式.xls"]
    assert query(db, "SELECT project_name, budget FROM mart.project_self_eval ORDER BY budget") == [
        ("普查经费", Decimal(5)),
        ("统计调查经费", Decimal("12.34")),
    ]


def test_many_sheets_per_workbook_and_instructions_sheet_skipped(tmp_path):
    header = ["主管部门", "项目名称", "全年预算数", "自评得分"]
    src = write_rows(
        tmp_path / "in" / "多表.xlsx",
        [[TITLE], header, ["沙湾市水利局", "灌区改造", 10, 90]],
        sheet="水利局",
        extra_sheets={
            "交通局": [[TITLE], header, ["沙湾市交通运输局", "农村公路养护", 20, 92]],
            "填表说明": [["填表说明"], ["1. 金额单位为万元"]],
        },
    )
    db, report = loaded(tmp_path, src)
    assert query(db, "SELECT source_sheet, project_name FROM mart.project_self_eval ORDER BY budget") == [
        ("水利局", "灌区改造"),
        ("交通局", "农村公路养护"),
    ]
    assert report.files[0].message == "未识别的工作表已跳过：填表说明"


def test_unparseable_cells_are_rejected_with_an_exact_message(tmp_path):
    src = write_rows(
        tmp_path / "in" / "坏.xlsx",
        [
            [TITLE],
            ["主管部门", "项目名称", "全年预算数", "自评得分"],
            ["沙湾市商务局", "招商引资", "12,3a", 90],
            ["沙湾市商务局", "电商扶持", 5, 130],
        ],
    )
    db, report = loaded(tmp_path, src)
    assert [(r.sheet, r.row, r.column, r.reason) for r in report.files[0].rejections] == [
        ("Sheet1", 3, "C", "无法识别的数字：“12,3a”"),
        ("Sheet1", 4, "D", "得分应在 0–100 之间，实为 130"),
    ]
    assert query(db, "SELECT count(*) FROM mart.project_self_eval") == [(0,)]
    assert query(db, "SELECT count(*) FROM mart.rejected_row") == [(2,)]


def test_formulas_are_read_as_their_cached_values_never_evaluated(tmp_path):
    import xlsxwriter

    path = tmp_path / "in" / "公式.xlsx"
    path.parent.mkdir(parents=True)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, [TITLE])
    sheet.write_row(1, 0, ["主管部门", "项目名称", "全年预算数", "全年执行数", "自评得分"])
    sheet.write_row(2, 0, ["沙湾市财政局", "绩效评价服务费", 40])
    sheet.write_formula(2, 3, "=C3*0.5", None, 20)  # cached value 20 as Excel would store it
    sheet.write_number(2, 4, 95)
    book.close()
    db, _ = loaded(tmp_path, path)
    assert query(db, "SELECT executed FROM mart.project_self_eval") == [(Decimal(20),)]


def test_oversized_and_bomb_files_are_refused_before_parsing(tmp_path, monkeypatch):
    import zipfile

    limits = {**config.load("limits"), "max_file_mb": 0.001, "min_bomb_check_mb": 0.5, "max_zip_ratio": 50}
    monkeypatch.setattr(
        config, "load", lambda name, _real=config.load: limits if name == "limits" else _real(name)
    )
    big = write_rows(
        tmp_path / "in" / "大.xlsx",
        [[TITLE], ["主管部门", "项目名称", "全年预算数"]]
        + [["沙湾市水利局", f"项目{i}", i] for i in range(200)],
    )
    bomb = tmp_path / "in" / "炸弹.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", " " * (2 * 1024 * 1024))
    limits["max_file_mb"] = 1
    reports = {f.path.rsplit("/", 1)[-1]: f for f in load([bomb], tmp_path / "wh.duckdb").files}
    assert reports["炸弹.xlsx"].status == "已拒绝" and "压缩炸弹" in reports["炸弹.xlsx"].message
    limits["max_file_mb"] = 0.001
    reports = {f.path.rsplit("/", 1)[-1]: f for f in load([big], tmp_path / "wh2.duckdb").files}
    assert reports["大.xlsx"].status == "已拒绝" and "文件过大" in reports["大.xlsx"].message
