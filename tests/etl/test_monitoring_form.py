import copy
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from etl.cells import CellError
from etl.forms.base import FormResult
from etl.forms.monitoring_form import (
    KIND,
    looks_like_monitoring_form,
    parse_likelihood,
    parse_monitoring_form,
)
from etl.workbook import Sheet, read_workbook
from samplegen.monitoring_form import (
    CHECKPOINT_MONTHS,
    example_monitoring,
    execution_rate,
    write_monitoring_forms,
)
from samplegen.self_eval_form import example_projects as self_eval_projects
from samplegen.self_eval_form import write_self_eval_forms
from samplegen.target_form import example_projects
from samplegen.writer import Col, write_result_list

D = Decimal


def _ind(level1, level2, level3, target, actual, expected, likelihood, deviation=None):
    return {
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "target": target,
        "actual": actual,
        "expected": expected,
        "likelihood": likelihood,
        "deviation": deviation or {},
        "remark": None,
    }


PROJECT = {
    "department": "沙湾市农业农村局",
    "department_code": "219027",
    "unit": "沙湾市农业技术推广中心",
    "project_name": "2022年高标准农田建设配套",
    "project_code": None,
    "year": 2022,
    "budget_initial": D("1200.00"),
    "budget": D("1234.56"),
    "executed": D("617.28"),
    "expected_annual_executed": D("1180.25"),
    "fund_type": "一般公共预算",
    "indicators": [
        _ind("产出指标", "数量指标", "新建高标准农田面积", "≥2万亩", "1.2万亩", "2万亩", "确定能"),
        _ind("产出指标", "质量指标", "工程验收合格率", "100%", "100%", "100%", "确定能"),
        _ind(
            "产出指标",
            "时效指标",
            "项目完工时间",
            "11月底前",
            "主体工程完成60%",
            "11月底前完工",
            "有可能",
            {"经费保障": "配套资金到位较晚", "其他": "雨季影响施工"},
        ),
        _ind(
            "效益指标",
            "经济效益指标",
            "亩均增产",
            "≥50公斤",
            "尚未收获",
            "达到预期",
            "有可能",
            {"硬件条件保障": "灌溉设施未完全配套"},
        ),
        _ind(
            "满意度指标",
            "服务对象满意度指标",
            "农户满意度",
            "≥90%",
            "未开展调查",
            "≥90%",
            "完全不可能",
            {"人员保障": "技术人员不足"},
        ),
    ],
}
LIKELIHOODS = ["确定能", "确定能", "有可能", "有可能", "完全不可能"]


def _sheets(
    tmp_path: Path, projects: list[dict], month: int = 7, layout: str = "national", ticks: bool = False
) -> list[Sheet]:
    path = tmp_path / f"监控_{layout}_{month}_{ticks}.xlsx"
    return read_workbook(write_monitoring_forms(path, projects, month, layout, ticks))


def _parse(
    tmp_path: Path, month: int = 7, layout: str = "national", ticks: bool = False, project: dict = PROJECT
) -> FormResult:
    (sheet,) = _sheets(tmp_path, [project], month, layout, ticks)
    assert looks_like_monitoring_form(sheet)
    return parse_monitoring_form(sheet)


# ---------------------------------------------------------------------------------------------------------
# national 项目支出绩效目标执行监控表


def test_national_form_reads_the_project_head(tmp_path):
    result = _parse(tmp_path)
    assert result.kind == KIND == "project_monitoring_form"
    project = result.project
    assert project["fiscal_year"] == 2022
    # name and code sit in separate cells right of 主管部门及代码
    assert (project["department"], project["department_code"]) == ("沙湾市农业农村局", "219027")
    assert project["unit"] == "沙湾市农业技术推广中心"
    assert project["project_name"] == "2022年高标准农田建设配套"
    assert project["source_row"] == 2


def test_national_form_reads_budget_execution_and_stated_rate_to_the_fen(tmp_path):
    project = _parse(tmp_path).project
    assert project["budget_initial"] == D("1200.00")
    assert project["budget"] == D("1234.56")
    assert project["executed"] == D("617.28")
    assert project["execution_rate_stated"] == D("0.5") == execution_rate(PROJECT)
    assert project["expected_annual_executed"] == D("1180.25")


