"""Every audit rule fires on the mistake it is about, points at the row to correct, and stays silent on
clean data: each rule has a fixture that triggers it and every clean fixture raises nothing at all."""

from __future__ import annotations

import pytest
from review_fixtures import REVIEW_TRIGGERS
from support.audit_warehouse import (
    DEPT,
    monitoring_indicators,
    self_eval_indicators,
    target_indicators,
)

from warehouse import audit

# --- fixtures that trigger one rule each: (code, build) where build(wh) returns the row(s) to be pointed at


def t01_no_effect(wh):
    return wh.target_form(indicators=[i for i in target_indicators() if i["level1"] != "效益指标"])


def t01_stated_no_indicators(wh):
    return wh.target(source_file="目标汇总.xlsx", indicator_count=0, quantified_count=0)


def t02_placeholder(wh):
    items = target_indicators()
    items[0] = {**items[0], "level3": "指标1"}
    project = wh.target_form(indicators=items)
    return {**project, "source_row": project["source_row"] + 5}


def t02_blank_name(wh):
    items = self_eval_indicators()
    items[1] = {**items[1], "level3": None}
    project = wh.self_eval_form(indicators=items)
    return {**project, "source_row": project["source_row"] + 6}


def t03_copied(wh):
    items = [
        {**i, "actual_text": i["target_text"], "actual_value": i["target_value"], "score": i["weight"]}
        for i in self_eval_indicators()
    ]
    return wh.self_eval_form(indicators=items)


def t04_no_satisfaction(wh):
    return wh.target_form(indicators=[i for i in target_indicators() if i["level1"] != "满意度指标"])


def t05_only_qualitative(wh):
    return wh.target(source_file="目标汇总.xlsx", indicator_count=6, quantified_count=0)


def t06_low_rate(wh):
    return wh.target(source_file="目标汇总.xlsx", indicator_count=10, quantified_count=3)


def t06_far_below_peers(wh):
    for n in range(4):
        wh.target(
            source_file="目标汇总.xlsx", project_code=f"P{n}", project_name=f"项目{n}", indicator_count=10,
            quantified_count=10,
        )  # fmt: skip
    return wh.target(source_file="目标汇总.xlsx", indicator_count=10, quantified_count=6)


def m01_payment_progress(wh):
    items = [
        {**i, "actual_text": text}
        for i, text in zip(monitoring_indicators(), ["40%", "40.00%", "40%", "40%"], strict=True)
    ]
    return wh.monitoring_form(indicators=items)


def m02_unlikely_list_row(wh):
    return wh.monitoring(
        source_file="监控汇总.xlsx", completion_likelihood="完全不可能", deviation_reason=None
    )


def m02_unlikely_indicator(wh):
    items = monitoring_indicators()
    items[0] = {**items[0], "completion_likelihood": "有可能"}
    project = wh.monitoring_form(indicators=items)
    return {**project, "source_row": project["source_row"] + 5}


def m03_monitored_without_target(wh):
    wh.target(project_code="T1", project_name="食堂改造")
    return wh.monitoring(source_file="监控汇总.xlsx")


def d01_dept_over_budget(wh):
    # the seed's 2021 部门整体: executed 289479.9 against a budget of 186622.81 万元
    return wh.dept_self_eval(budget=186622.81, executed=289479.9, execution_rate_stated=1.5511)


def d01_project_over_budget(wh):
    return wh.self_eval(executed=120, execution_rate_stated=1.2)


def d02_rate_mismatch(wh):
    return wh.self_eval(execution_rate_stated=0.9)


def d03_score_over_100(wh):
    return wh.evaluation(score=105, finance_score=None, score_decision=25, score_process=20, score_output=30,
                         score_effect=30, grade_stated=None)  # fmt: skip


def d03_indicator_over_weight(wh):
    items = self_eval_indicators()
    items[0] = {**items[0], "score": 25}
    project = wh.self_eval_form(indicators=items, self_score=104.8)
    return {**project, "source_row": project["source_row"] + 5}


def d04_evaluation_parts(wh):
    return wh.evaluation(score_decision=20)


def d04_form_total(wh):
    return wh.self_eval_form(self_score=95)


def d05_grade_75_is_not_excellent(wh):
    return wh.self_eval(finance_score=75, grade_stated="优")


def d06_missing_executed(wh):
    wh.self_eval(project_code="A", project_name="甲")
    return wh.self_eval(project_code="B", project_name="乙", executed=None, execution_rate_stated=None)


def d07_far_above(wh):
    items = self_eval_indicators()
    items[0] = {**items[0], "actual_text": "1200人次", "actual_value": 1200}
    project = wh.self_eval_form(indicators=items)
    return {**project, "source_row": project["source_row"] + 5}


def d08_missed(wh):
    items = self_eval_indicators()
    items[0] = {**items[0], "actual_text": "450人次", "actual_value": 450, "score": 18}
    project = wh.self_eval_form(indicators=items)
    return {**project, "source_row": project["source_row"] + 5}


