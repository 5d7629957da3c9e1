"""The independent review recomputes what a department claims: re-scored self-assessments, indicator lights,
targets against history and the 指标库. Each review rule clears once the form is corrected."""

from __future__ import annotations

from decimal import Decimal

import pytest
from review_fixtures import REVIEW_TRIGGERS
from support.audit_warehouse import monitoring_indicators, self_eval_indicators

from warehouse import profiles


@pytest.mark.parametrize(("code", "build"), REVIEW_TRIGGERS, ids=[c for c, _ in REVIEW_TRIGGERS])
def test_review_rule_clears_once_the_form_is_corrected(wh, code, build):
    build(wh, fixed=True)
    assert [p["message"] for p in wh.problems() if p["rule_code"] == code] == []


def test_rescore_recomputes_each_indicator_and_the_execution_score(wh):
    from review_fixtures import r01_inflated_total

    r01_inflated_total(wh)
    wh.rebuild()
    (row,) = wh.con.execute(
        "SELECT stated_score, rescored, difference, execution_score, reason FROM mart.rescore"
    ).fetchall()
    assert row[:4] == (Decimal("99.8"), Decimal("97.80"), Decimal("2.00"), Decimal("9.80"))
    assert "培训人次：完成值 450 为指标值 500 的 90%，应得 18 分" in row[4]


def test_qualitative_indicators_score_by_their_band(wh):

    items = self_eval_indicators()
    items[3] = {**items[3], "actual_text": "部分达成，效果一般"}  # 30 分 → 部分达成档上限 80% = 24 分
    wh.self_eval_form(indicators=items)
    wh.rebuild()
    ((rescored, reason),) = wh.con.execute(
        "SELECT rescored, reason FROM mart.rescore_indicator WHERE level3 = '办学条件'"
    ).fetchall()
    assert rescored == Decimal("24.00")
    assert "部分达成年度指标并具有一定效果" in reason


def test_inverse_and_date_indicators_count_full_when_met(wh):

    items = self_eval_indicators()
    items[1] = {**items[1], "actual_text": "12月底前", "actual_value": 12}  # met on the date: full marks
    wh.self_eval_form(indicators=items)
    wh.rebuild()
    assert wh.con.execute("SELECT difference FROM mart.rescore").fetchall() == [(Decimal("0.00"),)]


@pytest.mark.parametrize(
    ("actual", "light"), [("100人次", "红"), ("150人次", "黄"), ("210人次", "绿"), ("300人次", "蓝")]
)
def test_lights_follow_the_configured_bands_of_progress_against_time(wh, actual, light):
    # 500 人次 a year → 208.3 due by the end of May
    items = monitoring_indicators()
    items[0] = {**items[0], "actual_text": actual, "deviation_reason": "据实填报"}
    wh.monitoring_form(indicators=items)
    wh.rebuild()
    got = wh.con.execute("SELECT light FROM mart.indicator_light WHERE level3 = '培训人次'").fetchall()
    assert got == [(light,)]


def test_light_bands_come_from_the_region_configuration(wh, monkeypatch):
    bands = {"红": 0.0, "黄": 0.3, "绿": 0.5, "蓝": 2.0}
    monkeypatch.setitem(profiles._regions()["review"], "light_bands", bands)
    items = monitoring_indicators()
    items[0] = {**items[0], "actual_text": "120人次"}  # 58% of what is due: 绿 under these bands
    wh.monitoring_form(indicators=items)
    wh.rebuild()
    assert wh.con.execute("SELECT light FROM mart.indicator_light WHERE level3 = '培训人次'").fetchall() == [
        ("绿",)
    ]


def test_project_light_is_the_worst_of_its_indicators(wh):
    items = monitoring_indicators()
    items[0] = {**items[0], "actual_text": "100人次", "deviation_reason": "资金晚到"}
    wh.monitoring_form(indicators=items)
    wh.rebuild()
    row = wh.con.execute("SELECT worst_light, red_count, green_count FROM mart.project_light").fetchall()
    assert row == [("红", 1, 3)]


def test_history_matches_the_project_across_years_without_its_year_prefix(wh):
    from review_fixtures import r04_target_below_last_actual

    r04_target_below_last_actual(wh)
    wh.rebuild()
    got = wh.con.execute(
        "SELECT last_actual, last_target, budget_change FROM mart.indicator_history WHERE level3 = '培训人次'"
    ).fetchall()
    assert got == [(600.0, 500.0, 0.0)]
