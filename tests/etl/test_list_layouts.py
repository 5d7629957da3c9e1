"""Another county's lists: what their layouts mean, read right the first time — or the exact reason why not.
Every column is accounted for (mart.load_column), every inference is said in the load report."""

from __future__ import annotations

from decimal import Decimal

import duckdb
from support.xlsx_builder import write_rows

from warehouse.pipeline import load

TITLE = "沙湾市2021年度项目支出绩效自评结果汇总表"


def query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def loaded(tmp_path, *paths, region=None):
    db = tmp_path / "wh.duckdb"
    return db, load(list(paths), db, region=region)


def test_a_unit_column_alone_names_the_department(tmp_path):
    src = write_rows(
        tmp_path / "in" / "a.xlsx",
        [
            [TITLE],
            ["序号", "单位名称", "项目名称", "全年预算数", "全年执行数", "自评得分"],
            [1, "沙湾市水利局", "河道治理", 80, 60, 90],
            [2, "沙湾市林业和草原局", "天然林保护", 100, 100, 95],
        ],
    )
    db, report = loaded(tmp_path, src)
    assert report.exit_code == 0
    assert query(db, "SELECT department, project_name FROM mart.project_self_eval ORDER BY source_row") == [
        ("沙湾市水利局", "河道治理"),
        ("沙湾市林业和草原局", "天然林保护"),
    ]
    assert "B 列「单位名称」是表中唯一的单位列，作为主管部门读取" in report.files[0].message
    assert query(db, "SELECT field, note FROM mart.load_column WHERE \"column\" = 'B'") == [
        ("department", "B 列「单位名称」是表中唯一的单位列，作为主管部门读取")
    ]


def test_whole_department_amounts_headed_整体支出预算数_arrive(tmp_path):
    src = write_rows(
        tmp_path / "in" / "d.xlsx",
        [
            ["沙湾市2021年度部门整体支出绩效自评结果汇总表"],
            [
                "序号",
                "部门名称",
                "整体支出预算数（万元）",
                "整体支出执行数（万元）",
                "整体支出执行率",
                "自评得分",
            ],
            [1, "沙湾市教育局", 1000.5, 990.25, "98.97%", 95],
        ],
    )
    db, report = loaded(tmp_path, src)
    assert report.exit_code == 0
    assert query(db, "SELECT department, budget, executed, self_score FROM mart.dept_self_eval") == [
        ("沙湾市教育局", Decimal("1000.500000"), Decimal("990.250000"), Decimal("95.0000"))
    ]


def test_every_column_is_accounted_for_and_a_lost_number_makes_the_file_部分识别(tmp_path):
    src = write_rows(
        tmp_path / "in" / "b.xlsx",
        [
            [TITLE],
            [
                "序号",
                "主管部门",
                "项目名称",
                "全年预算数",
                "全年执行数",
                "自评得分",
                "上年执行数",
                "联系人",
                "预算调整数",
            ],
            [1, "沙湾市水利局", "河道治理", 80, 60, 90, 55, "张三", 5],
        ],
    )
    db, report = loaded(tmp_path, src)
    file = report.files[0]
    assert report.exit_code == 1
    assert file.status == "部分识别"
    assert file.message.startswith(
        "部分识别：工作表「Sheet1」G 列「上年执行数」是数字（如 55），但未对应任何字段"
    )
    assert file.rows_loaded == 1  # the row itself arrives; only the column is lost, and said so
    columns = query(db, 'SELECT "column", header, field, sample_value, note FROM mart.load_column ORDER BY 1')
    assert columns == [
        ("A", "序号", "seq", "1", None),
        ("B", "主管部门", "department", "沙湾市水利局", None),
        ("C", "项目名称", "project_name", "河道治理", None),
        ("D", "全年预算数", "budget", "80", None),
        ("E", "全年执行数", "executed", "60", None),
        ("F", "自评得分", "self_score", "90", None),
        ("G", "上年执行数", None, "55", "表头未对应任何字段"),
        ("H", "联系人", None, "张三", "表头未对应任何字段"),
        ("I", "预算调整数", None, "5", "预算调整额，不是调整后预算数"),
    ]
    assert query(db, "SELECT status FROM mart.load_log") == [("部分识别",)]


