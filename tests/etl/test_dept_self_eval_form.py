import copy
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from support.form_corpus import other_form_sheets

from etl.forms.base import FormResult
from etl.forms.dept_self_eval_form import KIND, looks_like_dept_self_eval_form, parse_dept_self_eval_form
from etl.forms.registry import FORMS
from etl.records import Rejection
from etl.workbook import Sheet, read_workbook
from samplegen.dept_self_eval_form import (
    HUNAN_FRAMEWORK,
    LAYOUTS,
    example_departments,
    self_score,
    write_dept_self_eval_forms,
)
from samplegen.writer import Col, write_result_list

D = Decimal
SHEET = "1.沙湾市教育局"


def _ind(name, unit, nature, initial, adjusted, actual, factor, weight, score, core):
    return {
        "name": name,
        "unit": unit,
        "nature": nature,
        "initial_target": initial,
        "target": adjusted,
        "actual": actual,
        "score_factor": factor,
        "weight": weight,
        "score": score,
        "is_core": core,
    }


def _scoring() -> list[dict]:
    """The Hunan framework fully scored except two items."""
    lost = {
        "预算调整率": (D(1), "年中追加预算较多，预算调整率偏高"),
        "服务对象满意度": (D("0.5"), "满意度调查样本偏少"),
    }
    items = []
    for level1, level2, level3, weight, criteria in HUNAN_FRAMEWORK:
        minus, reason = lost.get(level3, (D(0), None))
        items.append(
            {
                "level1": level1,
                "level2": level2,
                "level3": level3,
                "criteria": criteria,
                "weight": D(weight),
                "score": D(weight) - minus,
                "deduction": reason,
            }
        )
    return items


DEPT = {
    "department": "沙湾市教育局",
    "department_code": "219014",
    "year": 2021,
    "finance_office": "教科文科",
    "contact": "王丽娟",
    "phone": "0993-6012345",
    "budget_initial": D("145683.48"),
    "budget": D("152310.25"),
    "executed": D("149785.61"),
    "execution_weight": D(10),
    "goal_initial": "保障全市义务教育学校正常运转。",
    "goal_adjusted": "保障全市义务教育学校正常运转，完成校舍维修改造。",
    "goal_actual": "全市义务教育学校运转正常，校舍维修改造全部完工。",
    "indicators": [
        _ind("财政供养人员控制率", "%", "≤", "100", "100", "98.6", D(1), D(5), D("5.00"), "否"),
        _ind("“三公”经费变动率", "%", "≤", "0", "0", "-3.5", D(1), D(5), D("5.00"), "否"),
        _ind("预算调整率", "%", "≤", "10", None, "4.55", D(1), D(5), D("5.00"), "否"),
        _ind("管理制度健全性", None, "定性", "健全", "健全", "基本健全", D("0.9"), D(5), D("4.50"), "否"),
        _ind("义务教育巩固率", "%", "≥", "95", "96", "97.8", D(1), D(40), D("40.00"), "是"),
        _ind("服务对象满意度", "%", "定量指标", "≥90%", "≥90%", "93%", D("0.95"), D(30), D("28.50"), "是"),
    ],
    "scoring": _scoring(),
}
# (level3, unit, operator, target_text, target_value, initial_target_text, actual_text, actual_value,
#  score_factor, weight, score, is_core, is_quantified)
EXPECTED_CHONGQING = [
    ("财政供养人员控制率", "%", "≤", "100", D(100), "100", "98.6", D("98.6"), D(1), D(5), D(5), False, True),
    ("“三公”经费变动率", "%", "≤", "0", D(0), "0", "-3.5", D("-3.5"), D(1), D(5), D(5), False, True),
    ("预算调整率", "%", "≤", "10", D(10), "10", "4.55", D("4.55"), D(1), D(5), D(5), False, True),
    (
        "管理制度健全性",
        None,
        None,
        "健全",
        None,
        "健全",
        "基本健全",
        None,
        D("0.9"),
        D(5),
        D("4.5"),
        False,
        False,
    ),
    ("义务教育巩固率", "%", "≥", "96", D(96), "95", "97.8", D("97.8"), D(1), D(40), D(40), True, True),
    (
        "服务对象满意度",
        "%",
        "≥",
        "≥90%",
        D(90),
        "≥90%",
        "93%",
        D(93),
        D("0.95"),
        D(30),
        D("28.5"),
        True,
        True,
    ),
]


def _write(tmp_path: Path, departments: list[dict], layout: str = "chongqing", **kw) -> Path:
    return write_dept_self_eval_forms(tmp_path / f"部门整体自评_{layout}.xlsx", departments, layout, **kw)


