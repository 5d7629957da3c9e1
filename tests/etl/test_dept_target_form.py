import copy
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from support.form_corpus import other_form_sheets

from etl.cells import parse_indicator_target
from etl.forms.base import FormResult
from etl.forms.dept_target_form import KIND, looks_like_dept_target_form, parse_dept_target_form
from etl.forms.registry import FORMS
from etl.records import Rejection
from etl.workbook import Sheet, read_workbook
from samplegen.dept_target_form import LAYOUTS, example_dept_targets, write_dept_target_forms
from samplegen.writer import Col, write_result_list

D = Decimal
SHEET = "1.沙湾市农业农村局"


def _task(name, content, amount, fiscal, other):
    return {
        "name": name,
        "content": content,
        "amount": amount,
        "fiscal": fiscal,
        "other": other,
        "expected": f"按计划完成{name}",
    }


DEPT = {
    "department": "沙湾市农业农村局",
    "department_code": "219027",
    "year": 2022,
    "budget": D("2345.67"),
    "basic": D("1200.00"),
    "project": D("1145.67"),
    "project_source": "一般公共预算、政府性基金预算",
    "staff_count": 86,
    "sub_unit_count": 3,
    "goal": "2022年全面履行农业农村管理职责，完成高标准农田建设任务。",
    "tasks": [
        _task("保障机构正常运转", "人员经费和日常公用经费", D("1200.00"), D("1200.00"), D("0.00")),
        _task("高标准农田建设", "新建高标准农田2万亩", D("645.67"), D("545.67"), D("100.00")),
        _task("农技推广服务", "基层农技推广体系建设", D("500.00"), D("500.00"), D("0.00")),
    ],
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "level3": "重点工作任务完成数", "target": "≥12项"},
        {"level1": "产出指标", "level2": "质量指标", "level3": "政府采购执行率", "target": "100%"},
        {"level1": "产出指标", "level2": "时效指标", "level3": "重点工作完成时间", "target": "12月底前"},
        {"level1": "产出指标", "level2": "成本指标", "level3": "“三公”经费控制数", "target": "≤11.73万元"},
        {"level1": "效益指标", "level2": "社会效益指标", "level3": "部门履职能力", "target": "持续提升"},
        {
            "level1": "满意度指标",
            "level2": "服务对象满意度指标",
            "level3": "服务对象满意度",
            "target": "≥90%",
        },
    ],
}
# (level1, level2, level3, operator, target_value, unit, is_quantified)
EXPECTED = [
    ("产出指标", "数量指标", "重点工作任务完成数", "≥", D(12), "项", True),
    ("产出指标", "质量指标", "政府采购执行率", None, D(100), "%", True),
    ("产出指标", "时效指标", "重点工作完成时间", "≤", D(12), "月", True),
    ("产出指标", "成本指标", "“三公”经费控制数", "≤", D("11.73"), "万元", True),
    ("效益指标", "社会效益指标", "部门履职能力", None, None, None, False),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", D(90), "%", True),
]


def _write(tmp_path: Path, departments: list[dict], layout: str = "national") -> Path:
    return write_dept_target_forms(tmp_path / f"部门整体目标_{layout}.xlsx", departments, layout)


def _parse(tmp_path: Path, layout: str = "national", department: dict = DEPT) -> FormResult:
    (sheet,) = read_workbook(_write(tmp_path, [department], layout))
    assert looks_like_dept_target_form(sheet)
    return parse_dept_target_form(sheet)