def test_a_sheet_with_data_but_no_recognised_table_is_未识别(tmp_path):
    src = write_rows(
        tmp_path / "in" / "c.xlsx",
        [["甲", "乙", "丙"], ["教育局", 1, 2], ["卫健委", 3, 4]],
    )
    _, report = loaded(tmp_path, src)
    assert report.exit_code == 1
    assert report.files[0].status == "未识别"
    assert report.files[0].message == (
        "工作表「Sheet1」有数据，但找不到可识别的表头（标题和表头不符合任何已知报表）"
    )


def test_a_data_sheet_beside_a_recognised_one_is_reported(tmp_path):
    src = write_rows(
        tmp_path / "in" / "e.xlsx",
        [[TITLE], ["主管部门", "项目名称", "全年预算数", "自评得分"], ["沙湾市水利局", "河道治理", 80, 90]],
        extra_sheets={"附表": [["甲", "乙"], ["x", 1], ["y", 2]], "填表说明": [["按要求填写"]]},
    )
    _, report = loaded(tmp_path, src)
    assert report.exit_code == 1
    assert report.files[0].status == "部分识别"
    assert report.files[0].message == (
        "部分识别：工作表「附表」有数据但未识别，未加载；未识别的工作表已跳过：填表说明"
    )


def test_year_from_the_subtitle_the_year_column_the_sheet_name_and_the_file_name(tmp_path):
    head = ["主管部门", "项目名称", "全年预算数", "自评得分"]
    row = ["沙湾市水利局", "河道治理", 80, 90]
    subtitle = write_rows(
        tmp_path / "in" / "s.xlsx", [["项目支出绩效自评结果汇总表"], ["（2024年度）"], head, row]
    )
    column = write_rows(
        tmp_path / "in" / "c.xlsx", [["项目支出绩效自评结果汇总表"], ["年度", *head], [2023, *row]]
    )
    sheet = write_rows(tmp_path / "in" / "h.xlsx", [["项目支出绩效自评结果汇总表"], head, row], sheet="2022")
    named = write_rows(tmp_path / "in" / "自评2020.xlsx", [["项目支出绩效自评结果汇总表"], head, row])
    db, report = loaded(tmp_path, subtitle, column, sheet, named)
    assert report.exit_code == 0
    years = query(
        db,
        "SELECT regexp_extract(source_file, '[^/]+$'), fiscal_year, year_source FROM mart.project_self_eval ORDER BY 2",
    )
    assert years == [
        ("自评2020.xlsx", 2020, "文件名"),
        ("h.xlsx", 2022, "工作表名"),
        ("c.xlsx", 2023, "年度栏"),
        ("s.xlsx", 2024, "副标题"),
    ]
    by_name = {f.path.rsplit("/", 1)[-1]: f for f in report.files}
    assert "工作表「Sheet1」年度 2020 取自文件名，请核实" in by_name["自评2020.xlsx"].message


def test_the_deployments_region_is_said_and_a_given_region_is_recorded(tmp_path):
    rows = [
        ["项目支出绩效自评结果汇总表（2021年）"],
        ["主管部门", "项目名称", "全年预算数", "自评得分"],
        ["水利局", "河道", 80, 90],
    ]
    src = write_rows(tmp_path / "in" / "r.xlsx", rows)
    db, report = loaded(tmp_path, src)
    assert report.files[0].message == "文件未写明区划，按本级区划「沙湾市」加载 1 行"
    assert query(db, "SELECT region, region_source FROM mart.project_self_eval") == [("沙湾市", "本级区划")]
    db2 = tmp_path / "wh2.duckdb"
    report = load([src], db2, region="玛纳斯县")
    assert report.files[0].message == ""
    assert query(db2, "SELECT region, region_source FROM mart.project_self_eval") == [
        ("玛纳斯县", "指定区划")
    ]


