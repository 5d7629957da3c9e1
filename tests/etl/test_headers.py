import tomllib
from collections import Counter

import pytest

from etl.headers import HEADERS_TOML, HeaderMatch, field_labels, header_unit, match_header, normalise_label


def _raw_table():
    with HEADERS_TOML.open("rb") as f:
        return tomllib.load(f)


def test_no_label_belongs_to_two_fields():
    labels = [normalise_label(label) for synonyms in _raw_table()["fields"].values() for label in synonyms]
    duplicates = [label for label, count in Counter(labels).items() if count > 1]
    assert duplicates == []


def test_every_toml_label_matches_its_own_field():
    for field, synonyms in _raw_table()["fields"].items():
        for label in synonyms:
            found = match_header(label)
            assert found is not None and found.field == field, label


def test_loaded_labels_are_grouped_by_field():
    labels = field_labels()
    assert "全年执行数" in labels["executed"]
    assert "全年(调整)预算数" in labels["budget"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年执行数（万元）", "全年执行数"),
        ("全年执行数(元)", "全年执行数"),
        ("执行率（%）", "执行率"),
        ("执行率(B/A)(%)", "执行率"),
        ("年初预算数（A）", "年初预算数"),
        ("全年执行数(B)", "全年执行数"),
        ("执行率（C=B/A）", "执行率"),
        ("自评得分（分）", "自评得分"),
        ("决策(10分)", "决策"),
        ("决策（满分20分）", "决策"),
        ("*项目名称", "项目名称"),
        ("★项目名称：", "项目名称"),
        ("项目名称:", "项目名称"),
        ("全年\n执行数", "全年执行数"),
        (" 全 年\u3000执行数 ", "全年执行数"),
        ("全年（调整）预算数", "全年(调整)预算数"),
        ("执行率%", "执行率"),
        ("金额（单位：万元）", "金额"),
        ("１－５月执行数", "1-5月执行数"),
    ],
)
def test_label_decorations_are_stripped_but_words_kept(text, expected):
    assert normalise_label(text) == expected


def test_blank_label_normalises_to_empty():
    assert normalise_label(None) == ""
    assert normalise_label(" \n ") == ""


@pytest.mark.parametrize(
    ("text", "unit"),
    [("全年执行数（万元）", "万元"), ("预算数(元)", "元"), ("执行率（%）", None), ("项目名称", None)],
)
def test_header_unit_reads_the_money_decoration(text, unit):
    assert header_unit(text) == unit


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("部门名称", "department"),
        ("主管部门", "department"),
        ("预算部门", "department"),
        ("单位名称", "unit"),
        ("项目实施单位", "unit"),
        ("项目编码", "project_code"),
        ("项目代码", "project_code"),
        ("项目名称", "project_name"),
        ("资金性质", "fund_type"),
        ("资金来源", "fund_type"),
        ("年初预算数", "budget_initial"),
        ("调整后预算数", "budget"),
        ("全年（调整）预算数", "budget"),
        ("预算数", "budget"),
        ("全年执行数", "executed"),
        ("执行数", "executed"),
        ("执行率", "execution_rate"),
        ("执行进度", "execution_rate"),
        ("绩效目标完成率", "goal_completion_rate"),
        ("自评得分", "self_score"),
        ("自评分", "self_score"),
        ("财政评分", "finance_score"),
        ("复核得分", "finance_score"),
        ("等级", "grade"),
        ("自评等级", "grade"),
        ("备注", "remark"),
        ("序号", "seq"),
        ("是否自评", "assessed_flag"),
        ("到位资金", "funds_arrived"),
        ("得分", "score"),
        ("综合得分", "score"),
        ("评审结论", "conclusion"),
        ("决策", "score_decision"),
        ("过程", "score_process"),
        ("产出", "score_output"),
        ("效益", "score_effect"),
        ("完成目标可能性", "completion_likelihood"),
        ("偏差原因分析及改进措施", "deviation_reason"),
        ("财政区划", "region"),
        ("预算年度", "fiscal_year"),
        ("涉及资金", "amount"),
        ("申请金额", "amount"),
    ],
)
def test_synonyms_map_to_the_canonical_field(text, field):
    found = match_header(text)
    assert found is not None
    assert found.field == field
    assert found.label == text
    assert found.period_month is None


def test_decorated_header_matches_and_reports_its_unit():
    assert match_header("全年执行数（万元）") == HeaderMatch("executed", "全年执行数（万元）", "万元", None)
    assert match_header("预算数\n(元)") == HeaderMatch("budget", "预算数\n(元)", "元", None)
    assert match_header("执行率(B/A)(%)") == HeaderMatch("execution_rate", "执行率(B/A)(%)", None, None)
    assert match_header("决策（20分）").field == "score_decision"


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("1-5月执行数", 5),
        ("1—6月执行数", 6),
        ("1至7月执行", 7),
        ("1 - 8 月执行数", 8),
        ("1～9月份累计执行数", 9),
        ("1-12月执行数（万元）", 12),
        ("截至6月底执行数", 6),
    ],
)
def test_period_execution_header_carries_its_last_month(text, month):
    found = match_header(text)
    assert found is not None
    assert (found.field, found.period_month) == ("period_executed", month)


def test_period_rate_header_carries_its_last_month():
    found = match_header("1-7月执行率（%）")
    assert found is not None
    assert (found.field, found.period_month) == ("period_rate", 7)


def test_period_with_impossible_month_is_not_matched():
    assert match_header("1-13月执行数") is None


def test_two_row_header_matches_sub_label_first():
    found = match_header("预算执行情况/全年执行数")
    assert found == HeaderMatch("executed", "预算执行情况/全年执行数", None, None)
    assert match_header("预算执行情况/执行率(B/A)").field == "execution_rate"
    assert match_header("评价得分/决策").field == "score_decision"


def test_two_row_header_falls_back_to_group_label():
    assert match_header("自评得分/（分）").field == "self_score"
    assert match_header("备注/ ").field == "remark"


def test_two_row_header_takes_unit_from_either_level():
    assert match_header("预算执行情况（万元）/全年执行数").unit == "万元"
    assert match_header("预算执行情况（万元）/全年执行数（元）").unit == "元"


def test_full_label_is_tried_before_its_levels():
    # "政策(项目)名称" contains no level split; a slash inside brackets is not a level separator either
    assert match_header("政策（项目）名称").field == "project_name"


@pytest.mark.parametrize("text", [None, "", "合计", "指标值", "xyz", "项目情况/说明不清的列"])
def test_unknown_headers_do_not_match(text):
    assert match_header(text) is None
