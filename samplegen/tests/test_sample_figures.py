"""The bundled sample reproduces every calibrated figure of the 沙湾市 summary, recomputed here in Python
from the workbooks as the ETL reads them (one case per figure id), at the precision the seed prints.

Aggregates follow domain.md §4: money sums, group 执行率 = Σ执行数 ÷ Σ预算数, 量化率 and 目标完成率 the
mean of per-project rates, scores arithmetic means, departments counted distinct."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from etl.cells import parse_indicator_target
from samplegen import year2021, year2022
from samplegen.tests.sample_reader import fund_group, list_rows, money, target_forms, total

SEED_CSV = Path(__file__).resolve().parents[3] / "shared" / "reference" / "seed_figures.csv"

DEPT_SELF = "2021/2021年度部门整体支出绩效自评结果汇总表.xlsx"
SELF_EVAL_2021 = "2021/2021年度项目支出绩效自评结果汇总表.xlsx"
DEPT_EVAL = "2021/2021年度项目支出部门评价结果汇总表.xlsx"
KEY_EVAL = "2021/2021年度财政重点绩效评价结果汇总表.xlsx"
EXANTE = "2022/2022年度新增项目事前绩效评估结果汇总表.xlsx"
DEPT_TARGETS = "2022/2022年度部门整体支出绩效目标汇总表.xlsx"
DEPT_MONITOR = "2022/2022年1-6月部门整体绩效运行监控汇总表.xlsx"
DIRECT = "2022/2022年度直达资金项目绩效目标汇总表.xlsx"
MONITOR_5 = "2022/2022年1-5月项目支出绩效运行监控汇总表.xlsx"
BOND_MONITOR = "2022/2022年1-11月政府专项债券项目绩效运行监控汇总表.xlsx"
BOND_SELF = "2022/2022年度政府专项债券项目支出绩效自评结果汇总表.xlsx"

# The figures as the seed prints them; kept here so the suite runs without ../shared as well.
SEED = {
    "D21-1": "150", "D21-2": "186622.81", "D21-3": "289479.9", "D21-4": "92.72", "D21-5": "98",
    "D21-6": "148", "D21-7": "2", "D21-8": "0", "D21-9": "0",
    "E21-1": "138", "E21-2": "65537.97", "E21-3": "64650.06", "E21-4": "98.65", "E21-5": "98.66",
    "E21-6": "97.4", "E21-7": "97.4", "E21-8": "137", "E21-9": "1",
    "K21-1": "10", "K21-2": "96.3", "K21-3": "8", "K21-4": "2",
    "X22-1": "5", "X22-2": "6", "X22-3": "972.72",
    "T22-1": "149", "T22-2": "171529.51",
    "M22-1": "149", "M22-2": "172155.54", "M22-3": "86081.83", "M22-4": "50",
    "T22-3": "109", "T22-4": "538", "T22-5": "168599.68", "T22-6": "4615", "T22-7": "70.67",
    "T22-8": "180", "T22-9": "29355.29", "T22-10": "91",
    "T22-11": "29469", "T22-12": "10", "T22-13": "96", "T22-14": "89",
    "M22-5": "92", "M22-6": "349", "M22-7": "91943.14", "M22-8": "56711.14", "M22-9": "23772.47",
    "S22-1": "2", "S22-2": "3", "S22-3": "6361.8",
    "PPP22-1": "3", "PPP22-2": "3", "PPP22-3": "16844.28", "PPP22-4": "31", "PPP22-5": "82.41",
    "PPP22-6": "15281.97",
    "B22-1": "8", "B22-2": "14", "B22-3": "92000", "B22-4": "204", "B22-5": "86.7", "B22-6": "10",
    "B22-7": "14", "B22-8": "69522", "B22-9": "69522", "B22-10": "100", "B22-11": "98",
}  # fmt: skip
# E21-10 is a rule per department, checked on its own below. T22-10 is a floor ("合格率达 91%以上").
FLOORS = {"T22-10"}


def at_precision(value: Decimal | Fraction | int, printed: str) -> str:
    """``value`` rounded half-up to as many decimals as the seed prints."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    exponent = Decimal(printed).as_tuple().exponent
    return str(Decimal(value).quantize(Decimal(1).scaleb(exponent), ROUND_HALF_UP))