def _parse(tmp_path: Path, layout: str = "chongqing", department: dict = DEPT, **kw) -> FormResult:
    (sheet,) = read_workbook(_write(tmp_path, [department], layout, **kw))
    assert looks_like_dept_self_eval_form(sheet)
    return parse_dept_self_eval_form(sheet)


def _edit_cell(path: Path, ref: str, value: object, sheet_index: int = 0) -> None:
    book = openpyxl.load_workbook(path)
    book.worksheets[sheet_index][ref] = value
    book.save(path)


def _chongqing_rows(result: FormResult) -> list[tuple]:
    return [
        (
            i["level3"],
            i["unit"],
            i["operator"],
            i["target_text"],
            i["target_value"],
            i["initial_target_text"],
            i["actual_text"],
            i["actual_value"],
            i["score_factor"],
            i["weight"],
            i["score"],
            i["is_core"],
            i["is_quantified"],
        )
        for i in result.indicators
    ]


# ---------------------------------------------------------------------------------------------------------
# Chongqing layout


def test_chongqing_head_names_the_department_and_its_self_score(tmp_path):
    result = _parse(tmp_path)
    assert result.kind == KIND == "dept_self_eval_form"
    project = result.project
    assert project["fiscal_year"] == 2021
    assert (project["department"], project["department_code"]) == ("沙湾市教育局", "219014")
    assert project["finance_office"] == "教科文科"
    # 执行率得分 9.83 + 指标得分 5 + 5 + 5 + 4.5 + 40 + 28.5
    assert project["self_score"] == D("97.83")
    assert project["source_row"] == 3
    assert result.rejections == []


def test_chongqing_budget_execution_block_to_the_fen(tmp_path):
    project = _parse(tmp_path).project
    assert project["budget_initial"] == D("145683.48")
    assert project["budget"] == D("152310.25")
    assert project["executed"] == D("149785.61")
    assert project["execution_rate_stated"] == D("0.9834")  # written as 98.34 under 执行率（%）
    assert (project["execution_weight"], project["execution_score"]) == (D(10), D("9.83"))
    assert project["amount_unit"] == "万元"


def test_chongqing_amounts_stated_in_yuan_come_back_in_wan_to_the_fen(tmp_path):
    department = {
        **DEPT,
        "budget_initial": D("145683.481234"),
        "budget": D("152310.253456"),
        "executed": D("149785.617891"),
    }
    project = _parse(tmp_path, department=department, amount_unit="元").project
    assert project["amount_unit"] == "元"
    assert project["budget_initial"] == D("145683.481234")  # 1,456,834,812.34 元
    assert project["budget"] == D("152310.253456")
    assert project["executed"] == D("149785.617891")


def test_chongqing_goal_texts_take_the_adjusted_goal(tmp_path):
    project = _parse(tmp_path).project
    assert project["goal_expected"] == "保障全市义务教育学校正常运转，完成校舍维修改造。"
    assert project["goal_actual"] == "全市义务教育学校运转正常，校舍维修改造全部完工。"


def test_chongqing_flat_indicators_with_nature_targets_factors_and_core_flags(tmp_path):
    result = _parse(tmp_path)
    assert _chongqing_rows(result) == EXPECTED_CHONGQING
    assert {i["stage"] for i in result.indicators} == {"自评"}
    assert {i["level1"] for i in result.indicators} == {None}
    # title, subtitle, head (2), execution (2), goals (2) and the header fill rows 1–9
    assert [i["source_row"] for i in result.indicators] == [10, 11, 12, 13, 14, 15]
    assert sum(i["weight"] for i in result.indicators) == 90
    assert result.skipped_template_rows == 0


# ---------------------------------------------------------------------------------------------------------
# Hunan-style scoring layout


def test_hunan_scoring_sheet_reads_department_total_and_yuan_amounts(tmp_path):
    department = {**DEPT, "budget_initial": D("145683.481234"), "executed": D("149785.617891")}
    result = _parse(tmp_path, "hunan", department)
    project = result.project
    assert result.rejections == []
    assert (project["fiscal_year"], project["department"], project["department_code"]) == (
        2021,
        "沙湾市教育局",
        None,
    )
    assert project["amount_unit"] == "元"
    assert project["budget_initial"] == D("145683.481234")
    assert project["budget"] == D("152310.25")
    assert project["executed"] == D("149785.617891")
    assert project["execution_rate_stated"] == D("0.9834")
    assert project["execution_weight"] is None and project["execution_score"] is None
    assert project["self_score"] == D("98.5")  # the 总分 row: 100 − 1 − 0.5
    assert project["source_row"] == 2


