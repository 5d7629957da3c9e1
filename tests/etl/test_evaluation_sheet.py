import copy
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from support.form_corpus import other_form_sheets

from etl.forms.base import FormResult
from etl.forms.evaluation_sheet import (
    KIND,
    canonical_level1,
    evaluation_level,
    looks_like_evaluation_sheet,
    parse_evaluation_sheet,
)
from etl.forms.registry import FORMS
from etl.records import Rejection
from etl.workbook import Sheet, read_workbook
from samplegen.evaluation_sheet import (
    FRAMEWORK,
    LAYOUTS,
    LEVELS,
    example_evaluations,
    grade_of,
    write_evaluation_sheets,
)
from samplegen.self_eval_form import example_projects as self_eval_projects
from samplegen.self_eval_form import write_self_eval_forms
from samplegen.writer import Col, write_result_list

D = Decimal
SHEET = "1.2021年高标准农田建设"
LOST = {
    "绩效指标明确性": (D(1), "绩效指标未细化量化，部分指标难以衡量"),
    "预算执行率": (D("0.5"), "预算执行率未达到100%"),
    "完成及时性": (D(1), "部分工程延期完工"),
    "服务对象满意度": (D(1), "未开展满意度调查，以座谈代替"),
}


def _items() -> list[dict]:
    items = []
    for level1, level2, level3, explanation, weight, criteria in FRAMEWORK:
        minus, reason = LOST.get(level3, (D(0), None))
        items.append(
            {
                "level1": level1,
                "level2": level2,
                "level3": level3,
                "explanation": explanation,
                "weight": D(weight),
                "criteria": criteria,
                "score": D(weight) - minus,
                "deduction": reason,
            }
        )
    return items


def _evaluation(level: str) -> dict:
    return {
        "level": level,
        "year": 2021,
        "department": "沙湾市农业农村局",
        "department_code": "219027",
        "unit": "沙湾市农业技术推广中心",
        "project_name": "2021年高标准农田建设",
        "project_code": "65422021000003",
        "budget": D("1234.56"),
        "evaluator": "新疆天正会计师事务所有限公司" if level == "财政评价" else "沙湾市农业农村局",
        "items": _items(),
        "grade": "优",
        "conclusion": "该项目综合得分96.5分，评价等级为“优”。",
    }


def _write(tmp_path: Path, evaluations: list[dict], layout: str = "indicator_system") -> Path:
    return write_evaluation_sheets(tmp_path / f"评价_{layout}.xlsx", evaluations, layout)


def _parse(
    tmp_path: Path, layout: str = "indicator_system", level: str = "部门评价", evaluation=None
) -> FormResult:
    (sheet,) = read_workbook(_write(tmp_path, [evaluation or _evaluation(level)], layout))
    assert looks_like_evaluation_sheet(sheet)
    return parse_evaluation_sheet(sheet)


def _edit_cells(path: Path, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    for ref, value in cells.items():
        book.worksheets[0][ref] = value
    book.save(path)


# ---------------------------------------------------------------------------------------------------------
# the head


def test_department_evaluation_takes_its_level_from_the_evaluation_type_cell(tmp_path):
    result = _parse(tmp_path)
    assert result.kind == KIND == "evaluation_sheet"
    project = result.project
    assert project["level"] == "部门评价"
    assert project["fiscal_year"] == 2021
    assert (project["department"], project["unit"]) == ("沙湾市农业农村局", "沙湾市农业技术推广中心")
    assert (project["project_code"], project["project_name"]) == ("65422021000003", "2021年高标准农田建设")
    assert project["budget"] == D("1234.56")
    assert project["evaluator"] == "沙湾市农业农村局"
    assert project["source_row"] == 2
    assert result.rejections == []


def test_key_evaluation_takes_its_level_from_the_title(tmp_path):
    (sheet,) = read_workbook(_write(tmp_path, [_evaluation("财政评价")], "scoring"))
    assert sheet.rows[0][0] == "2021年度项目支出财政重点绩效评价评分表"
    assert not any("评价类型" in str(v) for row in sheet.rows for v in row)
    project = parse_evaluation_sheet(sheet).project
    assert project["level"] == "财政评价"
    assert project["evaluator"] == "新疆天正会计师事务所有限公司"
    assert project["fiscal_year"] == 2021


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("2021年度项目支出部门评价评分表", "部门评价"),
        ("部门绩效评价", "部门评价"),
        ("财政重点评价", "财政评价"),
        ("2021年度财政重点绩效评价评分表", "财政评价"),
        ("重点评价", "财政评价"),
        ("项目支出绩效评价评分表", None),
    ],
)
def test_evaluation_level_wordings_come_from_the_config_table(text, level):
    assert evaluation_level(text) == level


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("决策", "决策"),
        ("投入", "决策"),
        ("投入指标", "决策"),
        ("项目过程", "过程"),
        ("效果", "效益"),
        ("加减分", "加减分"),
    ],
)
def test_level1_synonyms_map_the_older_framework(written, canonical):
    assert canonical_level1(written) == canonical


