import datetime as dt
from decimal import Decimal

import pytest

from etl.cells import (
    PLACEHOLDERS,
    CellError,
    IndicatorValue,
    clean_text,
    detect_amount_unit,
    is_blank,
    normalise_name,
    parse_decimal,
    parse_indicator_target,
    parse_rate,
    rate_scale_for_column,
    split_code_prefix,
    to_halfwidth,
    wan_from,
)

D = Decimal


# --- CellError / placeholders ------------------------------------------------------------------------


def test_cell_error_message_is_the_chinese_reason():
    with pytest.raises(CellError) as info:
        parse_decimal("12,3a")
    assert info.value.reason == "无法识别的数字：“12,3a”"
    assert str(info.value) == info.value.reason
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "—",
        "——",
        "-",
        "--",
        "－",
        "/",
        "／",
        "*",
        "＊",
        "…",
        "……",
        "...",
        "无",
        "N/A",
        "n/a",
        "/ ",
        "——/——",
    ],
)
def test_placeholder_texts_are_blank(text):
    assert is_blank(text)


@pytest.mark.parametrize("text", ["\u3000", " \u00a0 ", "\t\n", "\u3000—\u3000", " ／ ", "\u00a0N/A\u00a0"])
def test_placeholders_are_recognised_through_any_whitespace(text):
    assert is_blank(text)


def test_placeholder_set_holds_the_common_spellings():
    assert {"", "—", "——", "-", "/", "／", "*", "…", "无", "N/A", "——/——"} <= PLACEHOLDERS


@pytest.mark.parametrize("value", [0, 0.0, "0", "教育局", "无锡市", dt.date(2024, 1, 1)])
def test_values_are_not_blank(value):
    assert not is_blank(value)


def test_none_is_blank():
    assert is_blank(None)


# --- half-width ---------------------------------------------------------------------------------------


def test_fullwidth_ascii_becomes_halfwidth_and_ideographic_space_a_space():
    assert to_halfwidth("１２３．４５，－＋％／（Ａ）\u3000x") == "123.45,-+%/(A) x"


def test_halfwidth_keeps_chinese_and_length():
    text = "沙湾市（教育局）１２"
    assert to_halfwidth(text) == "沙湾市(教育局)12"
    assert len(to_halfwidth(text)) == len(text)


# --- parse_decimal ------------------------------------------------------------------------------------


def test_blank_cells_parse_to_none():
    for value in (None, "", "——", "/", " \u3000 ", "无"):
        assert parse_decimal(value) is None


def test_int_and_decimal_parse_exactly():
    assert parse_decimal(145683) == D("145683")
    assert parse_decimal(D("1.50")) == D("1.50")


def test_float_uses_shortest_round_trip_so_cents_stay_exact():
    assert parse_decimal(145683.48) == D("145683.48")
    assert str(parse_decimal(0.1)) == "0.1"
    assert parse_decimal(1e12) == D("1E+12")


@pytest.mark.parametrize(
    "value", [1e16, 1e308, "1e309", "-1e14", 10**20, D("1E+400"), "１２３４５６７８９０１２３４５"]
)
def test_numbers_beyond_any_form_are_rejected_not_converted(value):
    with pytest.raises(CellError, match="超出合理范围|位数过多"):
        parse_decimal(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), D("NaN")])
def test_nan_and_infinity_are_rejected(value):
    with pytest.raises(CellError):
        parse_decimal(value)


@pytest.mark.parametrize("value", [True, False, dt.date(2024, 1, 1), dt.datetime(2024, 1, 1), [1]])
def test_booleans_and_dates_are_not_numbers(value):
    with pytest.raises(CellError):
        parse_decimal(value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("145683.48", "145683.48"),
        (" 12 ", "12"),
        ("+5", "5"),
        ("-3.20", "-3.20"),
        ("- 3.2", "-3.2"),
        (".5", "0.5"),
        ("1.5E+05", "150000"),
    ],
)
def test_plain_text_numbers_parse_exactly(text, expected):
    assert parse_decimal(text) == D(expected)


def test_fullwidth_digits_and_dot_parse_exactly():
    assert parse_decimal("９８．０５") == D("98.05")
    assert parse_decimal("－１，２３４．５６") == D("-1234.56")
    assert parse_decimal("\u3000１２３\u3000") == D("123")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,234,567.89", "1234567.89"),
        ("1，234.00", "1234.00"),
        ("1 234 567.89", "1234567.89"),
        ("1\u00a0234", "1234"),
        ("1,2345.00", "12345.00"),
    ],
)
def test_thousands_separators_are_removed(text, expected):
    assert parse_decimal(text) == D(expected)


