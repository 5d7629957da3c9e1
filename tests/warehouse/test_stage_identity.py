"""One project, one identity, and the later load wins — in every stage, not only the self-assessment:
targets, monitoring, evaluations, ex-ante assessments and the department-level lists (README 口径)."""

from __future__ import annotations

from decimal import Decimal

import duckdb
from support.xlsx_builder import write_rows

from warehouse.pipeline import load

TARGETS = "沙湾市2022年度项目支出绩效目标汇总表"
MONITORING = "沙湾市2022年1-{month}月项目支出绩效运行监控汇总表"
TARGET_HEAD = ["主管部门", "预算单位", "项目编码", "项目名称", "预算金额", "三级指标数", "定量指标数"]
MONITORING_HEAD = [
    "主管部门",
    "预算单位",
    "项目编码",
    "项目名称",
    "调整后预算数",
    "到位资金",
    "执行数",
    "完成目标可能性",
]


def query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def book(tmp_path, name, title, header, rows):
    return write_rows(tmp_path / "in" / name, [[title], header, *rows])


def file_name(column):
    return f"regexp_extract({column}, '[^/]+$')"


# --- one project, one identity ---------------------------------------------------------------------------


def test_targets_one_identity_code_on_one_side_same_name_in_two_units_code_prefix(tmp_path):
    summary = book(
        tmp_path,
        "汇总.xlsx",
        TARGETS,
        TARGET_HEAD,
        [
            [
                "水利局",
                "水利站",
                "6542000001",
                "河道治理",
                100,
                10,
                8,
            ],  # coded here, codeless in the other file
            ["水利局", "灌溉站", None, "设备购置", 10, 5, 3],  # the same name in two units: two projects
            ["水利局", "水保站", None, "设备购置", 20, 6, 4],
            ["水利局", "水利站", "6542000009", "饮水安全", 30, 8, 8],
        ],
    )
    review = book(
        tmp_path,
        "审核.xlsx",
        TARGETS,
        ["主管部门", "项目名称", "预算金额", "自治区审核结果"],
        [
            ["水利局", "河道治理", 100, "合格"],
            ["水利局", "6542000009-饮水安全", 30, "不合格"],  # a code written as the name's prefix
        ],
    )
    db = tmp_path / "wh.duckdb"
    report = load([summary, review], db)
    assert report.exit_code == 0
    assert query(
        db,
        "SELECT project_code, project_name, budget, indicator_count, quantified_count, review_result, source_count "
        "FROM mart.performance_target ORDER BY project_name, budget",
    ) == [
        ("6542000001", "河道治理", Decimal("100.000000"), 10, 8, "合格", 2),
        (None, "设备购置", Decimal("10.000000"), 5, 3, None, 1),
        (None, "设备购置", Decimal("20.000000"), 6, 4, None, 1),
        ("6542000009", "饮水安全", Decimal("30.000000"), 8, 8, "不合格", 2),
    ]


def test_monitoring_one_identity_code_on_one_side_same_name_in_two_units_code_prefix(tmp_path):
    summary = book(
        tmp_path,
        "汇总.xlsx",
        MONITORING.format(month=5),
        MONITORING_HEAD,
        [
            [
                "水利局",
                "水利站",
                None,
                "河道治理",
                100,
                60,
                40,
                "确定能",
            ],  # codeless here, coded in the form list
            ["水利局", "灌溉站", None, "设备购置", 10, 10, 5, "确定能"],
            ["水利局", "水保站", None, "设备购置", 20, 20, 8, "有可能"],
            ["水利局", "水利站", None, "6542000009-饮水安全", 30, 30, 12, "确定能"],
        ],
    )
    coded = book(
        tmp_path,
        "补报.xlsx",
        MONITORING.format(month=5),
        ["主管部门", "项目编码", "项目名称", "调整后预算数", "执行数", "偏差原因"],
        [
            ["水利局", "6542000001", "河道治理", 100, 40, "工程款未到结算期"],
            ["水利局", "6542000009", "饮水安全", 30, 12, None],
        ],
    )
    db = tmp_path / "wh.duckdb"
    report = load([summary, coded], db)
    assert report.exit_code == 0
    assert query(
        db,
        "SELECT period_end_month, project_code, project_name, budget, funds_arrived, executed, "
        "completion_likelihood, deviation_reason, source_count FROM mart.monitoring ORDER BY project_name, budget",
    ) == [
        (5, "6542000001", "河道治理", Decimal("100.000000"), Decimal("60.000000"), Decimal("40.000000"),
         "确定能", "工程款未到结算期", 2),
        (5, None, "设备购置", Decimal("10.000000"), Decimal("10.000000"), Decimal("5.000000"), "确定能", None, 1),
        (5, None, "设备购置", Decimal("20.000000"), Decimal("20.000000"), Decimal("8.000000"), "有可能", None, 1),
        (5, "6542000009", "饮水安全", Decimal("30.000000"), Decimal("30.000000"), Decimal("12.000000"),
         "确定能", None, 2),
    ]  # fmt: skip


