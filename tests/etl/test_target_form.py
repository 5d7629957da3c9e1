import copy
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from etl.cells import parse_indicator_target
from etl.forms.base import FormResult
from etl.forms.monitoring_form import looks_like_monitoring_form
from etl.forms.target_form import KIND, canonical_level, looks_like_target_form, parse_target_form
from etl.workbook import Sheet, read_workbook
from samplegen.monitoring_form import example_monitoring, write_monitoring_forms
from samplegen.self_eval_form import example_projects as self_eval_projects
from samplegen.self_eval_form import write_self_eval_forms
from samplegen.target_form import LAYOUTS, example_projects, write_target_forms
from samplegen.writer import Col, write_result_list

D = Decimal


def _ind(level1, level2, level3, target, mid_target=None):
    return {
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "target": target,
        "mid_target": mid_target or target,
    }


PROJECT = {
    "department": "沙湾市教育局",
    "department_code": "219001",
    "unit": "沙湾市第一中学",
    "project_name": "2022年学生营养餐补助",
    "project_code": "51000022R000000019951",
    "year": 2022,
    "budget": D("145683.48"),
    "fund_type": "一般公共预算、其他资金",
    "indicators": [
        _ind("产出指标", "数量指标", "受益学生人数", "≥500人", "≥1500人"),
        _ind("产出指标", "质量指标", "餐食抽检合格率", "100%"),
        _ind("产出指标", "时效指标", "资金拨付时间", "12月底前", "2024年12月底前"),
        _ind("产出指标", "成本指标", "项目总成本", "≤120万元", "≤360万元"),
        _ind("效益指标", "社会效益指标", "学生营养状况", "有效改善"),
        _ind("效益指标", "生态效益指标", "校园环境", "明显提升"),
        _ind("满意度指标", "服务对象满意度指标", "家长满意度", "≥90%"),
    ],
}
# (level1, level2, level3, operator, value, unit, is_quantified) of PROJECT's 年度 targets
EXPECTED = [
    ("产出指标", "数量指标", "受益学生人数", "≥", D(500), "人", True),
    ("产出指标", "质量指标", "餐食抽检合格率", None, D(100), "%", True),
    ("产出指标", "时效指标", "资金拨付时间", "≤", D(12), "月", True),
    ("产出指标", "成本指标", "项目总成本", "≤", D(120), "万元", True),
    ("效益指标", "社会效益指标", "学生营养状况", None, None, None, False),
    ("效益指标", "生态效益指标", "校园环境", None, None, None, False),
    ("满意度指标", "服务对象满意度指标", "家长满意度", "≥", D(90), "%", True),
]


def _sheets(tmp_path: Path, projects: list[dict], layout: str = "national") -> list[Sheet]:
    return read_workbook(write_target_forms(tmp_path / f"目标表_{layout}.xlsx", projects, layout))


def _parse(tmp_path: Path, layout: str = "national", project: dict = PROJECT) -> FormResult:
    (sheet,) = _sheets(tmp_path, [project], layout)
    assert looks_like_target_form(sheet)
    return parse_target_form(sheet)


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


def _edit_cell(path: Path, sheet_index: int, ref: str, value: object) -> None:
    book = openpyxl.load_workbook(path)
    book.worksheets[sheet_index][ref] = value
    book.save(path)


# ---------------------------------------------------------------------------------------------------------
# national layout


def test_national_form_reads_the_project_head(tmp_path):
    result = _parse(tmp_path)
    assert result.kind == KIND == "project_target_form"
    project = result.project
    assert project["fiscal_year"] == 2022
    assert (project["department"], project["department_code"]) == ("沙湾市教育局", "219001")
    assert project["unit"] == "沙湾市第一中学"
    assert (project["project_code"], project["project_name"]) == (
        "51000022R000000019951",
        "2022年学生营养餐补助",
    )
    assert project["source_row"] == 2