def test_parenthesised_amount_is_negative():
    assert parse_decimal("(1,234.00)") == D("-1234.00")
    assert parse_decimal("（1,234.00）") == D("-1234.00")


def test_trailing_money_unit_and_currency_sign_are_dropped():
    assert parse_decimal("120万元") == D("120")
    assert parse_decimal("1,000元") == D("1000")
    assert parse_decimal("85分") == D("85")
    assert parse_decimal("¥1,000.50") == D("1000.50")
    assert parse_decimal("￥20") == D("20")


def test_chinese_full_stop_between_digits_is_a_decimal_point():
    assert parse_decimal("12。5") == D("12.5")


@pytest.mark.parametrize("text", ["98%", "98.05％", "5‰"])
def test_percent_is_refused_by_parse_decimal(text):
    with pytest.raises(CellError, match="百分号"):
        parse_decimal(text)


@pytest.mark.parametrize("text", ["12,3a", "abc", "12,3", "1.2.3", "1-2", "((5))", "(-5)", "5元6角", "十二"])
def test_unparseable_text_raises_with_the_original_quoted(text):
    with pytest.raises(CellError) as info:
        parse_decimal(text)
    assert f"“{text}”" in info.value.reason


# --- money units --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("单位：元", "元"),
        ("单位:万元", "万元"),
        ("金额单位：万元", "万元"),
        ("（元）", "元"),
        ("(万元)", "万元"),
        ("预算数（元）", "元"),
        ("预算数（万元）", "万元"),
        ("单位：人民币元", "元"),
        ("单位：人民币万元", "万元"),
        ("  单位 ：  万元 ", "万元"),
        ("2023年项目支出绩效自评表（单位：万元）", "万元"),
    ],
)
def test_money_unit_is_detected_and_wan_is_not_read_as_yuan(text, unit):
    assert detect_amount_unit(text) == unit


@pytest.mark.parametrize(
    "text", ["单位：个", "单位:人", "(%)", "项目名称", "元旦慰问", "单位：亿元", None, ""]
)
def test_texts_without_money_unit_give_none(text):
    assert detect_amount_unit(text) is None


def test_amounts_in_yuan_are_converted_to_wan():
    assert wan_from(D("1456834800"), "元") == D("145683.48")
    assert wan_from(D("1"), "元") == D("0.0001")
    assert wan_from(D("123.45"), "元") == D("0.012345")


def test_amounts_in_wan_are_unchanged():
    assert wan_from(D("145683.48"), "万元") == D("145683.48")


def test_unknown_money_unit_is_an_error():
    with pytest.raises(CellError):
        wan_from(D("1"), "亿元")


# --- rates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("98.05%", "0.9805"),
        ("９８．０５％", "0.9805"),
        (" 100.00 % ", "1"),
        ("0%", "0"),
        ("120%", "1.2"),
        ("-5%", "-0.05"),
        ("1,200%", "12"),
    ],
)
def test_percent_string_becomes_fraction(text, expected):
    assert parse_rate(text) == D(expected)


def test_text_fraction_is_divided():
    assert parse_rate("3/4") == D("0.75")
    assert parse_rate("３／４") == D("0.75")


def test_slash_alone_is_blank_not_a_fraction():
    assert parse_rate("/") is None
    assert parse_rate("——") is None
    assert parse_rate(None) is None


def test_zero_denominator_is_an_error():
    with pytest.raises(CellError):
        parse_rate("3/0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (98.05, "0.9805"),
        ("98.05", "0.9805"),
        (0.9805, "0.9805"),
        (1.2, "1.2"),
        (1, "1"),
        (100, "1"),
        (1.5, "1.5"),
    ],
)
def test_bare_number_rate_uses_the_fraction_heuristic(value, expected):
    assert parse_rate(value) == D(expected)


def test_column_decision_overrides_the_heuristic():
    assert parse_rate(1.2, numeric_is_fraction=False) == D("0.012")
    assert parse_rate("98.05", numeric_is_fraction=True) == D("98.05")
    assert parse_rate(0.5, numeric_is_fraction=False) == D("0.005")
    # a "%" text carries its own scale whatever the column says
    assert parse_rate("50%", numeric_is_fraction=True) == D("0.5")