def mean(values: list) -> Fraction:
    return sum(
        (Fraction(Decimal(str(int(v) if isinstance(v, bool) else v))) for v in values), Fraction(0)
    ) / len(values)


def departments(rows: list[dict]) -> int:
    return len({r["department"] for r in rows})


def grades(rows: list[dict]) -> Counter:
    return Counter(r["grade"] for r in rows)


def forms(group: str) -> list[dict]:
    return [p for p in target_forms() if fund_group(p["fund_type_text"]) == group]


def quantification(projects: list[dict]) -> Fraction:
    return sum((Fraction(p["quantified_count"], p["indicator_count"]) for p in projects), Fraction(0)) / len(
        projects
    )


def rows_in(relative: str, group: str) -> list[dict]:
    return [r for r in list_rows(relative) if fund_group(r.get("fund_type")) == group]


def execution(rows: list[dict], executed: str = "executed") -> Fraction:
    return Fraction(total(rows, executed)) / Fraction(total(rows, "budget"))


def figure(figure_id: str):  # noqa: C901 - one branch per figure family reads best
    dept_self = list_rows(DEPT_SELF)
    dept_eval = list_rows(DEPT_EVAL)
    key_eval = list_rows(KEY_EVAL)
    exante = list_rows(EXANTE)
    monitored = rows_in(MONITOR_5, "budget")
    bond_self = list_rows(BOND_SELF)
    values = {
        "D21-1": lambda: departments(dept_self),
        "D21-2": lambda: total(dept_self, "budget"),
        "D21-3": lambda: total(dept_self, "executed"),
        "D21-4": lambda: mean([r["self_score"] for r in dept_self]),
        "D21-5": lambda: mean([r["finance_score"] for r in dept_self]),
        "D21-6": lambda: grades(dept_self)["优"],
        "D21-7": lambda: grades(dept_self)["良"],
        "D21-8": lambda: grades(dept_self)["中"],
        "D21-9": lambda: grades(dept_self)["差"],
        "E21-1": lambda: len(dept_eval),
        "E21-2": lambda: total(dept_eval, "budget"),
        "E21-3": lambda: total(dept_eval, "executed"),
        "E21-4": lambda: execution(dept_eval) * 100,
        "E21-5": lambda: mean([r["goal_completion_rate"] for r in dept_eval]) * 100,
        "E21-6": lambda: mean([r["score"] for r in dept_eval]),
        "E21-7": lambda: mean([r["finance_score"] for r in dept_eval]),
        "E21-8": lambda: grades(dept_eval)["优"],
        "E21-9": lambda: grades(dept_eval)["良"],
        "K21-1": lambda: len(key_eval),
        "K21-2": lambda: mean([r["score"] for r in key_eval]),
        "K21-3": lambda: grades(key_eval)["优"],
        "K21-4": lambda: grades(key_eval)["良"],
        "X22-1": lambda: departments(exante),
        "X22-2": lambda: len(exante),
        "X22-3": lambda: total(exante, "amount"),
        "T22-1": lambda: departments(list_rows(DEPT_TARGETS)),
        "T22-2": lambda: total(list_rows(DEPT_TARGETS), "budget"),
        "M22-1": lambda: departments(list_rows(DEPT_MONITOR)),
        "M22-2": lambda: total(list_rows(DEPT_MONITOR), "budget"),
        "M22-3": lambda: total(list_rows(DEPT_MONITOR), "period_executed"),
        "M22-4": lambda: execution(list_rows(DEPT_MONITOR), "period_executed") * 100,
        "T22-3": lambda: departments(forms("budget")),
        "T22-4": lambda: len(forms("budget")),
        "T22-5": lambda: total(forms("budget"), "budget"),
        "T22-6": lambda: sum(p["indicator_count"] for p in forms("budget")),
        "T22-7": lambda: quantification(forms("budget")) * 100,
        "T22-8": lambda: len(rows_in(DIRECT, "direct")),
        "T22-9": lambda: total(rows_in(DIRECT, "direct"), "budget"),
        "T22-10": lambda: mean([r["review_result"] == "合格" for r in rows_in(DIRECT, "direct")]) * 100,
        "T22-11": lambda: total(forms("rural"), "budget"),
        "T22-12": lambda: len(forms("rural")),
        "T22-13": lambda: sum(p["indicator_count"] for p in forms("rural")),
        "T22-14": lambda: quantification(forms("rural")) * 100,
        "M22-5": lambda: departments(monitored),
        "M22-6": lambda: len(monitored),
        "M22-7": lambda: total(monitored, "budget"),
        "M22-8": lambda: total(monitored, "funds_arrived"),
        "M22-9": lambda: total(monitored, "period_executed"),
        "S22-1": lambda: departments(forms("social")),
        "S22-2": lambda: len(forms("social")),
        "S22-3": lambda: total(forms("social"), "budget"),
        "PPP22-1": lambda: departments(forms("ppp")),
        "PPP22-2": lambda: len(forms("ppp")),
        "PPP22-3": lambda: total(forms("ppp"), "budget"),
        "PPP22-4": lambda: sum(p["indicator_count"] for p in forms("ppp")),
        "PPP22-5": lambda: quantification(forms("ppp")) * 100,
        "PPP22-6": lambda: total(rows_in(MONITOR_5, "ppp"), "budget"),
        "B22-1": lambda: departments(forms("bond")),
        "B22-2": lambda: len(forms("bond")),
        "B22-3": lambda: total(forms("bond"), "budget"),
        "B22-4": lambda: sum(p["indicator_count"] for p in forms("bond")),
        "B22-5": lambda: quantification(forms("bond")) * 100,
        "B22-6": lambda: departments(list_rows(BOND_MONITOR)),
        "B22-7": lambda: len(bond_self),
        "B22-8": lambda: total(bond_self, "budget"),
        "B22-9": lambda: total(bond_self, "executed"),
        "B22-10": lambda: execution(bond_self) * 100,
        "B22-11": lambda: mean([r["self_score"] for r in bond_self]),
    }
    return values[figure_id]()


