import copy
from decimal import Decimal
from pathlib import Path

import pytest

from etl.forms.base import FormResult
from etl.forms.self_eval_form import KIND, looks_like_self_eval_form, parse_self_eval_form
from etl.workbook import Sheet, read_workbook
from samplegen.self_eval_form import LAYOUTS, example_projects, write_self_eval_forms
from samplegen.writer import Col, write_result_list

D = Decimal


def _item(level1, level2, level3, target=None, actual=None, weight=None, score=None, reason=None):
    return {
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "target": target,
        "actual": actual,
        "weight": weight,
        "score": score,
        "deviation_reason": reason,
    }


PROJECT = {
    "department": "沙湾市教育局",
    "department_code": "219001",
    "unit": "沙湾市第一中学",
    "project_name": "2021年学生营养餐补助",
    "project_code": "51000021R000000019951",
    "year": 2021,
    "budget_initial": D("120.5"),
    "budget": D("123.456789"),  # 1234567.89 元: amounts must survive to the fen
    "executed": D("110.123456"),
    "self_score": D("96.92"),
    "goal_expected": "保障全校学生营养餐供应，受益学生不少于500人。",
    "goal_actual": "全年供餐正常，受益学生520人。",
    "indicators": [
        _item("产出指标", "数量指标", "指标1：受益学生人数", "≥500人", "520人", D(20), D(20)),
        _item("产出指标", "数量指标", "指标2："),
        _item("产出指标", "质量指标", "餐食抽检合格率", "100%", "100%", D(15), D(15)),
        _item("产出指标", "时效指标", "资金拨付时间", "12月底前", "12月底前", D(15), D(15)),
        _item("效益指标", "经济效益指标", None),
        _item(
            "效益指标",
            "社会效益指标",
            "学生营养状况",
            "有效改善",
            "有效改善",
            D(30),
            D(28),
            "部分学校供餐品种偏少",
        ),
        _item("满意度指标", "服务对象满意度指标", "家长满意度", "≥90%", "93%", D(10), D(10)),
        _item("满意度指标", "服务对象满意度指标", "……"),
    ],
}

LEVELS = [
    ("产出指标", "数量指标", "受益学生人数"),
    ("产出指标", "质量指标", "餐食抽检合格率"),
    ("产出指标", "时效指标", "资金拨付时间"),
    ("效益指标", "社会效益指标", "学生营养状况"),
    ("满意度指标", "服务对象满意度指标", "家长满意度"),
]
# (operator, target_value, unit, actual_value, weight, score, is_quantified) per indicator
NUMBERS = [
    ("≥", D(500), "人", D(520), D(20), D(20), True),
    (None, D(100), "%", D(100), D(15), D(15), True),
    ("≤", D(12), "月", D(12), D(15), D(15), True),
    (None, None, None, None, D(30), D(28), False),
    ("≥", D(90), "%", D(93), D(10), D(10), True),
]


def _forms(tmp_path: Path, layout: str, projects: list[dict]) -> list[Sheet]:
    path = write_self_eval_forms(tmp_path / f"{layout}.xlsx", projects, layout=layout)
    return read_workbook(path)


def _parse(tmp_path: Path, layout: str, project: dict | None = None) -> FormResult:
    (sheet,) = _forms(tmp_path, layout, [project or PROJECT])
    return parse_self_eval_form(sheet)


def _numbers(result: FormResult) -> list[tuple]:
    return [
        (
            i["operator"],
            i["target_value"],
            i["unit"],
            i["actual_value"],
            i["weight"],
            i["score"],
            i["is_quantified"],
        )
        for i in result.indicators
    ]


# --- recognition ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_recognised_as_a_form(tmp_path, layout):
    (sheet,) = _forms(tmp_path, layout, [PROJECT])
    assert looks_like_self_eval_form(sheet)
    assert parse_self_eval_form(sheet).kind == KIND == "project_self_eval_form"