@pytest.mark.parametrize("month", CHECKPOINT_MONTHS)
def test_period_end_month_comes_from_the_checkpoint_header(tmp_path, month):
    (sheet,) = _sheets(tmp_path, [PROJECT], month)
    assert f"1-{month}月执行数" in sheet.rows[3]
    assert parse_monitoring_form(sheet).project["period_end_month"] == month


def test_indicators_carry_actual_expected_and_likelihood(tmp_path):
    result = _parse(tmp_path)
    assert [i["stage"] for i in result.indicators] == ["监控"] * 5
    first = result.indicators[0]
    assert (first["level1"], first["level2"], first["level3"]) == (
        "产出指标",
        "数量指标",
        "新建高标准农田面积",
    )
    assert (first["operator"], first["target_value"], first["unit"], first["is_quantified"]) == (
        "≥",
        D(2),
        "万亩",
        True,
    )
    assert (first["actual_text"], first["expected_text"]) == ("1.2万亩", "2万亩")
    assert [i["completion_likelihood"] for i in result.indicators] == LIKELIHOODS
    assert [i["is_quantified"] for i in result.indicators] == [True, True, True, True, True]
    assert result.rejections == []


def test_deviation_reason_columns_are_joined_with_their_category(tmp_path):
    reasons = [i["deviation_reason"] for i in _parse(tmp_path).indicators]
    assert reasons == [
        None,
        None,
        "经费保障：配套资金到位较晚；其他：雨季影响施工",
        "硬件条件保障：灌溉设施未完全配套",
        "人员保障：技术人员不足",
    ]


def test_likelihood_tick_columns_give_the_ticked_value(tmp_path):
    result = _parse(tmp_path, ticks=True)
    assert [i["completion_likelihood"] for i in result.indicators] == LIKELIHOODS
    assert result.indicators[2]["deviation_reason"] == "经费保障：配套资金到位较晚；其他：雨季影响施工"


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("确定能", "确定能"),
        ("有可能", "有可能"),
        ("不可能", "完全不可能"),
        ("完全不可能", "完全不可能"),
        ("1", "确定能"),
        (2.0, "有可能"),
        ("3", "完全不可能"),
        (None, None),
    ],
)
def test_likelihood_words_and_codes_are_normalised(written, canonical):
    assert parse_likelihood(written) == canonical


def test_unknown_likelihood_is_rejected_and_the_indicator_kept(tmp_path):
    project = copy.deepcopy(PROJECT)
    project["indicators"][1]["likelihood"] = "大概能"
    result = _parse(tmp_path, project=project)
    (bad,) = result.rejections
    assert (bad.row, bad.column, bad.field) == (14, "M", "completion_likelihood")
    assert bad.reason.startswith("无法识别的完成目标可能性：“大概能”")
    assert bad.raw["三级指标"] == "工程验收合格率"
    assert len(result.indicators) == 5
    assert result.indicators[1]["completion_likelihood"] is None


def test_unreadable_executed_amount_is_rejected_and_the_rest_loads(tmp_path):
    path = write_monitoring_forms(tmp_path / "bad.xlsx", [PROJECT], 7)
    book = openpyxl.load_workbook(path)
    book.worksheets[0]["F5"] = "六百多万"  # 1-7月执行数 of 年度资金总额
    book.save(path)
    result = parse_monitoring_form(read_workbook(path)[0])
    (bad,) = result.rejections
    assert (bad.sheet, bad.row, bad.column, bad.field) == ("1.2022年高标准农田建设配套", 5, "F", "executed")
    assert bad.reason == "无法识别的数字：“六百多万”"
    assert bad.raw == {"1-7月执行数": "六百多万"}
    assert result.project["executed"] is None
    assert result.project["budget"] == D("1234.56")
    assert len(result.indicators) == 5


# ---------------------------------------------------------------------------------------------------------
# 湖北黄石 variant


def test_huangshi_form_reads_half_year_execution(tmp_path):
    result = _parse(tmp_path, month=6, layout="huangshi")
    project = result.project
    assert project["period_end_month"] == 6
    assert project["fiscal_year"] == 2022
    assert project["department"] == "沙湾市农业农村局"
    assert project["unit"] == "沙湾市农业技术推广中心"  # 项目执行单位 wins over 项目单位(盖章)
    assert project["budget_initial"] == D("1200.00")
    assert project["budget"] == D("1200.00")  # no 全年预算数 column: 年初预算数 stands in
    assert project["executed"] == D("617.28")
    assert project["execution_rate_stated"] is None
    assert project["expected_annual_executed"] == D("1180.25")