def test_hunan_scoring_items_carry_levels_weights_and_reasons(tmp_path):
    result = _parse(tmp_path, "hunan")
    items = result.indicators
    assert len(items) == len(HUNAN_FRAMEWORK) == 21
    first = items[0]
    assert (first["level1"], first["level1_weight"], first["level2"], first["level2_weight"]) == (
        "投入",
        D(15),
        "预算配置",
        D(15),
    )
    assert (first["level3"], first["weight"], first["score"], first["source_row"]) == (
        "财政供养人员控制率",
        D(5),
        D(5),
        6,
    )
    assert first["criteria"] == "在编人数控制在核定编制内计5分，超编不得分"
    assert (first["target_text"], first["is_quantified"], first["stage"]) == (None, False, "自评")
    by_name = {i["level3"]: i for i in items}
    assert (by_name["预算调整率"]["score"], by_name["预算调整率"]["deviation_reason"]) == (
        D(2),
        "年中追加预算较多，预算调整率偏高",
    )
    assert by_name["服务对象满意度"]["level2"] == "社会公众或服务对象满意度"
    weights: dict[str, Decimal] = {}
    for item in items:
        weights[item["level1"]] = weights.get(item["level1"], D(0)) + item["weight"]
        assert item["level1_weight"] is not None
    assert weights == {"投入": 15, "过程": 40, "产出": 25, "效果": 20}
    assert sum(i["score"] for i in items) == result.project["self_score"]


# ---------------------------------------------------------------------------------------------------------
# many departments, determinism


@pytest.mark.parametrize("layout", LAYOUTS)
def test_multi_sheet_workbook_gives_one_department_per_sheet(tmp_path, layout):
    departments = example_departments(6, seed=7)
    sheets = read_workbook(_write(tmp_path, departments, layout))
    assert len(sheets) == 6
    for sheet, department in zip(sheets, departments, strict=True):
        assert looks_like_dept_self_eval_form(sheet)
        result = parse_dept_self_eval_form(sheet)
        assert result.rejections == []
        project = result.project
        assert project["department"] == department["department"]
        assert (project["budget_initial"], project["budget"], project["executed"]) == (
            department["budget_initial"],
            department["budget"],
            department["executed"],
        )
        assert project["self_score"] == self_score(department, layout)
        items = department["indicators"] if layout == "chongqing" else department["scoring"]
        assert [i["level3"] for i in result.indicators] == [i.get("name") or i.get("level3") for i in items]
        assert [i["score"] for i in result.indicators] == [i["score"] for i in items]