def _order(figure_id: str) -> tuple[str, int]:
    family, number = figure_id.rsplit("-", 1)
    return family, int(number)


@pytest.mark.parametrize("figure_id", sorted(SEED, key=_order))
def test_sample_reproduces_seed_figure(figure_id):
    value, printed = figure(figure_id), SEED[figure_id]
    if figure_id in FLOORS:
        assert int(value) == int(printed)
    else:
        assert at_precision(value, printed) == at_precision(Decimal(printed), printed)


@pytest.mark.skipif(not SEED_CSV.exists(), reason="../shared/reference/seed_figures.csv not present")
def test_expected_values_match_the_published_list():
    published = {row["id"]: row["value"] for row in csv.DictReader(SEED_CSV.open(encoding="utf-8"))}
    assert {k: published[k] for k in SEED} == SEED


# ---------------------------------------------------------------------------------------------------------
# what the figures alone do not show


def test_bond_finance_score_mean_is_also_98():
    assert at_precision(mean([r["finance_score"] for r in list_rows(BOND_SELF)]), "98.00") == "98.00"


def test_finance_score_means_are_exact_at_two_decimals():
    assert at_precision(mean([r["finance_score"] for r in list_rows(DEPT_SELF)]), "0.00") == "98.00"
    assert at_precision(mean([r["score"] for r in list_rows(DEPT_EVAL)]), "0.00") == "97.40"


def test_quantification_rates_hold_when_each_project_rate_is_rounded_first():
    for group, printed in (("budget", "70.67"), ("rural", "89"), ("ppp", "82.41"), ("bond", "86.7")):
        rounded = [
            (Decimal(p["quantified_count"]) / Decimal(p["indicator_count"])).quantize(Decimal("0.0001"))
            for p in forms(group)
        ]
        assert at_precision(mean(rounded) * 100, printed) == printed, group


def test_quantified_counts_follow_the_parser_and_the_plan():
    planned = {
        p["project_code"]: (p["indicator_count"], p["quantified_count"]) for p in year2022.population()
    }
    parsed = {p["project_code"]: p for p in target_forms()}
    assert set(planned) == set(parsed)
    for code, (count, quantified) in planned.items():
        indicators = parsed[code]["indicators"]
        assert len(indicators) == count
        assert sum(parse_indicator_target(i["target_text"]).is_quantified for i in indicators) == quantified