# ---------------------------------------------------------------------------------------------------------
# scores


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("level", LEVELS)
def test_total_sub_scores_grade_and_conclusion(tmp_path, layout, level):
    result = _parse(tmp_path, layout, level)
    project = result.project
    assert result.rejections == []
    assert project["level"] == level
    assert project["score"] == D("96.5")
    assert (
        project["score_decision"],
        project["score_process"],
        project["score_output"],
        project["score_effect"],
    ) == (
        D(19),
        D("19.5"),
        D(29),
        D(29),
    )
    assert project["score_items_total"] == D("96.5")
    assert project["grade_stated"] == "优"
    assert project["conclusion"] == "该项目综合得分96.5分，评价等级为“优”。"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_scored_items_carry_weights_scores_and_reasons(tmp_path, layout):
    result = _parse(tmp_path, layout)
    items = result.indicators
    assert len(items) == len(FRAMEWORK) == 20
    first = items[0]
    assert (first["stage"], first["level1"], first["level2"], first["level3"]) == (
        "评价",
        "决策",
        "项目立项",
        "立项依据充分性",
    )
    assert (first["weight"], first["score"], first["deviation_reason"]) == (D(4), D(4), None)
    assert first["explanation"] == "项目立项是否符合法律法规、相关政策和部门职能"
    assert first["criteria"] == "依据充分得4分，每缺一项扣1分"
    assert first["level1_weight"] == (D(20) if layout == "scoring" else None)
    assert first["source_row"] == (7 if layout == "indicator_system" else 6)
    by_name = {i["level3"]: i for i in items}
    for name, (minus, reason) in LOST.items():
        assert by_name[name]["score"] == by_name[name]["weight"] - minus
        assert by_name[name]["deviation_reason"] == reason
    weights: dict[str, Decimal] = {}
    for item in items:
        weights[item["level1"]] = weights.get(item["level1"], D(0)) + item["weight"]
    assert weights == {"决策": 20, "过程": 20, "产出": 30, "效益": 30}
    assert result.skipped_template_rows == 0


def test_older_framework_names_map_onto_the_four_sub_scores(tmp_path):
    evaluation = _evaluation("部门评价")
    for item in evaluation["items"]:
        item["level1"] = {"决策": "投入", "效益": "效果"}.get(item["level1"], item["level1"])
    result = _parse(tmp_path, "scoring", evaluation=evaluation)
    project = result.project
    assert (
        project["score_decision"],
        project["score_process"],
        project["score_output"],
        project["score_effect"],
    ) == (
        D(19),
        D("19.5"),
        D(29),
        D(29),
    )
    assert (result.indicators[0]["level1"], result.indicators[0]["level1_raw"]) == ("决策", "投入")
    assert (result.indicators[-1]["level1"], result.indicators[-1]["level1_raw"]) == ("效益", "效果")