# --- later wins, history kept ----------------------------------------------------------------------------


def history(db):
    return query(
        db,
        f"SELECT stage, project_name, field, old_value, new_value, {file_name('old_file')}, "
        f"{file_name('new_file')} FROM mart.value_history ORDER BY stage, field",
    )


def test_a_corrected_target_list_loaded_later_wins_whatever_its_path_and_history_is_kept(tmp_path):
    def targets(name, budget, indicators, quantified):
        return book(
            tmp_path,
            name,
            TARGETS,
            TARGET_HEAD,
            [["水利局", "水利站", None, "河道治理", budget, indicators, quantified]],
        )

    db = tmp_path / "wh.duckdb"
    load([targets("z_原表.xlsx", 100, 10, 8)], db)
    # the correction's path sorts before the original: it still wins, because it was loaded later
    report = load([targets("a_更正.xlsx", 120, 12, 9)], db)
    assert query(
        db,
        f"SELECT budget, indicator_count, quantified_count, source_count, {file_name('source_file')} "
        "FROM mart.performance_target",
    ) == [(Decimal("120.000000"), 12, 9, 2, "a_更正.xlsx")]
    assert report.updated_projects == 1
    assert report.files[0].message.endswith("1 个项目的数值被新文件更新")
    assert history(db) == [
        ("绩效目标", "河道治理", "budget", "100.000000", "120.000000", "z_原表.xlsx", "a_更正.xlsx"),
        ("绩效目标", "河道治理", "indicator_count", "10", "12", "z_原表.xlsx", "a_更正.xlsx"),
        ("绩效目标", "河道治理", "quantified_count", "8", "9", "z_原表.xlsx", "a_更正.xlsx"),
    ]
    # D09 names the sources in load order: the one used first, the earlier after it
    new, old = report.files[0].path, str(tmp_path / "in" / "z_原表.xlsx")
    assert query(db, "SELECT source_file, message FROM mart.problem WHERE rule_code = 'D09'") == [
        (
            new,
            f"同一项目出现在 2 个来源中，预算数不一致，以最后加载的来源为准：{new}·Sheet1·第3行：预算 120；"
            f"其他来源（按加载由近及远）：{old}·Sheet1·第3行：预算 100",
        )
    ]


def test_a_corrected_monitoring_list_replaces_its_own_checkpoint_only(tmp_path):
    def monitoring(name, month, executed):
        return book(
            tmp_path,
            name,
            MONITORING.format(month=month),
            MONITORING_HEAD,
            [["水利局", "水利站", "6542000001", "河道治理", 100, 60, executed, "确定能"]],
        )

    db = tmp_path / "wh.duckdb"
    load([monitoring("z_1-5月.xlsx", 5, 40), monitoring("z_1-8月.xlsx", 8, 70)], db)
    report = load([monitoring("a_1-5月更正.xlsx", 5, 45)], db)
    assert query(
        db,
        f"SELECT period_end_month, executed, {file_name('source_file')} FROM mart.monitoring ORDER BY 1",
    ) == [
        (5, Decimal("45.000000"), "a_1-5月更正.xlsx"),
        (8, Decimal("70.000000"), "z_1-8月.xlsx"),
    ]
    assert report.updated_projects == 1
    assert report.files[0].message.endswith("1 个项目的数值被新文件更新")
    assert history(db) == [
        (
            "绩效监控（1-5月）",
            "河道治理",
            "executed",
            "40.000000",
            "45.000000",
            "z_1-5月.xlsx",
            "a_1-5月更正.xlsx",
        )
    ]