@pytest.mark.parametrize("value", ["abc", "%", "98%%", True, float("nan")])
def test_unreadable_rate_raises(value):
    with pytest.raises(CellError):
        parse_rate(value)


def test_column_of_fractions_is_detected():
    assert rate_scale_for_column([0.98, "1", None, "——", 1.2, "0.5"]) is True


def test_column_of_percent_points_is_detected():
    assert rate_scale_for_column([98.5, 98.05, "100", 0.5, 97, None]) is False


def test_a_few_overspent_rows_do_not_flip_a_column_of_fractions():
    # 部门整体 lists with rates above 100%: 5.85 means 585%, the rest are fractions
    assert rate_scale_for_column([0.99, 0.98, 1.0, 0.97, 0.95, 0.99, 0.98, 5.85, 0.96, 0.97]) is True


def test_a_mixed_column_is_left_to_each_cell():
    assert rate_scale_for_column([0.5, 98.05, "100", None]) is None


def test_column_scale_ignores_percent_texts_fractions_and_garbage():
    assert rate_scale_for_column(["98%", "3/4", "abc", 0.9]) is True
    assert rate_scale_for_column(["98%", "100%", None, "/"]) is None


def test_column_scale_is_undecided_for_only_ones_or_nothing():
    assert rate_scale_for_column([1, 1.0, "1"]) is None
    assert rate_scale_for_column([]) is None
    assert rate_scale_for_column(iter([None, "—"])) is None


# --- text -----------------------------------------------------------------------------------------------


def test_clean_text_collapses_every_whitespace_kind():
    assert clean_text("  沙湾市\u3000\u3000教育局\n\t(本级)\r\n ") == "沙湾市 教育局 (本级)"
    assert clean_text("a\u00a0b\u200b") == "a b"


def test_clean_text_turns_placeholders_into_none():
    assert clean_text("——") is None
    assert clean_text(" / ") is None
    assert clean_text(None) is None
    assert clean_text(float("nan")) is None


def test_integral_floats_print_without_decimal_part():
    assert clean_text(2021.0) == "2021"
    assert clean_text(2021) == "2021"
    assert clean_text(12.5) == "12.5"
    assert clean_text(D("2021.00")) == "2021"


def test_dates_print_as_iso():
    assert clean_text(dt.datetime(2024, 3, 1)) == "2024-03-01"
    assert clean_text(dt.datetime(2024, 3, 1, 8, 30)) == "2024-03-01 08:30:00"
    assert clean_text(dt.date(2024, 3, 1)) == "2024-03-01"


# --- codes and names ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "name"),
    [
        ("219001-沙湾市教育局", "219001", "沙湾市教育局"),
        ("219-池州市棠溪镇", "219", "池州市棠溪镇"),
        ("[219001]教育局", "219001", "教育局"),
        ("【219001】教育局", "219001", "教育局"),
        ("219001 教育局", "219001", "教育局"),
        ("219001\u3000教育局", "219001", "教育局"),
        ("219001－教育局", "219001", "教育局"),
        ("219001—教育局", "219001", "教育局"),
        ("219001_教育局", "219001", "教育局"),
        ("２１９００１-教育局", "219001", "教育局"),
        ("51000021R000000019951-工资性支出", "51000021R000000019951", "工资性支出"),
        (" 219001 - 沙湾市 教育局 ", "219001", "沙湾市 教育局"),
    ],
)
def test_code_prefix_is_split(text, code, name):
    assert split_code_prefix(text) == (code, name)


@pytest.mark.parametrize(
    "text",
    [
        "2021年义务教育营养改善计划",
        "G217线维修",
        "2021 年义务教育",
        "2021-2023年高标准农田建设",
        "12-教育局",
        "500 亩高标准农田",
        "123 456",
        "教育局219001",
    ],
)
def test_code_prefix_is_split_but_year_in_name_is_not(text):
    assert split_code_prefix(text) == (None, clean_text(text))


def test_blank_name_has_no_code_and_empty_name():
    assert split_code_prefix("——") == (None, "")
    assert split_code_prefix(None) == (None, "")


def test_normalised_name_drops_code_and_internal_spaces():
    assert normalise_name("219001-沙湾市 教育局") == "沙湾市教育局"
    assert normalise_name("沙湾市\u3000教育局") == "沙湾市教育局"
    assert normalise_name(" 【219001】 沙湾市 教育局 ") == "沙湾市教育局"
    assert normalise_name("2021年 义务教育") == "2021年义务教育"
    assert normalise_name("——") is None
    assert normalise_name(None) is None