def test_national_form_budget_is_the_annual_total_to_the_fen(tmp_path):
    project = _parse(tmp_path).project
    assert project["budget"] == D("145683.48")  # the 中期资金总额 beside it is three times as much
    assert project["funding"] == {"财政拨款": D("116546.78"), "其他资金": D("29136.70")}
    assert project["fund_type_text"] == "财政拨款、其他资金"


def test_national_form_takes_the_annual_side_not_the_mid_term_one(tmp_path):
    result = _parse(tmp_path)
    targets = [i["target_text"] for i in result.indicators]
    assert targets == ["≥500人", "100%", "12月底前", "≤120万元", "有效改善", "明显提升", "≥90%"]
    assert "≥1500人" not in targets and "2024年12月底前" not in targets


def test_each_indicator_has_its_levels_operator_value_unit_and_quantified_flag(tmp_path):
    result = _parse(tmp_path)
    assert _levels(result) == EXPECTED
    assert {i["stage"] for i in result.indicators} == {"目标"}
    assert result.project["indicator_count"] == 7
    assert result.project["quantified_count"] == 5


def test_placeholder_prefix_is_stripped_from_indicator_names(tmp_path):
    result = _parse(tmp_path)
    assert [i["level3"] for i in result.indicators][:2] == ["受益学生人数", "餐食抽检合格率"]
    assert not any(i["level3"].startswith("指标") for i in result.indicators)


def test_unused_template_rows_are_skipped_and_counted(tmp_path):
    # PROJECT leaves 经济效益指标 and 可持续影响指标 with their blank "指标1：" template rows
    result = _parse(tmp_path)
    assert result.skipped_template_rows == 2
    assert len(result.indicators) == 7


def test_source_rows_point_at_the_indicator_lines(tmp_path):
    result = _parse(tmp_path)
    # title, 7 head lines and the header occupy rows 1–10
    assert [i["source_row"] for i in result.indicators] == [11, 12, 13, 14, 16, 17, 19]


# ---------------------------------------------------------------------------------------------------------
# 佳县-style local layout


def test_local_form_takes_the_annual_block_not_the_long_term_one(tmp_path):
    result = _parse(tmp_path, "local")
    assert [i["target_text"] for i in result.indicators][:3] == ["≥500人", "100%", "12月底前"]
    assert _levels(result) == EXPECTED


def test_local_form_old_level2_names_become_current_ones(tmp_path):
    (sheet,) = _sheets(tmp_path, [PROJECT], "local")
    written = {v for row in sheet.rows for v in row if isinstance(v, str)}
    assert {"环境效益指标", "进度指标", "社会公众或服务对象满意度指标"} <= written
    level2 = [i["level2"] for i in parse_target_form(sheet).indicators]
    assert "生态效益指标" in level2 and "时效指标" in level2 and "服务对象满意度指标" in level2
    assert not {"环境效益指标", "进度指标", "社会公众或服务对象满意度指标"} & set(level2)


def test_local_form_reads_department_code_label_and_fund_total(tmp_path):
    project = _parse(tmp_path, "local").project
    assert (project["department"], project["department_code"]) == ("沙湾市教育局", "219001")
    assert project["unit"] == "沙湾市第一中学"
    assert project["project_name"] == "2022年学生营养餐补助"
    assert project["project_code"] is None  # the 佳县 form has no 项目编码
    assert project["budget"] == D("145683.48")
    assert project["funding"] == {"财政拨款": D("116546.78"), "自有资金": D("0"), "其他": D("29136.70")}
    assert project["fiscal_year"] == 2022


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("环境效益指标", "生态效益指标"),
        ("进度指标", "时效指标"),
        ("社会公众或服务对象满意度指标", "服务对象满意度指标"),
        ("数量指标", "数量指标"),
        ("自定义指标", "自定义指标"),
    ],
)
def test_level2_synonyms_come_from_the_taxonomy_table(written, canonical):
    assert canonical_level("level2", written) == canonical


# ---------------------------------------------------------------------------------------------------------
# many projects, determinism


