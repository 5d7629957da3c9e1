"""The seed's problems (工作总结“二、存在的问题”) carried by the bundled sample, in the proportions below.

The summary lists and the 2022 target forms are calibrated to the seed's 82 figures and stay as they are;
the problems live in forms those figures do not count:

- 2021 项目支出绩效自评表 of assessed 2021 projects (amounts and 自评得分 exactly as the 2021 list states them),
  with indicators whose 完成值 a reviewer can re-score: some totals inflated, some weights off, some actuals
  copied from the targets, some typing errors;
- 2021 项目支出绩效目标表 of the same projects (fiscal 2021 has no target figures in the seed): some without
  效益 indicators, some with template placeholders; their targets are the history of the 2022 targets, some
  left unchanged while the budget moved, some below what was already achieved;
- 2022 项目支出绩效目标执行监控表 at the two checkpoints of the seed's plan (end of May and of August) for
  budget projects on the 1-5月 list (the May figures exactly as the list states them), where some copy the
  payment rate into every indicator, some lights are red or yellow without a reason, and a few projects
  stay far behind at both checkpoints (two failed reviews in a row).

Everything is drawn from fixed seeds, so the sample is the same on every run.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from samplegen import self_eval_form, target_books, year2022
from samplegen.monitoring_form import write_monitoring_forms
from samplegen.projects import build_2021, to_wan

# Share of the forms (or the count) that carry each problem; the rest are filled in honestly.
PROBLEMS = {
    # 2021 self-assessment forms
    "self_eval_forms": 80,  # assessed 2021 projects with a bundled form (continuing projects first)
    "inflated_self_score": 0.35,  # 一/四: full marks claimed for indicators not reached (R01)
    "weights_off": 0.08,  # 四: 5 points moved from 效益 to 产出 (R02)
    "copied_actuals": 0.08,  # 一: every 完成值 copied from the 指标值 (T03)
    "typing_errors": 0.15,  # 四: swapped digits, 元 in a 万元 cell, 98% typed as 9800%
    # 2021 target forms (the history of 2022's targets)
    "no_effect_indicators": 0.12,  # 二: no 效益 indicator (T01)
    "placeholder_indicators": 0.12,  # 一: 指标1 / …… template rows left in (T02)
    "unadjusted_targets": 0.3,  # 五: the 2022 target copies 2021's whatever the budget did (R06)
    "target_below_last_actual": 0.15,  # 五: 2022 target under 2021's actual (R04)
    # 2022 monitoring forms, 1-5月 and 1-8月
    "monitoring_forms": 60,  # budget projects on the 1-5月 list with both checkpoints bundled
    "payment_as_progress": 0.15,  # 三: every indicator's progress = the funds' execution rate (M01/L02)
    "red_without_reason": 0.15,  # 五: an indicator far behind, no 偏差原因 (L01)
    "certain_but_red": 0.1,  # 三: far behind yet 完成可能性 确定能 (L03)
    "behind_twice": 4,  # projects far behind at both checkpoints (two failed reviews in a row)
}
CHECKPOINTS = (5, 8)

CENT = Decimal("0.01")
_TARGET = re.compile(r"^(?P<op>[≥≤=]?)(?P<num>\d+(?:\.\d+)?)(?P<unit>\D*)$")
_DATE = re.compile(r"^(?P<month>\d{1,2})月底前$")
_LEVEL1_WEIGHT = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
REASON = "受资金到位时间影响，实施进度滞后，已督促加快"


def _stem(name: str) -> str:
    return re.sub(r"^\s*(19|20)\d{2}\s*年度?", "", name)


def _parse(target: str) -> tuple[str, Decimal | None, str]:
    """'≥500人次' → ('≥', 500, '人次'); '12月底前' → ('月', 12, '月'); text → ('定性', None, '')."""
    if m := _DATE.match(target):
        return "月", Decimal(m["month"]), "月"
    if m := _TARGET.match(target):
        return m["op"] or "=", Decimal(m["num"]), m["unit"]
    return "定性", None, ""


def _num(value: Decimal) -> str:
    return f"{value.quantize(CENT, ROUND_HALF_UP).normalize():f}"


def _is_count(item: dict) -> bool:
    op, value, unit = _parse(item["target"])
    return op in ("≥", "=") and value is not None and value >= 10 and unit not in ("%", "月")


# ---------------------------------------------------------------------------------------------------------
# which projects


def _picked(rng: random.Random, items: list, share: float) -> set[int]:
    return set(rng.sample(range(len(items)), round(len(items) * share)))


def _continuing() -> tuple[list[tuple[dict, dict]], list[dict]]:
    """(2021 project, its 2022 target project) pairs by department and name without the year, then other
    assessed 2021 projects of departments that have 2022 target forms, to fill the form count."""
    targets = {
        (p["department"], _stem(p["project_name"])): p for p in year2022.population() if p.get("indicators")
    }
    by_dept: dict[str, list[dict]] = defaultdict(list)
    for p in targets.values():
        by_dept[p["department"]].append(p)
    pairs, others = [], []
    for p in build_2021():
        if not p["assessed"] or p["self_score"] < 60 or not p["budget"]:
            continue
        match = targets.get((p["department"], _stem(p["project_name"])))
        if match:
            pairs.append((p, match))
        elif p["department"] in by_dept:
            others.append(p)
    rng = random.Random(13)
    rng.shuffle(others)
    extra = []
    for p in others[: max(0, PROBLEMS["self_eval_forms"] - len(pairs))]:
        # an unrelated project borrows the indicator list of a 2022 project of its department
        extra.append((p, rng.choice(by_dept[p["department"]])))
    return pairs, extra


# ---------------------------------------------------------------------------------------------------------
# 2021: targets and self-assessments


def _targets_2021(p21: dict, p22: dict, *, unadjusted: bool, rng: random.Random) -> list[dict]:
    """2021 targets for the 2022 indicator list: the same where unadjusted, else scaled to the 2021 budget."""
    ratio = Decimal(p21["budget"]) / Decimal(p22["budget_units"]) if p22["budget_units"] else Decimal(1)
    items = []
    for item in p22["indicators"]:
        op, value, unit = _parse(item["target"])
        target = item["target"]
        if not unadjusted and _is_count(item) and abs(ratio - 1) > Decimal("0.3"):
            scaled = max(Decimal(1), (value * ratio).quantize(Decimal(1), ROUND_HALF_UP))
            target = f"{op}{scaled}{unit}"
        items.append({**item, "target": target, "mid_target": target})
    return items


def _weights(items: list[dict]) -> list[Decimal]:
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        counts[item["level1"]] += 1
    seen: dict[str, int] = defaultdict(int)
    out = []
    for item in items:
        total, n = _LEVEL1_WEIGHT.get(item["level1"], 0), counts[item["level1"]]
        base, rest = divmod(total * 100, n)
        out.append(Decimal(base + (1 if seen[item["level1"]] < rest else 0)) / 100)
        seen[item["level1"]] += 1
    return out


def _score_items(targets: list[dict], deduction: Decimal, rng: random.Random) -> list[dict]:
    """Indicators with weights, actuals and true scores; ``deduction`` points are lost on count indicators
    (each at most half its weight), the 完成值 written so that it earns exactly that."""
    weights = _weights(targets)
    items = []
    for item, weight in zip(targets, weights, strict=True):
        op, value, unit = _parse(item["target"])
        if op == "定性":
            actual = "达成预期目标"
        elif op == "月":
            actual = item["target"]
        elif unit == "%":
            actual = item["target"].lstrip("≥≤=")
        else:
            actual = f"{_num(value)}{unit}"
        items.append({**item, "weight": weight, "score": weight, "actual": actual, "deviation_reason": None})
    counts = [i for i in items if _is_count(i)]
    rng.shuffle(counts)
    left = deduction
    for item in counts:
        if left <= 0:
            break
        loss = min(left, (item["weight"] / 2).quantize(CENT))
        _, value, unit = _parse(item["target"])
        exact = value * (item["weight"] - loss) / item["weight"]
        done = exact.quantize(Decimal(1), ROUND_HALF_UP)
        if abs(done - exact) * item["weight"] / value > Decimal("0.05"):
            done = exact.quantize(Decimal("0.1"), ROUND_HALF_UP)
        item["actual"] = f"{done}{unit}"
        item["score"] = (item["weight"] * done / value).quantize(CENT, ROUND_HALF_UP)
        item["deviation_reason"] = "部分任务受疫情影响延后，下年度加强调度"
        left -= item["weight"] - item["score"]
    for item in (i for i in items if i["score"] == i["weight"]):
        if left <= 0:
            break
        _lose_elsewhere(item, min(left, (item["weight"] * Decimal("0.4")).quantize(CENT)))
        left -= item["weight"] - item["score"]
    return items


def _lose_elsewhere(item: dict, loss: Decimal) -> None:
    """Points lost on a rate, a date or a qualitative indicator, written the way a department would."""
    op, value, unit = _parse(item["target"])
    item["score"] = item["weight"] - loss
    item["deviation_reason"] = "受客观因素影响未全部达成，已制定整改措施"
    if op == "定性" or op == "月":
        # 财预〔2020〕10号 bands: 部分达成 up to 80%, 未达成 up to 60% of the weight
        item["actual"] = (
            "部分达成预期目标" if loss <= item["weight"] * Decimal("0.2") else "未达成预期目标，效果较差"
        )
    elif op == "≤":
        item["score"] = item["weight"]  # a cost kept under its cap earns full marks whatever it is
    else:
        done = (value * item["score"] / item["weight"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
        item["actual"] = f"{_num(done)}{unit}"
        item["score"] = (item["weight"] * done / value).quantize(CENT, ROUND_HALF_UP)


def _self_eval_project(p21: dict, targets: list[dict], flags: set[str], rng: random.Random) -> dict:
    budget, executed = to_wan(p21["budget"]), to_wan(p21["executed"])
    rate = (executed / budget).quantize(Decimal("0.0001"), ROUND_HALF_UP)
    stated_total = Decimal(p21["self_score"])
    execution_true = min(Decimal(10), (rate * 10).quantize(CENT, ROUND_HALF_UP))
    indicator_points = min(Decimal(90), stated_total - execution_true)
    inflation = Decimal(rng.choice([2, 3, 4, 5, 6])) if "inflated_self_score" in flags else Decimal(0)
    items = _score_items(targets, Decimal(90) - indicator_points + inflation, rng)
    restore = inflation  # the form claims points the actuals do not earn
    for item in items:
        if restore <= 0:
            break
        back = min(restore, item["weight"] - item["score"])
        if back > 0:
            item["score"] += back
            item["deviation_reason"] = None if item["score"] == item["weight"] else item["deviation_reason"]
            restore -= back
    if "weights_off" in flags:
        _shift_weight(items)
    if "copied_actuals" in flags and indicator_points == 90:  # only where the form claims full marks anyway
        for item in items:
            item["actual"], item["score"], item["deviation_reason"] = item["target"], item["weight"], None
    if "typing_errors" in flags:
        _typo(items, rng)
    _balance(items, stated_total - execution_true)
    indicator_sum = sum((i["score"] for i in items), Decimal(0))
    code_name = f"{p21['project_code']}-{p21['project_name']}"
    return {
        "department": p21["department"],
        "unit": p21["department"],
        "project_name": code_name,
        "year": 2021,
        "budget_initial": to_wan(p21["budget_initial"]),
        "budget": budget,
        "executed": executed,
        "execution_rate": rate,
        "execution_score": stated_total - indicator_sum,
        "self_score": stated_total,
        "indicators": items,
        "goal_expected": f"按期完成{_stem(p21['project_name'])}年度任务，资金使用规范。",
        "goal_actual": "年度任务基本完成，资金按规定使用。",
    }


def _balance(items: list[dict], wanted: Decimal) -> None:
    """Whole-number actuals lose a few hundredths more than planned: the form states them back, as forms
    do, so the execution score it prints stays within its 10 points."""
    short = wanted - sum((i["score"] for i in items), Decimal(0))
    for item in items:
        if short == 0:
            return
        # states back what rounding took, or (rarely) claims less than earned: never above the weight or below 0
        step = min(short, item["weight"] - item["score"]) if short > 0 else max(short, -item["score"])
        item["score"] += step
        short -= step


def _shift_weight(items: list[dict]) -> None:
    produce = next(i for i in items if i["level1"] == "产出指标")
    effect = next((i for i in items if i["level1"] == "效益指标" and i["weight"] > 5), None)
    if effect is None:
        return
    for item, delta in ((produce, Decimal(5)), (effect, Decimal(-5))):
        ratio = item["score"] / item["weight"]
        item["weight"] += delta
        item["score"] = (item["weight"] * ratio).quantize(CENT, ROUND_HALF_UP)


def _typo(items: list[dict], rng: random.Random) -> None:
    """One careless entry: a rate typed as 9800%, 元 in a 万元 cell, or two digits swapped."""
    rates = [i for i in items if i["actual"].endswith("%") and _parse(i["target"])[1]]
    money = [i for i in items if i["actual"].endswith("万元")]
    counts = [i for i in items if _is_count(i) and re.match(r"^\d{2,}", i["actual"])]
    kind = rng.choice(
        [k for k, pool in (("rate", rates), ("money", money), ("swap", counts)) if pool] or ["none"]
    )
    if kind == "rate":
        item = rng.choice(rates)
        item["actual"] = f"{_num(Decimal(item['actual'].rstrip('%')) * 100)}%"
    elif kind == "money":
        item = rng.choice(money)
        item["actual"] = f"{_num(_parse(item['actual'])[1] * 10000)}万元"
    elif kind == "swap":
        item = rng.choice(counts)
        digits = re.match(r"^\d+", item["actual"]).group(0)
        swapped = digits[1] + digits[0] + digits[2:]
        if swapped != digits and not swapped.startswith("0"):
            item["actual"] = swapped + item["actual"][len(digits) :]


def _target_2021(p21: dict, p22: dict, items: list[dict], flags: set[str]) -> dict:
    indicators = [{k: i[k] for k in ("level1", "level2", "level3", "target", "mid_target")} for i in items]
    if "no_effect_indicators" in flags:
        indicators = [i for i in indicators if i["level1"] != "效益指标"]
    if "placeholder_indicators" in flags:
        first = indicators[0]
        indicators.insert(1, {**first, "level3": "指标1", "target": "", "mid_target": ""})
    return {
        "department": p21["department"],
        "department_code": p22["department_code"],
        "unit": p21["department"],
        "project_code": p21["project_code"],
        "project_name": p21["project_name"],
        "fund_type": p21["fund_type"],
        "year": 2021,
        "budget": to_wan(p21["budget"]),
        "indicators": indicators,
    }


def forms_2021() -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """(self-assessment forms, target forms) of 2021 per department."""
    rng = random.Random(2021013)
    pairs, extra = _continuing()
    everything = pairs + extra
    flags: list[set[str]] = [set() for _ in everything]
    for problem in (
        "inflated_self_score",
        "weights_off",
        "copied_actuals",
        "typing_errors",
        "no_effect_indicators",
        "placeholder_indicators",
        "unadjusted_targets",
    ):
        for index in _picked(rng, everything, PROBLEMS[problem]):
            flags[index].add(problem)
    for index in _picked(rng, pairs, PROBLEMS["target_below_last_actual"]):
        flags[index].add("target_below_last_actual")
    self_evals: dict[str, list[dict]] = defaultdict(list)
    targets: dict[str, list[dict]] = defaultdict(list)
    for (p21, p22), mine in zip(everything, flags, strict=True):
        goals = _targets_2021(p21, p22, unadjusted="unadjusted_targets" in mine, rng=rng)
        project = _self_eval_project(p21, goals, mine, rng)
        if "target_below_last_actual" in mine:
            _beat_next_target(project["indicators"], p22)
        self_evals[p21["department"]].append(project)
        targets[p21["department"]].append(_target_2021(p21, p22, project["indicators"], mine))
    return dict(self_evals), dict(targets)


def _beat_next_target(items: list[dict], p22: dict) -> None:
    """2021 already achieved a quarter more than 2022 asks for, on every count indicator."""
    for item, nxt in zip(items, p22["indicators"], strict=True):
        if _is_count(item) and _is_count(nxt) and item["score"] == item["weight"]:
            _, value, unit = _parse(nxt["target"])
            item["actual"] = f"{(value * Decimal('1.25')).quantize(Decimal(1), ROUND_HALF_UP)}{unit}"


# ---------------------------------------------------------------------------------------------------------
# 2022: monitoring forms at the end of May and of August


def _monitored() -> list[tuple[dict, dict]]:
    """(1-5月 list row, target project) for budget projects with a target form, in list order."""
    targets = {p["project_code"]: p for p in year2022.population() if p.get("indicators")}
    rows = [
        r for r in year2022.monitored_projects() if r["group"] == "budget" and r["project_code"] in targets
    ]
    rng = random.Random(2022013)
    chosen = sorted(rng.sample(range(len(rows)), min(PROBLEMS["monitoring_forms"], len(rows))))
    return [(rows[i], targets[rows[i]["project_code"]]) for i in chosen]


def _progress_text(item: dict, month: int, pace: float) -> str:
    op, value, unit = _parse(item["target"])
    if op == "月":
        return "已完成" if value <= month else "按计划推进中"
    if op == "定性" or value is None:
        return "正在推进"
    if unit == "%":
        return item["target"].lstrip("≥≤=")
    if op == "≤":
        return f"{_num(value * Decimal(month) / 12)}{unit}"
    done = value * Decimal(month) / 12 * Decimal(str(pace))
    return f"{done.quantize(Decimal(1) if value >= 20 else Decimal('0.1'), ROUND_HALF_UP)}{unit}"


def _monitor_items(
    target: dict, month: int, rate: Decimal, flags: set[str], rng: random.Random
) -> list[dict]:
    items = []
    lagging = "red_without_reason" in flags or "certain_but_red" in flags or "behind" in flags
    for n, item in enumerate(target["indicators"]):
        op, value, unit = _parse(item["target"])
        pace = rng.uniform(0.85, 1.12)
        likelihood, deviation = "确定能", {}
        if lagging and n == 0 or "behind" in flags and _is_count(item):
            pace = rng.uniform(0.3, 0.5)
            likelihood = "确定能" if "certain_but_red" in flags else "有可能"
            deviation = {} if "red_without_reason" in flags else {"经费保障": REASON}
        elif rng.random() < 0.12:
            pace = rng.uniform(0.65, 0.78)
            likelihood, deviation = "有可能", {"人员保障": "人员调整，进度稍缓，已补充力量"}
        actual = _progress_text(item, month, pace)
        if "payment_as_progress" in flags and "percent" in flags:
            actual = f"{_num(rate * 100)}%"
        elif "payment_as_progress" in flags and _is_count(item):
            actual = f"{_num(value * rate)}{unit}"
        items.append(
            {
                **item,
                "actual": actual,
                "expected": "达到预期目标" if likelihood == "确定能" else "部分达到预期目标",
                "deviation": deviation,
                "likelihood": likelihood,
                "remark": None,
            }
        )
    return items


def monitoring_2022() -> dict[int, dict[str, list[dict]]]:
    """Per checkpoint month, per department, the monitoring form projects."""
    rng = random.Random(2022058)
    chosen = _monitored()
    flags: list[set[str]] = [set() for _ in chosen]
    for problem in ("payment_as_progress", "red_without_reason", "certain_but_red"):
        for index in _picked(rng, chosen, PROBLEMS[problem]):
            flags[index].add(problem)
    payment = [i for i, f in enumerate(flags) if "payment_as_progress" in f]
    for index in payment[::2]:  # half write the rate as a percentage on every line (M01), half as counts
        flags[index].add("percent")
    slow = sorted(
        range(len(chosen)), key=lambda i: chosen[i][0]["executed_units"] / chosen[i][0]["budget_units"]
    )
    for index in slow[: PROBLEMS["behind_twice"]]:
        flags[index].add("behind")
    out: dict[int, dict[str, list[dict]]] = {m: defaultdict(list) for m in CHECKPOINTS}
    for (row, target), mine in zip(chosen, flags, strict=True):
        budget, executed5 = to_wan(row["budget_units"]), to_wan(row["executed_units"])
        if "behind" in mine:
            executed8 = min(budget, (budget * Decimal("0.25")).quantize(CENT))
            executed8 = max(executed8, executed5)
        else:
            executed8 = executed5 + ((budget - executed5) * Decimal(str(rng.uniform(0.3, 0.5)))).quantize(
                CENT
            )
        for month, executed in zip(CHECKPOINTS, (executed5, executed8), strict=True):
            rate = (executed / budget).quantize(Decimal("0.0001"), ROUND_HALF_UP) if budget else Decimal(0)
            out[month][row["department"]].append(
                {
                    **target,
                    "project_name": f"{row['project_code']}-{row['project_name']}",
                    "budget_initial": budget,
                    "budget": budget,
                    "executed": executed,
                    "expected_annual_executed": budget,
                    "indicators": _monitor_items(target, month, rate, mine, rng),
                }
            )
    return {m: dict(books) for m, books in out.items()}


# ---------------------------------------------------------------------------------------------------------
# writing


SELF_EVAL_DIR = "2021/项目自评表"
TARGET_2021_DIR = "2021/项目绩效目标"
MONITORING_DIR = "2022/项目绩效监控"


def write_problem_forms(out_dir: Path) -> list[Path]:
    """Write the 2021 self-assessment and target forms and the 2022 monitoring forms; return their paths."""
    paths = []
    self_evals, targets = forms_2021()
    for department, projects in sorted(self_evals.items()):
        path = out_dir / SELF_EVAL_DIR / f"{department}2021年度项目支出绩效自评表.xlsx"
        paths.append(self_eval_form.write_self_eval_forms(path, projects))
    for department, projects in sorted(targets.items()):
        path = out_dir / TARGET_2021_DIR / f"{department}2021年度项目支出绩效目标表.xlsx"
        paths.append(target_books.write_department_targets(path, projects))
    for month, books in monitoring_2022().items():
        for department, projects in sorted(books.items()):
            path = out_dir / MONITORING_DIR / f"{department}2022年1-{month}月项目支出绩效监控表.xlsx"
            paths.append(write_monitoring_forms(path, projects, month=month))
    return paths