# --- indicator targets --------------------------------------------------------------------------------


def _target(operator, value, unit, quantified=True):
    return (operator, None if value is None else D(value), unit, quantified)


def _fields(result: IndicatorValue):
    return (result.operator, result.value, result.unit, result.is_quantified)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("≥500人", _target("≥", "500", "人")),
        (">=500人", _target("≥", "500", "人")),
        ("＞＝500人", _target("≥", "500", "人")),
        ("≧500人", _target("≥", "500", "人")),
        ("不少于500人", _target("≥", "500", "人")),
        ("大于等于500人", _target("≥", "500", "人")),
        ("100%", _target(None, "100", "%")),
        ("１００％", _target(None, "100", "%")),
        ("≤120万元", _target("≤", "120", "万元")),
        ("<=120万元", _target("≤", "120", "万元")),
        ("不超过120万元", _target("≤", "120", "万元")),
        ("不高于120万元", _target("≤", "120", "万元")),
        ("小于等于120万元", _target("≤", "120", "万元")),
        ("≦120万元", _target("≤", "120", "万元")),
        ("=1项", _target("=", "1", "项")),
        ("＝1项", _target("=", "1", "项")),
        (">0", _target(">", "0", None)),
        ("<5天", _target("<", "5", "天")),
        ("95%以上", _target("≥", "95", "%")),
        ("不低于95%", _target("≥", "95", "%")),
        ("≥100百分比", _target("≥", "100", "百分比")),
        ("达到98%", _target("≥", "98", "%")),
        ("≥ 90 %", _target("≥", "90", "%")),
        ("1,000人次", _target(None, "1000", "人次")),
        ("3个月内", _target("≤", "3", "个月")),
        ("500平方米以上", _target("≥", "500", "平方米")),
        ("98.5%（含）以上", _target("≥", "98.5", "%")),
        ("覆盖率达到95%以上", _target("≥", "95", "%")),
        ("完成培训≥500人次", _target("≥", "500", "人次")),
    ],
)
def test_quantified_targets_give_operator_value_and_unit(text, expected):
    result = parse_indicator_target(text)
    assert _fields(result) == expected
    assert result.text == text


@pytest.mark.parametrize(
    "text",
    ["12月底前", "2022年12月31日前", "2022年12月底前完成", "12月前", "≤12月", "年底前完成"],
)
def test_time_targets_become_no_later_than_month(text):
    assert _fields(parse_indicator_target(text)) == _target("≤", "12", "月")


def test_time_target_keeps_its_month():
    assert _fields(parse_indicator_target("6月30日前")) == _target("≤", "6", "月")


@pytest.mark.parametrize(
    "text", ["有效改善", "明显提升", "效果明显", "严格执行相关制度规定", "达成预期指标", "良好", "优"]
)
def test_qualitative_targets_have_no_value(text):
    result = parse_indicator_target(text)
    assert (result.value, result.is_quantified, result.text) == (None, False, text)
    assert result.operator is None


@pytest.mark.parametrize("text", [None, "", "——", "/", "\u3000"])
def test_placeholder_target_is_empty(text):
    assert parse_indicator_target(text) == IndicatorValue(None, None, None, False, "")


def test_separate_operator_and_unit_cells_are_used():
    result = parse_indicator_target("500", operator="≥", unit="人")
    assert _fields(result) == _target("≥", "500", "人")
    assert result.text == "500"
    assert _fields(parse_indicator_target(95, operator="＞＝", unit="%")) == _target("≥", "95", "%")
    assert _fields(parse_indicator_target(95.5, operator="大于等于", unit="%")) == _target("≥", "95.5", "%")


def test_kind_cells_are_not_operators():
    assert _fields(parse_indicator_target("90", operator="定量", unit="%")) == _target(None, "90", "%")
    result = parse_indicator_target("良好", operator="定性", unit=None)
    assert (result.operator, result.value, result.is_quantified) == (None, None, False)


def test_operator_and_unit_in_the_text_win_over_the_cells():
    assert _fields(parse_indicator_target("≤5天", operator="≥", unit="小时")) == _target("≤", "5", "天")


def test_indicator_value_is_frozen():
    result = parse_indicator_target("≥1项")
    with pytest.raises(AttributeError):
        result.value = D("2")  # type: ignore[misc]