def test_summary_list_is_not_recognised_as_a_form(tmp_path):
    path = tmp_path / "汇总.xlsx"
    columns = [
        Col("seq", "序号", kind="int"),
        Col("department", "主管部门"),
        Col("project_name", "项目名称"),
        Col("budget", "全年预算数", kind="money", total=True),
        Col("self_score", "自评得分", kind="score"),
    ]
    rows = [
        {
            "seq": 1,
            "department": "沙湾市教育局",
            "project_name": "学生营养餐补助",
            "budget": D("12.5"),
            "self_score": D(95),
        }
    ]
    write_result_list(
        path,
        title="沙湾市2021年度项目支出绩效自评表汇总表",
        filler="填报单位：沙湾市财政局",
        unit_note="单位：万元",
        columns=columns,
        rows=rows,
        footer="填报人：",
        sheet_name="汇总",
    )
    (sheet,) = read_workbook(path)
    assert not looks_like_self_eval_form(sheet)


@pytest.mark.parametrize("title", ["项目支出绩效自评表（汇总）", "部门整体支出绩效自评表"])
def test_summary_or_department_titles_are_not_recognised_even_with_indicator_headers(title):
    sheet = Sheet(
        "表1",
        [
            [title],
            ["项目名称", "学生营养餐补助"],
            ["一级指标", "二级指标", "三级指标", "年度指标值"],
            ["产出指标", "数量指标", "受益学生人数", "≥500人"],
        ],
    )
    assert not looks_like_self_eval_form(sheet)


def test_sheet_without_project_name_gives_a_rejection_not_a_crash():
    result = parse_self_eval_form(Sheet("封面", [["项目支出绩效自评表"], ["说明"]]))
    assert result.project == {} and result.indicators == []
    assert [(r.sheet, r.field) for r in result.rejections] == [("封面", "project_name")]


# --- national layout --------------------------------------------------------------------------------------


def test_national_project_header_is_read_by_label(tmp_path):
    project = _parse(tmp_path, "national").project
    assert project["fiscal_year"] == 2021
    assert project["department"] == "沙湾市教育局"
    assert project["unit"] == "沙湾市第一中学"
    assert project["project_name"] == "2021年学生营养餐补助"
    assert project["project_code"] is None
    assert project["source_row"] == 3
    assert project["goal_expected"] == PROJECT["goal_expected"]
    assert project["goal_actual"] == PROJECT["goal_actual"]


def test_national_amounts_are_exact_wan(tmp_path):
    result = _parse(tmp_path, "national")
    project = result.project
    assert project["amount_unit"] == "万元"
    assert (project["budget_initial"], project["budget"], project["executed"]) == (
        D("120.5"),
        D("123.456789"),
        D("110.123456"),
    )
    assert project["execution_rate_stated"] == D("0.892")
    assert project["execution_score"] == D("8.92")
    assert result.rejections == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_total_score_comes_from_the_total_row(tmp_path, layout):
    assert _parse(tmp_path, layout).project["self_score"] == D("96.92")


def test_national_indicators_are_read_with_merged_levels_filled(tmp_path):
    result = _parse(tmp_path, "national")
    assert [(i["level1"], i["level2"], i["level3"]) for i in result.indicators] == LEVELS
    assert [i["target_text"] for i in result.indicators] == ["≥500人", "100%", "12月底前", "有效改善", "≥90%"]
    assert [i["actual_text"] for i in result.indicators] == ["520人", "100%", "12月底前", "有效改善", "93%"]
    assert _numbers(result) == NUMBERS
    assert [i["source_row"] for i in result.indicators] == [13, 15, 16, 18, 19]
    assert {i["stage"] for i in result.indicators} == {"自评"}
    assert [i["deviation_reason"] for i in result.indicators] == [
        None,
        None,
        None,
        "部分学校供餐品种偏少",
        None,
    ]
    assert all(i["level1_weight"] is None for i in result.indicators)


def test_levels_forward_fill_from_the_row_above_without_merges(tmp_path):
    (sheet,) = _forms(tmp_path, "national", [PROJECT])
    unmerged = Sheet(sheet.name, sheet.rows, merged=[])
    result = parse_self_eval_form(unmerged)
    assert [(i["level1"], i["level2"], i["level3"]) for i in result.indicators] == LEVELS