def _edit_cells(path: Path, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book.worksheets[0][ref] = value
    book.save(path)


def _levels(result: FormResult) -> list[tuple]:
    return [
        (
            i["level1"],
            i["level2"],
            i["level3"],
            i["operator"],
            i["target_value"],
            i["unit"],
            i["is_quantified"],
        )
        for i in result.indicators
    ]


# ---------------------------------------------------------------------------------------------------------
# national 88号 layout


def test_national_form_reads_department_year_and_goal(tmp_path):
    result = _parse(tmp_path)
    assert result.kind == KIND == "dept_target_form"
    project = result.project
    assert (project["fiscal_year"], project["department"], project["department_code"]) == (
        2022,
        "沙湾市农业农村局",
        None,
    )
    assert project["goal"] == "2022年全面履行农业农村管理职责，完成高标准农田建设任务。"
    assert project["source_row"] == 3
    assert project["task_count"] == 3
    assert result.rejections == []


def test_national_budget_is_the_amount_total_with_its_funding_split(tmp_path):
    project = _parse(tmp_path).project
    assert project["budget"] == D("2345.67")
    assert project["funding"] == {"财政拨款": D("2245.67"), "其他资金": D("100.00")}
    assert project["fund_type_text"] == "财政拨款、其他资金"
    assert project["budget_parts"] == {}
    assert project["amount_unit"] == "万元"
    assert (project["staff_count"], project["sub_unit_count"]) == (None, None)


def test_national_indicators_and_counts(tmp_path):
    result = _parse(tmp_path)
    assert _levels(result) == EXPECTED
    assert [i["target_text"] for i in result.indicators] == [i["target"] for i in DEPT["indicators"]]
    assert {i["stage"] for i in result.indicators} == {"目标"}
    # title, subtitle, 名称, two header rows, three tasks, 金额合计, 年度总体目标 and the header: rows 1–11
    assert [i["source_row"] for i in result.indicators] == [12, 13, 14, 15, 16, 17]
    assert (result.project["indicator_count"], result.project["quantified_count"]) == (6, 5)


def test_amounts_in_yuan_are_converted_to_the_fen(tmp_path):
    path = _write(tmp_path, [DEPT])
    # a department that types 元 into the form and says so in the group header
    _edit_cells(path, {"E4": "预算金额（元）", "E9": 23456712.34, "F9": 22456712.34, "G9": 1000000})
    project = parse_dept_target_form(read_workbook(path)[0]).project
    assert project["amount_unit"] == "元"
    assert project["budget"] == D("2345.671234")
    assert project["funding"] == {"财政拨款": D("2245.671234"), "其他资金": D("100")}


# ---------------------------------------------------------------------------------------------------------
# 湛江 layout


def test_zhanjiang_form_reads_basic_information_and_budget_lines(tmp_path):
    result = _parse(tmp_path, "zhanjiang")
    project = result.project
    assert result.rejections == []
    assert (project["fiscal_year"], project["department"], project["source_row"]) == (
        2022,
        "沙湾市农业农村局",
        2,
    )
    assert (project["staff_count"], project["sub_unit_count"]) == (86, 3)
    assert project["budget"] == D("2345.67")
    assert project["budget_parts"] == {"基本支出": D("1200.00"), "项目支出": D("1145.67")}
    assert project["funding"] == {}
    assert project["fund_type_text"] == "一般公共预算、政府性基金预算"  # 收入来源 of both lines, once each
    assert project["goal"] == "2022年全面履行农业农村管理职责，完成高标准农田建设任务。"
    assert project["task_count"] == 2  # 年度重点工作任务 lists the project tasks only


def test_zhanjiang_indicators_and_counts(tmp_path):
    result = _parse(tmp_path, "zhanjiang")
    assert _levels(result) == EXPECTED
    assert [i["source_row"] for i in result.indicators] == [14, 15, 16, 17, 18, 19]
    assert (result.project["indicator_count"], result.project["quantified_count"]) == (6, 5)


def test_zhanjiang_without_a_total_line_sums_the_lines(tmp_path):
    path = _write(tmp_path, [DEPT], "zhanjiang")
    _edit_cells(path, {"B5": None, "D5": None})  # the 合计 line left empty
    project = parse_dept_target_form(read_workbook(path)[0]).project
    assert project["budget"] == D("2345.67")


# ---------------------------------------------------------------------------------------------------------
# many departments, determinism


@pytest.mark.parametrize("layout", LAYOUTS)
def test_multi_sheet_workbook_gives_one_department_per_sheet(tmp_path, layout):
    departments = example_dept_targets(6, seed=7)
    sheets = read_workbook(_write(tmp_path, departments, layout))
    assert len(sheets) == 6
    for sheet, department in zip(sheets, departments, strict=True):
        assert looks_like_dept_target_form(sheet)
        result = parse_dept_target_form(sheet)
        assert result.rejections == []
        assert result.project["department"] == department["department"]
        assert result.project["budget"] == department["budget"]
        assert [i["target_text"] for i in result.indicators] == [
            i["target"] for i in department["indicators"]
        ]
        quantified = sum(parse_indicator_target(i["target"]).is_quantified for i in department["indicators"])
        assert result.project["quantified_count"] == quantified


def test_example_budgets_add_up_to_the_fen():
    for department in example_dept_targets(20, seed=3):
        assert department["basic"] + department["project"] == department["budget"]
        assert sum(t["amount"] for t in department["tasks"]) == department["budget"]
        assert all(t["fiscal"] + t["other"] == t["amount"] for t in department["tasks"])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_writer_gives_the_same_bytes_every_time(tmp_path, layout):
    departments = example_dept_targets(3, seed=1)
    first = write_dept_target_forms(tmp_path / "a.xlsx", departments, layout).read_bytes()
    assert write_dept_target_forms(tmp_path / "b.xlsx", departments, layout).read_bytes() == first


# ---------------------------------------------------------------------------------------------------------
# bad cells


def test_unreadable_total_is_rejected_and_the_rest_loads(tmp_path):
    path = _write(tmp_path, [DEPT])
    _edit_cells(path, {"E9": "二千三百四十五万"})  # 金额合计 / 总额
    result = parse_dept_target_form(read_workbook(path)[0])
    (bad,) = result.rejections
    assert bad == Rejection(
        SHEET,
        9,
        "E",
        "budget",
        "金额合计：无法识别的数字：“二千三百四十五万”",
        {"金额合计": "二千三百四十五万"},
    )
    assert result.project["budget"] is None
    assert result.project["funding"] == {"财政拨款": D("2245.67"), "其他资金": D("100.00")}
    assert _levels(result) == EXPECTED


def test_unreadable_staff_count_is_rejected(tmp_path):
    path = _write(tmp_path, [DEPT], "zhanjiang")
    _edit_cells(path, {"C3": "86.5"})
    result = parse_dept_target_form(read_workbook(path)[0])
    (bad,) = result.rejections
    assert (bad.sheet, bad.row, bad.column, bad.field, bad.reason) == (
        SHEET,
        3,
        "C",
        "staff_count",
        "财政供养人员数：个数应为非负整数，实为 86.5",
    )
    assert result.project["staff_count"] is None
    assert result.project["sub_unit_count"] == 3
    assert result.project["budget"] == D("2345.67")


def test_indicator_value_without_a_name_is_rejected(tmp_path):
    department = copy.deepcopy(DEPT)
    department["indicators"][1]["level3"] = None
    result = _parse(tmp_path, department=department)
    (bad,) = result.rejections
    assert (bad.row, bad.column, bad.field) == (13, "D", "level3")
    assert bad.reason == "有指标值“100%”但三级指标名称为空"
    assert result.project["indicator_count"] == 5


# ---------------------------------------------------------------------------------------------------------
# recognition


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sheet_without_title_is_recognised_by_its_labels(tmp_path, layout):
    path = _write(tmp_path, [DEPT], layout)
    _edit_cells(path, {"A1": None})
    (sheet,) = read_workbook(path)
    assert looks_like_dept_target_form(sheet)
    assert parse_dept_target_form(sheet).project["budget"] == D("2345.67")


def test_department_target_form_is_not_claimed_by_any_other_form(tmp_path):
    for layout in LAYOUTS:
        for sheet in read_workbook(_write(tmp_path, [DEPT], layout)):
            assert not any(
                form.looks_like(sheet) for form in FORMS if form.parse is not parse_dept_target_form
            )


def _other_forms(tmp_path: Path) -> list[Sheet]:
    return other_form_sheets(tmp_path, "dept_target")


def test_other_forms_are_not_department_target_forms(tmp_path):
    sheets = _other_forms(tmp_path)
    assert len(sheets) == 22
    assert not any(looks_like_dept_target_form(s) for s in sheets)


def test_other_forms_without_title_are_not_department_target_forms(tmp_path):
    untitled = []
    for sheet in _other_forms(tmp_path):
        rows = [list(row) for row in sheet.rows]
        rows[0] = [None] * len(rows[0])
        untitled.append(Sheet(sheet.name, rows, sheet.merged))
    assert not any(looks_like_dept_target_form(s) for s in untitled)


def test_result_list_is_not_a_department_target_form(tmp_path):
    path = tmp_path / "list.xlsx"
    columns = [
        Col("seq", "序号", kind="int"),
        Col("department", "部门名称"),
        Col("budget", "预算数", kind="money", total=True),
        Col("level1", "一级指标"),
        Col("level3", "三级指标"),
        Col("target", "指标值"),
    ]
    rows = [
        {
            "seq": 1,
            "department": "沙湾市农业农村局",
            "budget": D("2345.67"),
            "level1": "产出指标",
            "level3": "重点工作任务完成数",
            "target": "≥12项",
        }
    ]
    for title in ("沙湾市2022年度部门整体支出绩效目标汇总表", "2022年部门整体绩效目标表"):
        write_result_list(
            path, title=title, filler="", unit_note="单位：万元", columns=columns, rows=rows, footer=""
        )
        (sheet,) = read_workbook(path)
        assert not looks_like_dept_target_form(sheet)