def test_grade_spellings_become_four_levels_and_the_original_is_kept(tmp_path):
    src = write_rows(
        tmp_path / "in" / "g.xlsx",
        [
            [TITLE],
            ["主管部门", "项目名称", "全年预算数", "自评得分", "财政评分", "评价等级"],
            ["水利局", "甲", 10, 95, 95, "优秀"],
            ["水利局", "乙", 10, 85, 85, "良好"],
            ["水利局", "丙", 10, 75, 75, "中等"],
            ["水利局", "丁", 10, 55, 55, "较差"],
            ["水利局", "戊", 10, 55, 55, "特优"],
        ],
    )
    db, report = loaded(tmp_path, src)
    assert query(
        db, "SELECT project_name, grade, grade_text FROM mart.project_self_eval ORDER BY source_row"
    ) == [
        ("甲", "优", "优秀"),
        ("乙", "良", "良好"),
        ("丙", "中", "中等"),
        ("丁", "差", "较差"),
    ]
    [rejection] = report.files[0].rejections
    assert (rejection.row, rejection.column) == (7, "F")
    assert rejection.reason == "无法识别的等级：“特优”（应为 优/良/中/差 或 优秀/良好/中等/合格/较差 等）"


def test_a_conclusion_column_holding_grades_is_read_as_the_grade(tmp_path):
    src = write_rows(
        tmp_path / "in" / "k.xlsx",
        [
            [TITLE],
            ["主管部门", "项目名称", "全年预算数", "自评得分", "自评结论"],
            ["水利局", "甲", 10, 95, "优"],
        ],
    )
    db, report = loaded(tmp_path, src)
    assert query(db, "SELECT grade FROM mart.project_self_eval") == [("优",)]
    assert "E 列「自评结论」填的是等级（优/良/中/差），按等级读取" in report.files[0].message


def test_a_percent_header_makes_a_bare_rate_percent_points(tmp_path):
    # 1.2 under "执行率（%）" is 1.2%, not 120%, even though a bare 1.2 alone would look like a fraction
    src = write_rows(
        tmp_path / "in" / "p.xlsx",
        [
            [TITLE],
            ["主管部门", "项目名称", "全年预算数", "全年执行数", "执行率（%）", "自评得分"],
            ["水利局", "甲", 100, 98.5, 98.5, 95],
            ["水利局", "乙", 100, 1.2, 1.2, 60],
        ],
    )
    db, _ = loaded(tmp_path, src)
    assert query(db, "SELECT execution_rate_stated FROM mart.project_self_eval ORDER BY source_row") == [
        (Decimal("0.985000"),),
        (Decimal("0.012000"),),
    ]


def test_a_percent_header_over_percent_formatted_cells_keeps_their_fractions(tmp_path):
    src = write_rows(
        tmp_path / "in" / "p.xlsx",
        [
            [TITLE],
            ["主管部门", "项目名称", "全年预算数", "全年执行数", "执行率（%）", "自评得分"],
            ["水利局", "甲", 100, 98.5, 0.985, 95],
            ["水利局", "乙", 100, 50, 0.5, 60],
        ],
        percent_cells=["E3", "E4"],
    )
    db, _ = loaded(tmp_path, src)
    assert query(db, "SELECT execution_rate_stated FROM mart.project_self_eval ORDER BY source_row") == [
        (Decimal("0.985000"),),
        (Decimal("0.500000"),),
    ]


def test_codes_are_text_and_a_code_that_lost_digits_is_refused(tmp_path):
    src = write_rows(
        tmp_path / "in" / "q.xlsx",
        [
            [TITLE],
            ["主管部门", "项目编码", "项目名称", "全年预算数", "自评得分"],
            ["水利局", 6542000001, "甲", 10, 95],
            ["水利局", 6.54223000000001e20, "乙", 10, 95],
            ["水利局", "654223000000000012345", "丙", 10, 95],
        ],
    )
    db, report = loaded(tmp_path, src)
    assert query(db, "SELECT project_code FROM mart.project_self_eval ORDER BY source_row") == [
        ("6542000001",),
        ("654223000000000012345",),
    ]
    [rejection] = report.files[0].rejections
    assert (rejection.row, rejection.column) == (4, "B")
    assert rejection.reason == (
        "项目编码“654223000000001000000”以数字存储，超过 15 位的部分已被 Excel 截断；请将该列设为文本后重新填写"
    )