@pytest.mark.parametrize("layout", LAYOUTS)
def test_multi_sheet_workbook_gives_one_form_per_sheet(tmp_path, layout):
    projects = example_projects(6, seed=7)
    sheets = _sheets(tmp_path, projects, layout)
    assert len(sheets) == 6
    for sheet, project in zip(sheets, projects, strict=True):
        assert looks_like_target_form(sheet)
        result = parse_target_form(sheet)
        assert result.rejections == []
        assert result.project["project_name"] == project["project_name"]
        assert result.project["budget"] == project["budget"]
        assert [i["target_text"] for i in result.indicators] == [i["target"] for i in project["indicators"]]
        quantified = sum(parse_indicator_target(i["target"]).is_quantified for i in project["indicators"])
        assert result.project["quantified_count"] == quantified


def test_example_projects_mix_quantified_and_qualitative_targets():
    projects = example_projects(40, seed=3)
    assert all(5 <= len(p["indicators"]) <= 12 for p in projects)
    flags = [parse_indicator_target(i["target"]).is_quantified for p in projects for i in p["indicators"]]
    assert any(flags) and not all(flags)


def test_writer_gives_the_same_bytes_every_time(tmp_path):
    projects = example_projects(3, seed=1)
    first = write_target_forms(tmp_path / "a.xlsx", projects).read_bytes()
    assert write_target_forms(tmp_path / "b.xlsx", projects).read_bytes() == first


# ---------------------------------------------------------------------------------------------------------
# bad cells


def test_unreadable_budget_is_rejected_with_row_column_and_reason_and_the_rest_loads(tmp_path):
    path = write_target_forms(tmp_path / "bad.xlsx", [PROJECT])
    _edit_cell(path, 0, "H5", "约十四万五千")  # 年度资金总额
    result = parse_target_form(read_workbook(path)[0])
    (bad,) = result.rejections
    assert (bad.sheet, bad.row, bad.column, bad.field) == ("1.2022年学生营养餐补助", 5, "H", "budget")
    assert "无法识别的数字" in bad.reason
    assert result.project["budget"] is None
    assert result.project["project_name"] == "2022年学生营养餐补助"
    assert _levels(result) == EXPECTED


def test_indicator_value_without_a_name_is_rejected(tmp_path):
    project = copy.deepcopy(PROJECT)
    project["indicators"][1]["level3"] = ""  # leaves "指标1：" with 100% beside it
    result = _parse(tmp_path, project=project)
    (bad,) = result.rejections
    assert (bad.row, bad.column, bad.field) == (12, "G", "level3")
    assert bad.reason == "有指标值“100%”但三级指标名称为空"
    assert len(result.indicators) == 6


def test_department_code_in_its_own_cell_is_read(tmp_path):
    path = write_target_forms(tmp_path / "code.xlsx", [PROJECT])
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    sheet.unmerge_cells("B3:D3")
    sheet["B3"], sheet["D3"] = "沙湾市教育局", "219001"
    book.save(path)
    project = parse_target_form(read_workbook(path)[0]).project
    assert (project["department"], project["department_code"]) == ("沙湾市教育局", "219001")


# ---------------------------------------------------------------------------------------------------------
# recognition


def test_form_without_title_is_still_recognised_by_its_labels(tmp_path):
    path = write_target_forms(tmp_path / "notitle.xlsx", [PROJECT])
    _edit_cell(path, 0, "A1", None)
    (sheet,) = read_workbook(path)
    assert looks_like_target_form(sheet)
    assert parse_target_form(sheet).project["fiscal_year"] is None


def test_self_assessment_form_is_not_a_target_form(tmp_path):
    for layout in ("national", "sichuan"):
        path = write_self_eval_forms(tmp_path / f"自评_{layout}.xlsx", self_eval_projects(2), layout=layout)
        assert not any(looks_like_target_form(s) for s in read_workbook(path))


def test_self_assessment_form_without_title_is_not_a_target_form(tmp_path):
    path = write_self_eval_forms(tmp_path / "自评.xlsx", self_eval_projects(1))
    _edit_cell(path, 0, "A1", None)
    assert not looks_like_target_form(read_workbook(path)[0])