def test_example_departments_weigh_indicators_to_ninety_points():
    for department in example_departments(20, seed=3):
        assert sum(i["weight"] for i in department["indicators"]) == 90
        assert sum(i["weight"] for i in department["scoring"]) == 100
        assert department["budget_initial"] <= department["budget"]
        assert department["executed"] <= department["budget"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_writer_gives_the_same_bytes_every_time(tmp_path, layout):
    departments = example_departments(3, seed=1)
    first = write_dept_self_eval_forms(tmp_path / "a.xlsx", departments, layout).read_bytes()
    assert write_dept_self_eval_forms(tmp_path / "b.xlsx", departments, layout).read_bytes() == first


# ---------------------------------------------------------------------------------------------------------
# bad cells


def test_unreadable_executed_amount_is_rejected_and_the_rest_loads(tmp_path):
    path = _write(tmp_path, [DEPT])
    _edit_cell(path, "F6", "约十五万")  # 全年执行数, merged F6:G6
    result = parse_dept_self_eval_form(read_workbook(path)[0])
    (bad,) = result.rejections
    assert bad == Rejection(
        SHEET,
        6,
        "F",
        "executed",
        "全年执行数：无法识别的数字：“约十五万”",
        {
            "年初预算数": "145683.48",
            "全年（调整）预算数": "152310.25",
            "全年执行数": "约十五万",
            "执行率（%）": "98.34",
            "执行率权重": "10",
            "执行率得分（分）": "9.83",
        },
    )
    project = result.project
    assert project["executed"] is None
    assert (project["budget_initial"], project["budget"]) == (D("145683.48"), D("152310.25"))
    assert project["self_score"] == D("97.83")
    assert _chongqing_rows(result) == EXPECTED_CHONGQING


def test_unreadable_indicator_weight_rejects_that_row_only(tmp_path):
    path = _write(tmp_path, [DEPT])
    _edit_cell(path, "H11", "五分")  # 指标权重 of “三公”经费变动率
    result = parse_dept_self_eval_form(read_workbook(path)[0])
    (bad,) = result.rejections
    assert (bad.sheet, bad.row, bad.column, bad.field) == (SHEET, 11, "H", "weight")
    assert bad.reason == "指标权重（分）：无法识别的数字：“五分”"
    assert bad.raw["指标名称"] == "“三公”经费变动率"
    assert _chongqing_rows(result) == [EXPECTED_CHONGQING[0], *EXPECTED_CHONGQING[2:]]


def test_unreadable_self_score_is_rejected(tmp_path):
    path = _write(tmp_path, [DEPT])
    _edit_cell(path, "B4", "九十七")
    result = parse_dept_self_eval_form(read_workbook(path)[0])
    (bad,) = result.rejections
    assert (bad.row, bad.column, bad.field, bad.reason) == (
        4,
        "B",
        "self_score",
        "自评总分：无法识别的数字：“九十七”",
    )
    assert result.project["self_score"] is None
    assert result.project["budget"] == D("152310.25")
    assert len(result.indicators) == 6


def test_hunan_unreadable_item_score_is_rejected_and_the_total_still_reads(tmp_path):
    path = _write(tmp_path, [DEPT], "hunan")
    _edit_cell(path, "F9", "两分")  # 自评得分 of 预算调整率 (the fourth item, row 9)
    result = parse_dept_self_eval_form(read_workbook(path)[0])
    (bad,) = result.rejections
    assert (bad.sheet, bad.row, bad.column, bad.field, bad.reason) == (
        SHEET,
        9,
        "F",
        "score",
        "自评得分：无法识别的数字：“两分”",
    )
    assert bad.raw["三级指标"] == "预算调整率"
    assert len(result.indicators) == 20
    assert "预算调整率" not in {i["level3"] for i in result.indicators}
    assert result.project["self_score"] == D("98.5")


# ---------------------------------------------------------------------------------------------------------
# recognition


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sheet_without_title_is_recognised_by_its_labels(tmp_path, layout):
    path = _write(tmp_path, [DEPT], layout)
    _edit_cell(path, "A1", None)
    (sheet,) = read_workbook(path)
    assert looks_like_dept_self_eval_form(sheet)
    assert parse_dept_self_eval_form(sheet).project["department"] == "沙湾市教育局"


def test_chongqing_form_is_not_claimed_by_any_other_form(tmp_path):
    for layout in LAYOUTS:
        for sheet in read_workbook(_write(tmp_path, [DEPT], layout)):
            assert not any(
                form.looks_like(sheet) for form in FORMS if form.parse is not parse_dept_self_eval_form
            )


def _other_forms(tmp_path: Path) -> list[Sheet]:
    return other_form_sheets(tmp_path, "dept_self_eval")


def test_other_forms_are_not_department_self_assessments(tmp_path):
    sheets = _other_forms(tmp_path)
    assert len(sheets) == 22
    assert not any(looks_like_dept_self_eval_form(s) for s in sheets)


def test_other_forms_without_title_are_not_department_self_assessments(tmp_path):
    untitled = []
    for sheet in _other_forms(tmp_path):
        rows = [list(row) for row in sheet.rows]
        rows[0] = [None] * len(rows[0])
        untitled.append(Sheet(sheet.name, rows, sheet.merged))
    assert not any(looks_like_dept_self_eval_form(s) for s in untitled)


def test_result_list_is_not_a_department_self_assessment(tmp_path):
    path = tmp_path / "list.xlsx"
    columns = [
        Col("seq", "序号", kind="int"),
        Col("department", "部门名称"),
        Col("budget", "全年预算数", kind="money", total=True),
        Col("executed", "全年执行数", kind="money", total=True),
        Col("level3", "指标名称"),
        Col("weight", "指标权重", kind="score"),
        Col("score", "指标得分", kind="score"),
        Col("self_score", "自评得分", kind="score"),
    ]
    rows = [
        {
            "seq": 1,
            "department": "沙湾市教育局",
            "budget": D("152310.25"),
            "executed": D("149785.61"),
            "level3": "预算调整率",
            "weight": D(5),
            "score": D(5),
            "self_score": D("97.83"),
        }
    ]
    write_result_list(
        path,
        title="沙湾市2021年度部门整体支出绩效自评结果汇总表",
        filler="填报单位：沙湾市财政局",
        unit_note="单位：万元",
        columns=columns,
        rows=rows,
        footer="填报人：王丽娟",
    )
    (sheet,) = read_workbook(path)
    assert not looks_like_dept_self_eval_form(sheet)


def test_project_form_titled_as_a_department_one_is_refused(tmp_path):
    # a 项目名称 above the table makes it a project form, whatever the title says
    department = copy.deepcopy(DEPT)
    path = _write(tmp_path, [department])
    _edit_cell(path, "A3", "项目名称")
    assert not looks_like_dept_self_eval_form(read_workbook(path)[0])