def test_an_exante_list_corrected_under_the_same_name_keeps_the_old_values(tmp_path):
    """An upload kept under its own name replaces the file in place: the old values are still history."""

    def exante(amount, conclusion):
        return book(
            tmp_path,
            "事前评估.xlsx",
            "沙湾市2022年度新增项目事前绩效评估结果汇总表",
            ["主管部门", "预算单位", "项目名称", "申请金额", "评估得分", "评估结论"],
            [
                ["水利局", "灌溉站", "设备购置", amount, 85, conclusion],
                [
                    "水利局",
                    "水保站",
                    "设备购置",
                    20,
                    70,
                    "不予支持",
                ],  # the same name in another unit: untouched
            ],
        )

    db = tmp_path / "wh.duckdb"
    load([exante(50, "予以支持")], db)
    report = load([exante(40, "调整完善后予以支持")], db)
    assert query(db, "SELECT amount, score, conclusion FROM mart.exante_assessment ORDER BY amount") == [
        (Decimal("20.000000"), Decimal("70.0000"), "不予支持"),
        (Decimal("40.000000"), Decimal("85.0000"), "调整完善后予以支持"),
    ]
    assert report.files[0].message.endswith("1 个项目的数值被新文件更新")
    assert history(db) == [
        ("事前绩效评估", "设备购置", "amount", "50.000000", "40.000000", "事前评估.xlsx", "事前评估.xlsx"),
        (
            "事前绩效评估",
            "设备购置",
            "conclusion",
            "予以支持",
            "调整完善后予以支持",
            "事前评估.xlsx",
            "事前评估.xlsx",
        ),
    ]


def test_a_department_target_corrected_later_is_counted_as_a_department(tmp_path):
    def targets(name, budget):
        return book(
            tmp_path,
            name,
            "沙湾市2022年度部门整体支出绩效目标汇总表",
            ["部门名称", "预算金额", "三级指标数", "定量指标数"],
            [["水利局", budget, 20, 15]],
        )

    db = tmp_path / "wh.duckdb"
    load([targets("z_原表.xlsx", 500)], db)
    report = load([targets("a_更正.xlsx", 520)], db)
    assert query(db, f"SELECT scope, budget, {file_name('source_file')} FROM mart.performance_target") == [
        ("部门整体", Decimal("520.000000"), "a_更正.xlsx")
    ]
    assert report.updated_projects == 1
    assert report.files[0].message.endswith("1 个部门的数值被新文件更新")
    assert history(db) == [
        ("部门整体绩效目标", None, "budget", "500.000000", "520.000000", "z_原表.xlsx", "a_更正.xlsx")
    ]


def test_evaluations_adopt_the_code_within_a_level_and_keep_levels_apart(tmp_path):
    def evaluation(name, title, code, score):
        return book(
            tmp_path,
            name,
            title,
            ["主管部门", "项目编码", "项目名称", "全年预算数", "全年执行数", "评价得分", "财政评分"],
            [["水利局", code, "河道治理", 100, 90, score, None]],
        )

    db = tmp_path / "wh.duckdb"
    report = load(
        [
            evaluation("部门评价.xlsx", "沙湾市2021年度项目支出部门评价结果汇总表", "6542000001", 88),
            evaluation("部门评价补报.xlsx", "沙湾市2021年度项目支出部门评价结果汇总表", None, 88),
            evaluation("财政评价.xlsx", "沙湾市2021年度财政重点绩效评价结果汇总表", None, 82),
        ],
        db,
    )
    assert report.exit_code == 0
    assert query(
        db,
        "SELECT level, project_code, project_name, score, source_count FROM mart.evaluation ORDER BY level",
    ) == [
        ("财政评价", "6542000001", "河道治理", Decimal("82.0000"), 1),
        ("部门评价", "6542000001", "河道治理", Decimal("88.0000"), 2),
    ]