def test_evaluation_level_is_flagged_when_nothing_names_it(tmp_path):
    head = ["主管部门", "项目名称", "评价得分"]
    named = write_rows(
        tmp_path / "in" / "n.xlsx", [["2021年度绩效评价结果汇总表"], head, ["水利局", "甲", 88]]
    )
    by_sheet = write_rows(
        tmp_path / "in" / "s.xlsx",
        [["2021年度绩效评价结果汇总表"], head, ["水利局", "乙", 90]],
        sheet="部门评价",
    )
    by_column = write_rows(
        tmp_path / "in" / "c.xlsx",
        [["2021年度绩效评价结果汇总表"], [*head, "评价类型"], ["水利局", "丙", 91, "财政重点评价"]],
    )
    db, report = loaded(tmp_path, named, by_sheet, by_column)
    assert query(db, "SELECT project_name, level FROM mart.evaluation ORDER BY 1") == [
        ("丙", "财政评价"),
        ("乙", "部门评价"),
    ]
    [rejection] = next(f for f in report.files if f.path.endswith("n.xlsx")).rejections
    assert rejection.reason == "无法确定评价层级（部门评价/财政评价）：标题、评价层级列和工作表名均未写明"


def test_a_title_naming_the_level_is_not_read_as_a_group_above_the_score(tmp_path):
    # 「财政评价…汇总表」 above a plain 评价得分 once made it 财政评价得分 (a review score): no score, no kind
    head = ["主管部门", "项目编码", "项目名称", "全年预算数", "全年执行数", "评价得分"]
    merged = write_rows(
        tmp_path / "in" / "m.xlsx",
        [["2021年度财政重点绩效评价结果汇总表"], head, ["水利局", "P01", "甲", 100, 90, 88.5]],
        merges=["A1:F1"],
    )
    single = write_rows(
        tmp_path / "in" / "s.xlsx",
        [["2021年度财政评价结果汇总表"], head, ["林业局", "P02", "乙", 50, 50, 92]],
    )
    db, report = loaded(tmp_path, merged, single)
    assert [f.status for f in report.files] == ["已加载", "已加载"]
    assert query(db, "SELECT project_name, level, score FROM mart.evaluation ORDER BY 1") == [
        ("乙", "财政评价", Decimal("92.00")),
        ("甲", "财政评价", Decimal("88.50")),
    ]


def test_merged_and_blank_below_departments_fill_their_block_and_the_fill_is_recorded(tmp_path):
    src = write_rows(
        tmp_path / "in" / "m.xlsx",
        [
            [TITLE],
            ["序号", "主管部门", "项目名称", "全年预算数", "自评得分"],
            [1, "沙湾市教育局", "甲", 10, 95],
            [2, None, "乙", 20, 95],
            [None, "沙湾市教育局小计", None, 30, None],
            [3, "沙湾市水利局", "丙", 5, 95],
            [4, None, "丁", 6, 95],
            [None, "合计", None, 41, None],
        ],
        merges=["B6:B7"],
    )
    db, report = loaded(tmp_path, src)
    assert report.exit_code == 0
    assert query(db, "SELECT project_name, department FROM mart.project_self_eval ORDER BY source_row") == [
        ("甲", "沙湾市教育局"),
        ("乙", "沙湾市教育局"),
        ("丙", "沙湾市水利局"),
        ("丁", "沙湾市水利局"),
    ]
    assert "B 列（主管部门）向下填充 2 行（合并单元格 1 行，上方留空 1 行）" in report.files[0].message
    assert query(db, "SELECT count(*) FROM mart.problem WHERE rule_code = 'D12'") == [(0,)]


def test_a_subtotal_that_does_not_add_up_is_an_audit_finding(tmp_path):
    src = write_rows(
        tmp_path / "in" / "t.xlsx",
        [
            [TITLE],
            ["主管部门", "项目名称", "全年预算数", "全年执行数", "自评得分"],
            ["合计", None, 40, 30, None],
            ["沙湾市教育局", "甲", 10, 10, 95],
            ["沙湾市教育局", "乙", 20, 20, 95],
            ["沙湾市教育局小计", None, 31, 30, None],
        ],
    )
    db, _ = loaded(tmp_path, src)
    problems = query(db, "SELECT source_row, message FROM mart.problem WHERE rule_code = 'D12' ORDER BY 1, 2")
    assert problems == [
        (3, "合计（第 3 行）预算数 40 ≠ 第 4–5 行 2 行之和 30"),
        (6, "沙湾市教育局小计（第 6 行）预算数 31 ≠ 第 4–5 行 2 行之和 30"),
    ]