def test_department_evaluation_covers_20_percent_except_in_two_departments():
    assessed = [r for r in list_rows(SELF_EVAL_2021) if r.get("self_score") is not None]
    budget_by_dept: dict[str, Decimal] = defaultdict(Decimal)
    for r in assessed:
        budget_by_dept[r["department"]] += money(r["budget"])
    evaluated: dict[str, Decimal] = defaultdict(Decimal)
    for r in list_rows(DEPT_EVAL):
        evaluated[r["department"]] += money(r["budget"])
    below = sorted(d for d, amount in evaluated.items() if amount < budget_by_dept[d] * Decimal("0.2"))
    assert below == sorted(year2021.LOW_COVERAGE_DEPARTMENTS)


def test_evaluated_projects_are_assessed_2021_projects():
    assessed = {r["project_code"]: r for r in list_rows(SELF_EVAL_2021) if r.get("self_score") is not None}
    evaluated = list_rows(DEPT_EVAL) + list_rows(KEY_EVAL)
    codes = [r["project_code"] for r in evaluated]
    assert len(codes) == len(set(codes)) == 148
    for r in evaluated:
        same = assessed[r["project_code"]]
        for field in ("department", "project_name", "fund_type"):
            assert r[field] == same[field]
        assert money(r["budget"]) == money(same["budget"])
        assert money(r["executed"]) == money(same["executed"])


def test_evaluation_scores_are_built_from_their_parts_within_the_weights():
    weights = {"score_decision": 20, "score_process": 20, "score_output": 30, "score_effect": 30}
    for r in list_rows(DEPT_EVAL) + list_rows(KEY_EVAL):
        parts = {k: money(r[k]) for k in weights}
        assert sum(parts.values()) == money(r["score"])
        assert all(parts[k] <= weights[k] for k in weights)


def test_some_departments_executed_far_above_their_budget():
    over = [r for r in list_rows(DEPT_SELF) if money(r["executed"]) > 2 * money(r["budget"])]
    assert 3 <= len(over) <= 8


def test_rejected_exante_project_has_no_target_form_and_supported_ones_do():
    names = {(p["department"], p["project_name"]) for p in target_forms()}
    conclusions = Counter(r["conclusion"] for r in list_rows(EXANTE))
    assert conclusions == {"予以支持": 4, "调整完善后予以支持": 1, "不予支持": 1}
    for r in list_rows(EXANTE):
        assert ((r["department"], r["project_name"]) in names) == (r["conclusion"] != "不予支持")
    assert year2022.EXANTE_REJECTED not in {name for _d, name in names}


def test_monitored_projects_are_target_form_projects():
    forms_by_code = {p["project_code"]: p for p in target_forms()}
    for r in list_rows(MONITOR_5):
        same = forms_by_code[r["project_code"]]
        assert (r["department"], r["project_name"]) == (same["department"], same["project_name"])
        assert fund_group(r["fund_type"]) == fund_group(same["fund_type_text"])
    groups = Counter(fund_group(r["fund_type"]) for r in list_rows(MONITOR_5))
    assert groups == {"budget": 349, "ppp": 3, "social": 3}


def test_bond_projects_share_codes_across_their_workbooks():
    targets = {p["project_code"]: p for p in forms("bond")}
    self_eval = {r["project_code"]: r for r in list_rows(BOND_SELF)}
    monitored = {r["project_code"]: r for r in list_rows(BOND_MONITOR)}
    assert set(self_eval) == set(targets)
    assert set(targets) < set(monitored)
    older = [r for code, r in monitored.items() if code not in targets]
    assert {r["department"] for r in older}.isdisjoint({p["department"] for p in targets.values()})
    for code, r in self_eval.items():
        assert (r["department"], r["project_name"]) == (
            targets[code]["department"],
            targets[code]["project_name"],
        )
        assert money(r["budget"]) <= money(targets[code]["budget"])


def test_social_fund_monitoring_matches_its_targets():
    assert total(rows_in(MONITOR_5, "social"), "budget") == total(forms("social"), "budget")


def test_direct_fund_projects_are_not_target_form_projects():
    forms_keys = {(p["department"], p["project_name"]) for p in target_forms()}
    forms_codes = {p["project_code"] for p in target_forms()}
    for r in list_rows(DIRECT):
        assert (r["department"], r["project_name"]) not in forms_keys
        assert r["project_code"] not in forms_codes


def test_lagging_projects_give_a_deviation_reason():
    for r in list_rows(MONITOR_5):
        if money(r["period_executed"]) < money(r["budget"]) * Decimal("0.15"):
            assert r["deviation_reason"], r["project_name"]