def test_without_a_total_row_the_items_sum_stands_in(tmp_path):
    path = _write(tmp_path, [_evaluation("部门评价")])
    _edit_cells(path, {"A27": None, "E27": None, "G27": None})
    project = parse_evaluation_sheet(read_workbook(path)[0]).project
    assert project["score"] == D("96.5")
    assert project["grade_stated"] == "优"


# ---------------------------------------------------------------------------------------------------------
# many evaluations, determinism


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("level", LEVELS)
def test_multi_sheet_workbook_gives_one_evaluation_per_sheet(tmp_path, layout, level):
    evaluations = example_evaluations(6, seed=11, level=level)
    sheets = read_workbook(_write(tmp_path, evaluations, layout))
    assert len(sheets) == 6
    for sheet, evaluation in zip(sheets, evaluations, strict=True):
        assert looks_like_evaluation_sheet(sheet)
        result = parse_evaluation_sheet(sheet)
        assert result.rejections == []
        project = result.project
        assert (
            project["level"],
            project["department"],
            project["project_name"],
            project["project_code"],
        ) == (
            level,
            evaluation["department"],
            evaluation["project_name"],
            evaluation["project_code"],
        )
        total = sum(i["score"] for i in evaluation["items"])
        assert project["score"] == total
        parts = ("score_decision", "score_process", "score_output", "score_effect")
        assert sum(project[p] for p in parts) == total
        assert project["grade_stated"] == evaluation["grade"] == grade_of(total)
        assert [i["score"] for i in result.indicators] == [i["score"] for i in evaluation["items"]]


def test_example_items_stay_within_their_weights():
    for evaluation in example_evaluations(30, seed=5):
        assert sum(i["weight"] for i in evaluation["items"]) == 100
        assert all(D(0) <= i["score"] <= i["weight"] for i in evaluation["items"])
        assert all((i["deduction"] is None) == (i["score"] == i["weight"]) for i in evaluation["items"])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_writer_gives_the_same_bytes_every_time(tmp_path, layout):
    evaluations = example_evaluations(3, seed=1, level="财政评价")
    first = write_evaluation_sheets(tmp_path / "a.xlsx", evaluations, layout).read_bytes()
    assert write_evaluation_sheets(tmp_path / "b.xlsx", evaluations, layout).read_bytes() == first


# ---------------------------------------------------------------------------------------------------------
# bad cells


def test_unreadable_item_score_is_rejected_and_only_its_sub_score_is_withheld(tmp_path):
    path = _write(tmp_path, [_evaluation("部门评价")])
    _edit_cells(path, {"G14": "四点五"})  # 得分 of 预算执行率, the eighth item
    result = parse_evaluation_sheet(read_workbook(path)[0])
    (bad,) = result.rejections
    assert bad == Rejection(
        SHEET,
        14,
        "G",
        "score",
        "得分：无法识别的数字：“四点五”",
        {
            "一级指标": None,
            "二级指标": None,
            "三级指标": "预算执行率",
            "指标解释": "实际支出资金/实际到位资金×100%",
            "分值": "5",
            "评分标准": "得分=执行率×5分",
            "得分": "四点五",
            "扣分说明": "预算执行率未达到100%",
        },
    )
    project = result.project
    assert project["score"] == D("96.5")  # the 合计 row still reads
    assert project["score_process"] is None
    assert (project["score_decision"], project["score_output"], project["score_effect"]) == (
        D(19),
        D(29),
        D(29),
    )
    assert project["score_items_total"] is None
    assert len(result.indicators) == 19
    assert "预算执行率" not in {i["level3"] for i in result.indicators}


def test_unreadable_budget_is_rejected(tmp_path):
    path = _write(tmp_path, [_evaluation("部门评价")])
    _edit_cells(path, {"B4": "一千二百万"})
    result = parse_evaluation_sheet(read_workbook(path)[0])
    (bad,) = result.rejections
    assert (bad.row, bad.column, bad.field, bad.reason) == (
        4,
        "B",
        "budget",
        "项目资金：无法识别的数字：“一千二百万”",
    )
    assert result.project["budget"] is None
    assert result.project["score"] == D("96.5")


