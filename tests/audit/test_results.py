"""结果应用 lists: budget cuts for projects under 80, 部门评价 coverage, monitoring failed twice in a row,
and projects assessed 不支持 ex ante that still have targets."""

from __future__ import annotations

from decimal import Decimal

from support.audit_warehouse import DEPT

from warehouse import audit

SCOPE = {"years": [2021], "regions": [], "departments": [], "funds": []}


def settings():
    return audit.results_settings()


def budget_cut(wh, **scope):
    s = settings()
    return wh.query(
        "results_budget_cut",
        **{**SCOPE, **scope},
        cut_below=s["budget_cut_below"],
        cut_rate=s["budget_cut_rate"],
    )


def test_projects_under_80_get_a_proposed_cut_of_the_configured_share(wh):
    wh.self_eval(project_code="A", project_name="2021年甲项目", budget=200, executed=120, execution_rate_stated=0.6,
                 finance_score=75, grade_stated="中")  # fmt: skip
    wh.self_eval(project_code="B", project_name="2021年乙项目", finance_score=95)
    wh.self_eval(project_code="C", project_name="2021年丙项目", finance_score=79.9, grade_stated="中")
    # next year's target for 丙 (new code, same name without the year): its budget is the base of the cut
    wh.target(fiscal_year=2022, project_code="X", project_name="2022年丙项目", budget=300)
    wh.rebuild()
    rows = {r["project_name"]: r for r in budget_cut(wh)}
    assert set(rows) == {"2021年甲项目", "2021年丙项目"}
    rate = Decimal(str(settings()["budget_cut_rate"]))
    assert rows["2021年甲项目"]["proposed_cut"] == Decimal(200) * rate
    assert rows["2021年甲项目"]["cut_base_source"] == "本年度预算"
    assert rows["2021年丙项目"]["proposed_cut"] == Decimal(300) * rate
    assert rows["2021年丙项目"]["cut_base_source"] == "下年度绩效目标预算"
    assert rows["2021年丙项目"]["budget_year"] == 2022


def test_the_key_evaluation_score_outranks_the_self_assessment(wh):
    wh.self_eval(finance_score=95)
    wh.evaluation(level="财政评价", score=78, finance_score=None, grade_stated="中", score_decision=18,
                  score_process=18, score_output=21, score_effect=21)  # fmt: skip
    wh.rebuild()
    (row,) = budget_cut(wh)
    assert (row["score_source"], row["score"]) == ("财政评价", Decimal(78))


def test_department_evaluation_coverage_against_the_20_percent_rule(wh):
    for n, budget in enumerate([400, 300, 300]):
        wh.self_eval(project_code=f"E{n}", project_name=f"教育项目{n}", budget=budget, executed=budget,
                     execution_rate_stated=1)  # fmt: skip
    wh.evaluation(project_code="E1", project_name="教育项目1", budget=300, executed=297)
    for n in range(2):
        wh.self_eval(department="沙湾市水利局", project_code=f"W{n}", project_name=f"水利项目{n}", budget=500,
                     executed=500, execution_rate_stated=1)  # fmt: skip
    wh.evaluation(
        department="沙湾市水利局", project_code="W0", project_name="水利项目0", budget=50, executed=49.5
    )
    wh.rebuild()
    rows = {r["department"]: r for r in wh.query("results_dept_coverage", **SCOPE, min_share=0.2)}
    assert rows[DEPT]["coverage"] == Decimal("0.3") and rows[DEPT]["meets_rule"]
    water = rows["沙湾市水利局"]
    assert water["coverage"] == Decimal("0.05") and not water["meets_rule"]
    assert water["shortfall"] == Decimal(150)


def test_five_year_coverage_finds_projects_never_evaluated_in_the_window(wh):
    wh.self_eval(fiscal_year=2021, project_code="A", project_name="2021年甲项目")
    wh.self_eval(fiscal_year=2021, project_code="B", project_name="2021年乙项目")
    wh.self_eval(fiscal_year=2021, project_code="C", project_name="2021年丙项目")
    wh.evaluation(fiscal_year=2019, project_code="OLD", project_name="2019年甲项目")  # same project by name
    wh.evaluation(fiscal_year=2015, project_code="C", project_name="2015年丙项目")  # outside the 5 years
    wh.rebuild()
    rows = {
        r["project_name"]: r
        for r in wh.query("results_project_coverage", **SCOPE, window_years=5, uncovered_only=False)
    }
    assert rows["2021年甲项目"]["last_evaluated_year"] == 2019 and rows["2021年甲项目"]["covered"]
    assert not rows["2021年乙项目"]["covered"]
    assert not rows["2021年丙项目"]["covered"]


def monitoring_twice(wh):
    s = settings()
    return wh.query(
        "results_monitoring_twice",
        **SCOPE,
        min_progress_ratio=s["monitoring_min_progress_ratio"],
        failing_likelihoods=s["monitoring_failing_likelihoods"],
        barred_grades=s["monitoring_barred_grades"],
    )


def test_projects_failing_two_checkpoints_in_a_row_may_not_keep_a_good_grade(wh):
    # 甲: far behind at May and at August; graded 优 anyway → listed, grade barred
    wh.monitoring(period_end_month=5, executed=5, execution_rate_stated=0.05)
    wh.monitoring(period_end_month=8, executed=10, execution_rate_stated=0.1, source_file="八月.xlsx")
    wh.self_eval(finance_score=92)
    # 乙: behind in May only
    wh.monitoring(
        project_code="B", project_name="乙项目", period_end_month=5, executed=5, execution_rate_stated=0.05
    )
    wh.monitoring(project_code="B", project_name="乙项目", period_end_month=8, executed=60, execution_rate_stated=0.6,
                  source_file="八月.xlsx")  # fmt: skip
    wh.rebuild()
    (row,) = monitoring_twice(wh)
    assert row["project_name"] == "校舍维修改造"
    assert (row["previous_month"], row["period_end_month"]) == (5, 8)
    assert "低于时间进度" in row["reasons"] and "低于时间进度" in row["previous_reasons"]
    assert row["grade"] == "优" and row["grade_barred"]


def test_a_single_checkpoint_never_makes_the_list(wh):
    wh.monitoring(
        executed=0, execution_rate_stated=0, completion_likelihood="完全不可能", deviation_reason="未开工"
    )
    wh.rebuild()
    assert monitoring_twice(wh) == []


def test_projects_rejected_ex_ante_that_still_have_targets(wh):
    wh.exante(project_name="智慧校园建设", conclusion="不予支持")
    wh.exante(project_name="食堂改造", conclusion="予以支持")
    wh.exante(project_name="图书馆扩建", conclusion="不支持")
    wh.target(fiscal_year=2022, project_code="T1", project_name="智慧校园建设", budget=80)
    wh.target(fiscal_year=2022, project_code="T2", project_name="食堂改造", budget=30)
    wh.rebuild()
    rows = wh.query(
        "results_exante_rejected",
        **{**SCOPE, "years": [2022]},
        rejected_keywords=settings()["exante_rejected_keywords"],
    )
    assert [(r["project_name"], r["target_year"], r["target_budget"]) for r in rows] == [
        ("智慧校园建设", 2022, Decimal(80))
    ]
    assert rows[0]["target_source_file"] == "performance_target.xlsx"