def test_data_rows_after_a_footer_are_loaded_not_dropped(tmp_path):
    src = write_rows(
        tmp_path / "in" / "f.xlsx",
        [
            [TITLE],
            ["主管部门", "项目名称", "全年预算数", "自评得分"],
            ["沙湾市教育局", "甲", 10, 95],
            ["注：金额单位为万元"],
            ["沙湾市教育局", "乙", 20, 95],
            ["填报人：张三"],
        ],
    )
    db, report = loaded(tmp_path, src)
    assert query(db, "SELECT project_name FROM mart.project_self_eval ORDER BY source_row") == [
        ("甲",),
        ("乙",),
    ]
    assert report.files[0].rows_rejected == 0


def test_a_corrected_workbook_loaded_later_wins_whatever_its_path_and_history_is_kept(tmp_path):
    def book(name, budget):
        return write_rows(
            tmp_path / "in" / name,
            [
                [TITLE],
                ["主管部门", "项目名称", "全年预算数", "全年执行数", "自评得分"],
                ["水利局", "河道", budget, 80, 90],
            ],
        )

    db = tmp_path / "wh.duckdb"
    load([book("z_原表.xlsx", 100)], db)
    # the correction's path sorts before the original: it still wins, because it was loaded later
    report = load([book("a_更正.xlsx", 120)], db)
    assert query(db, "SELECT budget, regexp_extract(source_file, '[^/]+$') FROM mart.project_self_eval") == [
        (Decimal("120.000000"), "a_更正.xlsx")
    ]
    assert report.updated_projects == 1
    assert report.files[0].message.endswith("1 个项目的数值被新文件更新")
    history = query(
        db,
        "SELECT project_name, field, old_value, new_value, regexp_extract(old_file, '[^/]+$'), "
        "regexp_extract(new_file, '[^/]+$') FROM mart.value_history",
    )
    assert history == [("河道", "budget", "100.000000", "120.000000", "z_原表.xlsx", "a_更正.xlsx")]


def _identity_rows(tmp_path, name, header, rows):
    return write_rows(tmp_path / "in" / name, [[TITLE], header, *rows])


def test_one_project_one_identity(tmp_path):
    head = ["主管部门", "预算单位", "项目编码", "项目名称", "全年预算数", "自评得分"]
    summary = _identity_rows(
        tmp_path,
        "汇总.xlsx",
        head,
        [
            ["水利局", "水利站", "6542000001", "河道治理", 100, 90],  # coded here, codeless in the other file
            ["水利局", "灌溉站", None, "设备购置", 10, 90],  # the same name in two units: two projects
            ["水利局", "水保站", None, "设备购置", 20, 90],
            ["水利局", "水利站", "6542000009", "饮水安全", 30, 90],
        ],
    )
    other = _identity_rows(
        tmp_path,
        "补充.xlsx",
        ["主管部门", "项目名称", "全年预算数", "全年执行数", "自评得分"],
        [
            ["水利局", "河道治理", 100, 95, 90],
            ["水利局", "6542000009-饮水安全", 30, 30, 90],  # a code written as the name's prefix
        ],
    )
    db, report = loaded(tmp_path, summary, other)
    assert report.exit_code == 0
    assert query(
        db,
        "SELECT project_code, unit, project_name, budget, executed, source_count FROM mart.project_self_eval "
        "ORDER BY project_name, unit",
    ) == [
        ("6542000001", "水利站", "河道治理", Decimal("100.000000"), Decimal("95.000000"), 2),
        (None, "水保站", "设备购置", Decimal("20.000000"), None, 1),
        (None, "灌溉站", "设备购置", Decimal("10.000000"), None, 1),
        ("6542000009", "水利站", "饮水安全", Decimal("30.000000"), Decimal("30.000000"), 2),
    ]