def test_missing_evaluation_type_is_rejected(tmp_path):
    path = _write(tmp_path, [_evaluation("部门评价")])
    _edit_cells(path, {"B5": None})
    result = parse_evaluation_sheet(read_workbook(path)[0])
    (bad,) = result.rejections
    assert (bad.row, bad.column, bad.field) == (5, "B", "level")
    assert (
        bad.reason
        == "无法确定评价类型（部门评价或财政评价）：“2021年度高标准农田建设项目绩效评价指标体系及评分表”"
    )
    assert result.project["level"] is None
    assert result.project["score"] == D("96.5")


# ---------------------------------------------------------------------------------------------------------
# recognition


@pytest.mark.parametrize("layout", LAYOUTS)
def test_sheet_without_title_is_recognised_by_its_labels(tmp_path, layout):
    path = _write(tmp_path, [_evaluation("部门评价")], layout)
    _edit_cells(path, {"A1": None})
    (sheet,) = read_workbook(path)
    assert looks_like_evaluation_sheet(sheet)
    assert parse_evaluation_sheet(sheet).project["fiscal_year"] is None


def test_evaluation_sheet_is_not_claimed_by_any_other_form(tmp_path):
    for layout in LAYOUTS:
        for level in LEVELS:
            for sheet in read_workbook(_write(tmp_path, [_evaluation(level)], layout)):
                assert not any(
                    form.looks_like(sheet) for form in FORMS if form.parse is not parse_evaluation_sheet
                )


def _other_forms(tmp_path: Path) -> list[Sheet]:
    return other_form_sheets(tmp_path, "evaluation")


def test_other_forms_are_not_evaluation_sheets(tmp_path):
    sheets = _other_forms(tmp_path)
    assert len(sheets) == 22
    assert not any(looks_like_evaluation_sheet(s) for s in sheets)


def test_other_forms_without_title_are_not_evaluation_sheets(tmp_path):
    untitled = []
    for sheet in _other_forms(tmp_path):
        rows = [list(row) for row in sheet.rows]
        rows[0] = [None] * len(rows[0])
        untitled.append(Sheet(sheet.name, rows, sheet.merged))
    assert not any(looks_like_evaluation_sheet(s) for s in untitled)


def test_evaluation_result_lists_are_not_evaluation_sheets(tmp_path):
    path = tmp_path / "list.xlsx"
    columns = [
        Col("seq", "序号", kind="int"),
        Col("department", "主管部门"),
        Col("project_name", "项目名称"),
        Col("level1", "一级指标"),
        Col("level3", "三级指标"),
        Col("weight", "分值", kind="score"),
        Col("score", "得分", kind="score"),
        Col("grade", "评价等级"),
    ]
    rows = [
        {
            "seq": 1,
            "department": "沙湾市农业农村局",
            "project_name": "2021年高标准农田建设",
            "level1": "决策",
            "level3": "立项依据充分性",
            "weight": D(4),
            "score": D(4),
            "grade": "优",
        }
    ]
    for title in ("沙湾市2021年度项目支出部门评价结果汇总表", "2021年度项目支出绩效评价评分表"):
        write_result_list(
            path, title=title, filler="", unit_note="单位：万元", columns=columns, rows=rows, footer=""
        )
        (sheet,) = read_workbook(path)
        assert not looks_like_evaluation_sheet(sheet)


def test_a_project_self_assessment_with_scores_is_not_an_evaluation_sheet(tmp_path):
    projects = copy.deepcopy(self_eval_projects(1))
    path = write_self_eval_forms(tmp_path / "自评.xlsx", projects)
    _edit_cells(path, {"A1": "项目支出绩效评价评分表"})  # retitled, but 年度指标值/实际完成值 columns remain
    assert not looks_like_evaluation_sheet(read_workbook(path)[0])