def test_monitoring_form_is_not_a_target_form_and_the_reverse(tmp_path):
    projects = example_projects(2, seed=5)
    monitoring = read_workbook(
        write_monitoring_forms(tmp_path / "监控.xlsx", example_monitoring(projects, 7))
    )
    assert not any(looks_like_target_form(s) for s in monitoring)
    assert not any(looks_like_monitoring_form(s) for s in _sheets(tmp_path, projects))


def test_summary_list_is_not_a_target_form(tmp_path):
    path = tmp_path / "2022年度项目绩效目标汇总表.xlsx"
    columns = [
        Col("seq", "序号", kind="int"),
        Col("department", "主管部门"),
        Col("project_name", "项目名称"),
        Col("level1", "一级指标"),
        Col("level3", "三级指标"),
        Col("target", "指标值"),
        Col("budget", "预算数", kind="money", total=True),
    ]
    rows = [
        {
            "seq": 1,
            "department": "沙湾市教育局",
            "project_name": "2022年学生营养餐补助",
            "level1": "产出指标",
            "level3": "受益学生人数",
            "target": "≥500人",
            "budget": D("12.5"),
        }
    ]
    write_result_list(
        path,
        title="沙湾市2022年度项目绩效目标汇总表",
        filler="填报单位：沙湾市财政局",
        unit_note="单位：万元",
        columns=columns,
        rows=rows,
        footer="填报人：王丽娟",
    )
    (sheet,) = read_workbook(path)
    assert not looks_like_target_form(sheet)


def test_indicator_list_titled_like_a_form_is_not_a_target_form(tmp_path):
    # one row per indicator with 项目名称 as a column: a list, even when the title says 绩效目标表
    path = tmp_path / "list.xlsx"
    columns = [
        Col("project_name", "项目名称"),
        Col("level1", "一级指标"),
        Col("level2", "二级指标"),
        Col("level3", "三级指标"),
        Col("target", "指标值"),
    ]
    rows = [
        {
            "project_name": "2022年学生营养餐补助",
            "level1": "产出指标",
            "level2": "数量指标",
            "level3": "受益学生人数",
            "target": "≥500人",
        }
    ]
    write_result_list(
        path, title="2022年项目绩效目标表", filler="", unit_note="", columns=columns, rows=rows, footer=""
    )
    assert not looks_like_target_form(read_workbook(path)[0])


def test_ezhou_style_form_reads_standard_and_expected_value_columns(tmp_path):
    # 鄂州: 一级指标 | 二级指标 | 绩效标准 | 当年预期实现值, written with openpyxl like a hand-made sheet
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [
        ["2022年市直部门预算项目支出绩效目标表"],
        ["项目名称", "城区路灯维护", None, None],
        ["主管部门", "沙湾市城市管理局", "实施单位", "沙湾市路灯管理所"],
        ["项目资金（万元）", "年度资金总额：", 88.5, None],
        ["绩效指标", "一级指标", "二级指标", "绩效标准", "当年预期实现值"],
        [None, "产出指标", "数量指标", "维护路灯数量", "≥3000盏"],
        [None, None, "进度指标", "完成时间", "12月底前"],
        [None, "满意度指标", "社会公众或服务对象满意度指标", "市民满意度", "≥90%"],
    ]:
        sheet.append(row)
    sheet.merge_cells("A5:A8")
    sheet.merge_cells("B6:B7")
    book.save(tmp_path / "ezhou.xlsx")
    (parsed,) = read_workbook(tmp_path / "ezhou.xlsx")
    assert looks_like_target_form(parsed)
    result = parse_target_form(parsed)
    assert result.project["budget"] == D("88.5")
    assert [(i["level1"], i["level2"], i["level3"], i["target_text"]) for i in result.indicators] == [
        ("产出指标", "数量指标", "维护路灯数量", "≥3000盏"),
        ("产出指标", "时效指标", "完成时间", "12月底前"),
        ("满意度指标", "服务对象满意度指标", "市民满意度", "≥90%"),
    ]