def d09_conflict(wh):
    first = wh.self_eval(source_file="a_汇总.xlsx")
    wh.self_eval(source_file="b_项目表.xlsx", budget=120, executed=117.6)
    return first


def d10_zero(wh):
    return wh.self_eval(executed=0, execution_rate_stated=0)


def d10_zero_at_checkpoint(wh):
    return wh.monitoring(executed=0, execution_rate_stated=0)


def d11_low(wh):
    return wh.self_eval(executed=30, execution_rate_stated=0.3)


def d19_negative_budget(wh):
    return wh.monitoring(budget=-20, executed=5, execution_rate_stated=None)


def d12_subtotal(wh):
    wh.self_eval(source_file="汇总.xlsx", source_row=5, budget=100)
    wh.self_eval(
        source_file="汇总.xlsx", source_row=6, project_code="6542000002", project_name="学生资助", budget=50
    )
    return wh.add(
        "subtotal",
        source_file="汇总.xlsx",
        source_row=7,
        kind="项目支出绩效自评结果汇总表",
        label="教育局小计",
        field="budget",
        stated=160,
        computed=150,
        covered_rows=2,
        first_row=5,
        last_row=6,
    )


TRIGGERS = [
    ("T01", t01_no_effect),
    ("T01", t01_stated_no_indicators),
    ("T02", t02_placeholder),
    ("T02", t02_blank_name),
    ("T03", t03_copied),
    ("T04", t04_no_satisfaction),
    ("T05", t05_only_qualitative),
    ("T06", t06_low_rate),
    ("T06", t06_far_below_peers),
    ("M01", m01_payment_progress),
    ("M02", m02_unlikely_list_row),
    ("M02", m02_unlikely_indicator),
    ("M03", m03_monitored_without_target),
    ("D01", d01_dept_over_budget),
    ("D01", d01_project_over_budget),
    ("D02", d02_rate_mismatch),
    ("D03", d03_score_over_100),
    ("D03", d03_indicator_over_weight),
    ("D04", d04_evaluation_parts),
    ("D04", d04_form_total),
    ("D05", d05_grade_75_is_not_excellent),
    ("D06", d06_missing_executed),
    ("D07", d07_far_above),
    ("D08", d08_missed),
    ("D09", d09_conflict),
    ("D10", d10_zero),
    ("D10", d10_zero_at_checkpoint),
    ("D11", d11_low),
    ("D19", d19_negative_budget),
    ("D12", d12_subtotal),
    *REVIEW_TRIGGERS,
]


@pytest.mark.parametrize(("code", "build"), TRIGGERS, ids=[f"{c}-{b.__name__}" for c, b in TRIGGERS])
def test_rule_flags_its_mistake_at_the_source_row(wh, code, build):
    expected = build(wh)
    found = [p for p in wh.problems() if p["rule_code"] == code]
    assert found, f"{code} found nothing"
    where = {(p["source_file"], p["source_sheet"], p["source_row"]) for p in found}
    assert (expected["source_file"], expected["source_sheet"], expected["source_row"]) in where
    assert all(p["message"] and p["department"] == DEPT for p in found)


# --- clean fixtures: every stage, every kind of source — nothing at all may be found


def clean_self_eval_list(wh):
    wh.self_eval()
    wh.self_eval(project_code="6542000002", project_name="学生资助", budget=50, executed=50,
                 execution_rate_stated=1, finance_score=85, grade_stated="良好")  # fmt: skip
    wh.self_eval(project_code="6542000003", project_name="中央补助", assessed=False, self_score=None,
                 finance_score=None, grade_stated=None, fund_tags=["中央转移支付"])  # fmt: skip


def clean_self_eval_form(wh):
    wh.self_eval_form()


def clean_same_project_in_list_and_form(wh):
    wh.self_eval(source_file="a_汇总.xlsx")
    wh.self_eval(source_file="b_项目表.xlsx", self_score=None, finance_score=None, grade_stated=None)


def clean_target_form(wh):
    wh.target_form()


def clean_target_list_with_peers(wh):
    for n, quantified in enumerate([8, 7, 9, 6]):
        wh.target(source_file="目标汇总.xlsx", project_code=f"P{n}", project_name=f"项目{n}", indicator_count=10,
                  quantified_count=quantified)  # fmt: skip


def clean_monitoring_form(wh):
    wh.monitoring_form()


def clean_monitoring_with_reason(wh):
    wh.monitoring(completion_likelihood="有可能", deviation_reason="资金到位较晚，已督促加快实施")
    items = monitoring_indicators()
    items[0] = {**items[0], "completion_likelihood": "有可能", "deviation_reason": "受天气影响，工期顺延"}
    wh.monitoring_form(indicators=items, project_code="6542000009", project_name="操场改造")