@pytest.mark.parametrize("layout", LAYOUTS)
def test_placeholder_template_rows_are_skipped_and_counted(tmp_path, layout):
    result = _parse(tmp_path, layout)
    # "指标2：", the 经济效益指标 line without indicators and "……"
    assert result.skipped_template_rows == 3
    assert len(result.indicators) == 5
    first = result.indicators[0]
    assert (first["level3"], first["level3_raw"]) == ("受益学生人数", "指标1：受益学生人数")


# --- national variant: 元, （A）/（B）, weights in 一级 labels, coded 主管部门 ---------------------------------


def test_yuan_amounts_are_converted_to_wan_to_the_fen(tmp_path):
    project = _parse(tmp_path, "national_variant").project
    assert project["amount_unit"] == "元"
    assert project["budget_initial"] == D("120.5")
    assert project["budget"] == D("123.456789")
    assert project["executed"] == D("110.123456")
    assert project["execution_rate_stated"] == D("0.892")


def test_weights_in_level1_labels_are_read(tmp_path):
    result = _parse(tmp_path, "national_variant")
    assert [(i["level1"], i["level1_weight"]) for i in result.indicators] == [
        ("产出指标", D(50)),
        ("产出指标", D(50)),
        ("产出指标", D(50)),
        ("效益指标", D(30)),
        ("满意度指标", D(10)),
    ]


def test_code_prefixed_department_is_normalised(tmp_path):
    (sheet,) = _forms(tmp_path, "national_variant", [PROJECT])
    assert any(cell == "219001-沙湾市教育局" for row in sheet.rows for cell in row)
    assert parse_self_eval_form(sheet).project["department"] == "沙湾市教育局"


def test_lettered_headers_are_understood(tmp_path):
    result = _parse(tmp_path, "national_variant")
    assert [(i["level1"], i["level2"], i["level3"]) for i in result.indicators] == LEVELS
    assert _numbers(result) == NUMBERS
    assert result.rejections == []


# --- Sichuan -----------------------------------------------------------------------------------------------


def test_sichuan_operator_value_and_unit_cells_are_combined(tmp_path):
    result = _parse(tmp_path, "sichuan")
    assert [(i["level1"], i["level2"], i["level3"]) for i in result.indicators] == LEVELS
    expected = [list(row) for row in NUMBERS]
    expected[1][0] = "="  # the 指标性质 cell states "=" where the national form just says "100%"
    assert _numbers(result) == [tuple(row) for row in expected]
    assert [i["target_text"] for i in result.indicators] == ["500", "100", "12", "有效改善", "90"]
    assert result.rejections == []


def test_sichuan_project_code_is_split_from_the_name(tmp_path):
    project = _parse(tmp_path, "sichuan").project
    assert project["project_code"] == "51000021R000000019951"
    assert project["project_name"] == "2021年学生营养餐补助"
    assert project["fiscal_year"] == 2021
    assert project["department"] == "沙湾市教育局"


def test_sichuan_fund_block_with_adjusted_budget_and_percent_text(tmp_path):
    project = _parse(tmp_path, "sichuan").project
    assert (project["budget_initial"], project["budget"], project["executed"]) == (
        D("120.5"),
        D("123.456789"),
        D("110.123456"),
    )
    assert project["execution_rate_stated"] == D("0.892")
    assert project["execution_score"] == D("8.92")
    assert project["amount_unit"] == "万元"


# --- workbooks with many forms ------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_multi_sheet_workbook_gives_one_form_per_sheet(tmp_path, layout):
    projects = example_projects(3, seed=11)
    sheets = _forms(tmp_path, layout, projects)
    assert len(sheets) == 3
    for sheet, project in zip(sheets, projects, strict=True):
        assert looks_like_self_eval_form(sheet)
        result = parse_self_eval_form(sheet)
        assert result.rejections == []
        assert result.project["project_name"] == project["project_name"]
        assert result.project["budget"] == project["budget"]
        assert result.project["executed"] == project["executed"]
        assert result.project["self_score"] == project["self_score"]
        real = [i for i in project["indicators"] if i["target"] is not None]
        assert [(i["level3"], i["weight"], i["score"]) for i in result.indicators] == [
            (i["level3"], i["weight"], i["score"]) for i in real
        ]
        assert result.skipped_template_rows == len(project["indicators"]) - len(real)


