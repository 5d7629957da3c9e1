"""Fixtures for the independent-review rules (R: re-scoring, history, library; L: indicator lights): each
builder writes one mistake into a tiny warehouse and returns the row the finding must point at; the same
builders with ``fixed=True`` write the corrected form, on which the rule must stay silent."""

from __future__ import annotations

from decimal import Decimal

from support.audit_warehouse import indicator, monitoring_indicators, self_eval_indicators, target_indicators


def _row(project: dict, offset: int) -> dict:
    return {**project, "source_row": project["source_row"] + 5 + offset}


def r01_inflated_total(wh, fixed: bool = False):
    items = self_eval_indicators()
    # 450 of 500 earns 18 of 20 points; the form claims full marks
    items[0] = {**items[0], "actual_text": "450人次", "actual_value": 450, "score": 18 if fixed else 20,
                "deviation_reason": "部分培训延期"}  # fmt: skip
    return wh.self_eval_form(indicators=items)


def r02_weights_off(wh, fixed: bool = False):
    items = self_eval_indicators()
    if not fixed:  # 产出 55 / 效益 25 instead of 50 / 30
        items[0] = {**items[0], "weight": 25, "score": 25}
        items[3] = {**items[3], "weight": 25, "score": 25}
    return wh.self_eval_form(indicators=items)


def r03_claim_without_spending(wh, fixed: bool = False):
    executed = 90 if fixed else 40
    rate = Decimal(executed) / 100
    return wh.self_eval_form(executed=executed, execution_rate_stated=rate, execution_score=rate * 10,
                             self_score=rate * 10 + 90)  # fmt: skip


def _history(wh, last_actual: int, target: str, target_value: int, *, budgets=(100, 100), last_target=None):
    """Last year's self-assessment of a project and this year's target form of the same project."""
    items = self_eval_indicators()
    last = last_target if last_target is not None else 500
    items[0] = {**items[0], "target_text": f"≥{last}人次", "target_value": last,
                "actual_text": f"{last_actual}人次", "actual_value": last_actual,
                "deviation_reason": "据实填报"}  # fmt: skip
    wh.self_eval_form(indicators=items, project_name="2021年校舍维修改造", project_code=None,
                      budget=budgets[0], budget_initial=budgets[0], executed=Decimal(budgets[0]) * Decimal("0.98"))  # fmt: skip
    goals = target_indicators()
    goals[0] = {**goals[0], "target_text": target, "target_value": target_value}
    project = wh.target_form(indicators=goals, fiscal_year=2022, project_name="2022年校舍维修改造",
                             project_code=None, budget=budgets[1])  # fmt: skip
    return _row(project, 0)


def r04_target_below_last_actual(wh, fixed: bool = False):
    return _history(wh, 600, "≥600人次" if fixed else "≥500人次", 600 if fixed else 500)


def r05_target_far_above_history(wh, fixed: bool = False):
    return _history(wh, 200, "≥300人次" if fixed else "≥5000人次", 300 if fixed else 5000, last_target=200)


def r06_target_not_adjusted(wh, fixed: bool = False):
    # the budget doubles; the output target stays at last year's 500
    target = ("≥1000人次", 1000) if fixed else ("≥500人次", 500)
    return _history(wh, 500, *target, budgets=(100, 200))


def r07_target_outside_library(wh, fixed: bool = False):
    for n in range(5):
        wh.target_form(sheet=f"{n}-培训", project_code=f"P{n}", project_name=f"教师培训{n}")
    goals = target_indicators()
    # 元 typed into a count: 500000 人次 where peers set 500
    value = 600 if fixed else 500000
    goals[0] = {**goals[0], "target_text": f"≥{value}人次", "target_value": value}
    return _row(wh.target_form(indicators=goals), 0)


def _monitor(wh, actual: str, likelihood: str, reason: str | None = None, **values):
    items = monitoring_indicators()
    items[0] = {
        **items[0],
        "actual_text": actual,
        "completion_likelihood": likelihood,
        "deviation_reason": reason,
    }
    return wh.monitoring_form(indicators=items, **values)


def l01_red_without_reason(wh, fixed: bool = False):
    # 100 of 500 by May is 48% of the 208 due: red
    return _row(_monitor(wh, "100人次", "有可能", "资金到位较晚，已督促" if fixed else None), 0)


def l02_progress_copies_payment(wh, fixed: bool = False):
    items = monitoring_indicators()
    items[0] = {**items[0], "actual_text": "210人次" if fixed else "200人次"}  # 200 of 500 = 40% = 执行率
    items.insert(1, indicator("产出指标", "数量指标", "宣传场次", "≥10场", 10, "场", "4场"))
    items[1]["completion_likelihood"] = "确定能"
    return wh.monitoring_form(indicators=items)


def l03_certain_but_red(wh, fixed: bool = False):
    return _row(_monitor(wh, "100人次", "有可能" if fixed else "确定能", "资金到位较晚，已督促"), 0)


REVIEW_TRIGGERS = [
    ("R01", r01_inflated_total),
    ("R02", r02_weights_off),
    ("R03", r03_claim_without_spending),
    ("R04", r04_target_below_last_actual),
    ("R05", r05_target_far_above_history),
    ("R06", r06_target_not_adjusted),
    ("R07", r07_target_outside_library),
    ("L01", l01_red_without_reason),
    ("L02", l02_progress_copies_payment),
    ("L03", l03_certain_but_red),
]