def test_huangshi_indicators_have_no_level2_and_normalise_bukeneng(tmp_path):
    result = _parse(tmp_path, month=6, layout="huangshi")
    assert [i["level2"] for i in result.indicators] == [None] * 5
    assert [i["level1"] for i in result.indicators] == ["产出指标"] * 3 + ["效益指标", "满意度指标"]
    assert [i["completion_likelihood"] for i in result.indicators] == LIKELIHOODS
    assert [i["actual_text"] for i in result.indicators][:2] == ["1.2万亩", "100%"]
    assert {i["expected_text"] for i in result.indicators} == {None}


def test_huangshi_form_level_deviation_and_measures_are_kept(tmp_path):
    project = _parse(tmp_path, month=6, layout="huangshi").project
    assert project["deviation_reason"] == "配套资金到位较晚；雨季影响施工；灌溉设施未完全配套；技术人员不足"
    assert project["measures"] == "加快资金拨付，督促项目实施进度。"


# ---------------------------------------------------------------------------------------------------------
# many projects and recognition


@pytest.mark.parametrize(("layout", "month"), [("national", 5), ("national", 11), ("huangshi", 6)])
def test_multi_sheet_workbook_gives_one_form_per_sheet(tmp_path, layout, month):
    projects = example_monitoring(example_projects(5, seed=11), month, seed=11)
    sheets = _sheets(tmp_path, projects, month, layout)
    assert len(sheets) == 5
    for sheet, project in zip(sheets, projects, strict=True):
        assert looks_like_monitoring_form(sheet)
        result = parse_monitoring_form(sheet)
        assert result.rejections == []
        assert result.project["project_name"] == project["project_name"]
        assert result.project["executed"] == project["executed"]
        assert result.project["period_end_month"] == month
        assert [i["completion_likelihood"] for i in result.indicators] == [
            i["likelihood"] for i in project["indicators"]
        ]


def test_writer_gives_the_same_bytes_every_time(tmp_path):
    projects = example_monitoring(example_projects(3, seed=2), 7)
    first = write_monitoring_forms(tmp_path / "a.xlsx", projects).read_bytes()
    assert write_monitoring_forms(tmp_path / "b.xlsx", projects).read_bytes() == first


def test_self_assessment_form_is_not_a_monitoring_form(tmp_path):
    for layout in ("national", "sichuan"):
        path = write_self_eval_forms(tmp_path / f"自评_{layout}.xlsx", self_eval_projects(2), layout=layout)
        assert not any(looks_like_monitoring_form(s) for s in read_workbook(path))


def test_summary_list_is_not_a_monitoring_form(tmp_path):
    path = tmp_path / "list.xlsx"
    columns = [
        Col("department", "主管部门"),
        Col("project_name", "项目名称"),
        Col("budget", "全年预算数", kind="money"),
        Col("executed", "1-7月执行数", kind="money"),
        Col("likelihood", "完成目标可能性"),
    ]
    rows = [
        {
            "department": "沙湾市教育局",
            "project_name": "2022年学生营养餐补助",
            "budget": D("10"),
            "executed": D("5"),
            "likelihood": "确定能",
        }
    ]
    write_result_list(
        path,
        title="沙湾市2022年项目绩效运行监控汇总表",
        filler="",
        unit_note="单位：万元",
        columns=columns,
        rows=rows,
        footer="",
    )
    assert not looks_like_monitoring_form(read_workbook(path)[0])


def test_unknown_layout_and_month_are_refused(tmp_path):
    with pytest.raises(ValueError):
        write_monitoring_forms(tmp_path / "x.xlsx", [PROJECT], 13)
    with pytest.raises(ValueError):
        write_monitoring_forms(tmp_path / "x.xlsx", [PROJECT], 7, "hubei")


def test_parse_likelihood_refuses_free_text():
    with pytest.raises(CellError):
        parse_likelihood("看情况")