# --- bad cells ------------------------------------------------------------------------------------------------


def test_unreadable_amount_becomes_a_rejection_and_the_rest_loads(tmp_path):
    project = {**PROJECT, "executed": "12,3a", "execution_rate": D("0.892"), "execution_score": D("8.92")}
    result = _parse(tmp_path, "national", project)
    (rejection,) = result.rejections
    assert (rejection.sheet, rejection.row, rejection.column, rejection.field) == (
        "1-2021年学生营养餐补助",
        6,
        "F",
        "executed",
    )
    assert rejection.reason == "全年执行数：无法识别的数字：“12,3a”"
    assert rejection.raw == {"全年执行数": "12,3a"}
    assert result.project["executed"] is None
    assert result.project["budget"] == D("123.456789")
    assert len(result.indicators) == 5
    assert result.project["self_score"] == D("96.92")


def test_unreadable_indicator_score_rejects_only_that_row(tmp_path):
    project = copy.deepcopy(PROJECT)
    project["indicators"][2]["score"] = "1 5分x"
    result = _parse(tmp_path, "national", project)
    (rejection,) = result.rejections
    assert (rejection.row, rejection.column, rejection.field) == (15, "H", "score")
    assert rejection.reason == "得分：无法识别的数字：“1 5分x”"
    assert rejection.raw["三级指标"] == "餐食抽检合格率"
    assert [i["level3"] for i in result.indicators] == [
        "受益学生人数",
        "资金拨付时间",
        "学生营养状况",
        "家长满意度",
    ]


def test_conflicting_money_units_are_flagged():
    sheet = Sheet(
        "表",
        [
            ["项目支出绩效自评表"],
            ["（2021年度）", None, None, None, "单位：元"],
            ["项目名称", "学生营养餐补助"],
            ["项目资金（万元）", None, "年初预算数", "全年预算数", "全年执行数"],
            [None, "年度资金总额", 10000.0, 20000.0, 15000.0],
            [None, "一级指标", "二级指标", "三级指标", "年度指标值"],
        ],
    )
    result = parse_self_eval_form(sheet)
    assert result.project["budget"] == D(2)
    assert [(r.row, r.column, r.field) for r in result.rejections] == [(2, "E", "amount_unit")]


# --- the writer ---------------------------------------------------------------------------------------------


def test_writer_output_is_byte_for_byte_deterministic(tmp_path):
    first = write_self_eval_forms(tmp_path / "a.xlsx", example_projects(2, seed=3), layout="sichuan")
    second = write_self_eval_forms(tmp_path / "b.xlsx", example_projects(2, seed=3), layout="sichuan")
    assert first.read_bytes() == second.read_bytes()


def test_unknown_layout_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown layout"):
        write_self_eval_forms(tmp_path / "x.xlsx", [PROJECT], layout="hubei")


def test_example_projects_look_like_real_forms():
    projects = example_projects(12, seed=2021)
    assert projects == example_projects(12, seed=2021)
    assert projects != example_projects(12, seed=2022)
    for project in projects:
        real = [i for i in project["indicators"] if i["target"] is not None]
        assert 6 <= len(real) <= 12
        weights: dict[str, Decimal] = {}
        for item in real:
            weights[item["level1"]] = weights.get(item["level1"], D(0)) + item["weight"]
            assert D(0) <= item["score"] <= item["weight"]
        assert weights == {"产出指标": D(50), "效益指标": D(30), "满意度指标": D(10)}
        assert any(i["level2"] == "经济效益指标" and i["level3"] is None for i in project["indicators"])
        assert project["budget"] >= project["executed"] > 0
        assert project["self_score"] <= 100
    targets = [i["target"] for p in projects for i in p["indicators"] if i["target"]]
    assert any(t.startswith("≥") for t in targets) and "100%" in targets and "12月底前" in targets
    assert "有效改善" in targets
    stubs = [i["level3"] for p in projects for i in p["indicators"] if i["target"] is None]
    assert any(s and s.startswith("指标") for s in stubs) and "……" in stubs