def clean_monitoring_progress_not_payment(wh):
    # one indicator at 40% like the budget is fine: only all of them repeating the rate is suspicious
    items = [
        {**i, "actual_text": text}
        for i, text in zip(monitoring_indicators(), ["40%", "65%", "已完成", "90%"], strict=True)
    ]
    wh.monitoring_form(indicators=items)


def clean_monitoring_of_a_targeted_project(wh):
    wh.target_form()
    wh.monitoring_form()
    wh.monitoring(source_file="十一月.xlsx", period_end_month=11, executed=90, execution_rate_stated=0.9)


def clean_dept_self_eval(wh):
    wh.dept_self_eval()
    wh.dept_self_eval(department="沙湾市水利局", budget=500, executed=500, execution_rate_stated=1,
                      finance_score=88, grade_stated="良")  # fmt: skip


def clean_evaluation(wh):
    wh.evaluation()
    wh.evaluation(level="财政评价", finance_score=None, score=85, grade_stated="良", score_decision=15,
                  score_process=18, score_output=27, score_effect=25)  # fmt: skip


def clean_exante(wh):
    wh.exante()


def clean_missed_target_explained(wh):
    items = self_eval_indicators()
    items[0] = {**items[0], "actual_text": "450人次", "actual_value": 450, "score": 18,
                "deviation_reason": "部分培训因疫情延期"}  # fmt: skip
    items[2] = {**items[2], "actual_text": "1200人次", "actual_value": 1200, "target_text": "≥100人次",
                "target_value": 100, "deviation_reason": "上级追加培训任务"}  # fmt: skip
    wh.self_eval_form(indicators=items)


def clean_national_bands_elsewhere(wh):
    # 75 分 is 中 in 沙湾市 (中 ≥70) and in the national bands (中 ≥60); 65 分 is 中 only nationally
    wh.self_eval(region="某县", finance_score=65, grade_stated="中")


CLEAN = [
    clean_self_eval_list,
    clean_self_eval_form,
    clean_same_project_in_list_and_form,
    clean_target_form,
    clean_target_list_with_peers,
    clean_monitoring_form,
    clean_monitoring_with_reason,
    clean_monitoring_progress_not_payment,
    clean_monitoring_of_a_targeted_project,
    clean_dept_self_eval,
    clean_evaluation,
    clean_exante,
    clean_missed_target_explained,
    clean_national_bands_elsewhere,
]


@pytest.mark.parametrize("build", CLEAN, ids=[b.__name__ for b in CLEAN])
def test_clean_fixtures_raise_nothing_at_all(wh, build):
    build(wh)
    assert wh.problems() == []


# rules about the ledgers need the work calendar and the state store: triggered in tests/ledger/test_ledger_rules.py
LEDGER_RULES = {"S01", "S02", "C03", "C04", "C05", "C06"}


def test_every_rule_has_a_triggering_fixture():
    assert {code for code, _ in TRIGGERS} | LEDGER_RULES == {r.code for r in audit.catalogue()}


def test_rule_metadata_is_written_once():
    """Title, stage, severity and rationale live in sql/rules/rules.toml only; a rule file keeps its message
    template and its grain, and nothing that could disagree with the catalogue."""
    for rule in audit.catalogue():
        head = [line for line in rule.sql.splitlines() if line.startswith("--")][:4]
        assert rule.message_template, rule.code
        assert any(line.startswith("-- grain:") for line in head), rule.code
        assert not [
            line for line in head if line.split(":")[0] in ("-- stage", "-- severity", "-- rationale")
        ]


def test_thresholds_come_from_the_config_not_the_sql(wh, monkeypatch):
    wh.self_eval(executed=97.6, execution_rate_stated=0.98)  # 0.4 个百分点之差
    assert not [p for p in wh.problems() if p["rule_code"] == "D02"]
    settings = audit.settings()
    monkeypatch.setitem(settings["params"], "rate_tolerance", 0.001)
    assert [p["rule_code"] for p in wh.problems()] == ["D02"]


def test_a_rule_whose_parameters_disagree_with_the_catalogue_is_refused(monkeypatch):
    settings = audit.settings()
    monkeypatch.setitem(settings["rules"]["D02"], "params", [])
    with pytest.raises(audit.RuleError, match="D02"):
        audit.catalogue()


def test_findings_carry_title_severity_and_fund_category(wh):
    wh.self_eval(executed=0, execution_rate_stated=0, fund_tags=["直达资金"])
    wh.rebuild()
    row = wh.con.execute(
        "SELECT rule_code, rule_title, severity, stage, fund_type, fund_tags FROM mart.problem"
    ).fetchall()
    assert row == [("D10", "预算执行率为零", "中", "项目自评", "一般公共预算", ["直达资金"])]


def test_messages_quote_the_numbers(wh):
    d01_dept_over_budget(wh)
    (problem,) = [p for p in wh.problems() if p["rule_code"] == "D01"]
    assert problem["stage"] == "部门整体自评"
    assert problem["project_name"] is None
    assert problem["message"] == "全年执行数 289479.9 万元超过全年预算数 186622.81 万元（执行率 155.11%）"
