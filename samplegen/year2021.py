"""2021 lists beyond the project self-assessment: 部门整体自评 (seed D21-*), 项目支出部门评价 (E21-*) and
财政重点评价 (K21-*).

As in projects.py, every published total is met in integer units (0.01 万元, 0.01 分, 0.0001) before
anything becomes a Decimal. The evaluated projects are 2021 projects of the self-assessment list, with
the same department, code, name, budget and executed amount; they are chosen so that the published
totals hold exactly.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from samplegen.calibrate import adjust_to_sum, allocate
from samplegen.names import DEPARTMENTS_2021, EVALUATION_FIRM
from samplegen.projects import build_2021

# --- 部门整体支出绩效自评 (D21)
DEPT_COUNT = 150
DEPT_BUDGET = 18_662_281  # 186622.81 万元 in 0.01 万元
DEPT_EXECUTED = 28_947_990  # 289479.9 万元: above the budget, as the seed prints it
DEPT_SELF_SUM = 1_390_800  # mean 92.72 × 150, in 0.01 分
DEPT_FINANCE_SUM = 1_470_000  # mean 98 × 150
DEPT_GRADES = {"优": 148, "良": 2}
# departments whose executed amount is far above the budget (the seed's D21-3 anomaly)
OVERSPENT_DEPARTMENTS = (
    "沙湾市住房和城乡建设局",
    "沙湾市水利局",
    "沙湾市交通运输局",
    "沙湾市农业农村局",
    "沙湾市教育局",
)

# --- 项目支出部门评价 (E21)
EVAL_COUNT = 138
EVAL_BUDGET = 6_553_797  # 65537.97 万元
EVAL_EXECUTED = 6_465_006  # 64650.06 万元
EVAL_GOAL_SUM = 1_361_508  # mean 98.66% × 138, in 0.0001
EVAL_SCORE_SUM = 1_344_120  # mean 97.4 × 138, in 0.01 分 (评价得分 and 财政评分 alike)
COVERAGE_MIN = 0.20  # 被评价项目资金额应不低于项目支出总额的 20% (E21-10)
# two departments evaluate less than 20% of their project budget, for the audit rule to find
LOW_COVERAGE_DEPARTMENTS = ("沙湾市商务局", "沙湾市疾病预防控制中心")

# --- 财政重点评价 (K21)
KEY_COUNT = 10
KEY_SCORE_SUM = 96_300  # mean 96.3 × 10, in 0.01 分
KEY_GRADES = {"优": 8, "良": 2}

# typical weights of the 决策/过程/产出/效益 evaluation framework, in 0.01 分
PART_WEIGHTS = (2000, 2000, 3000, 3000)
SHAWAN_BANDS = ((9000, "优"), (8000, "良"), (7000, "中"), (0, "差"))


def grade_of(score_cents: int) -> str:
    return next(g for floor, g in SHAWAN_BANDS if score_cents >= floor)


def wan(units: int) -> Decimal:
    return Decimal(units) / 100


def rate(executed: int, budget: int) -> Decimal:
    return (Decimal(executed) / Decimal(budget)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def score_parts(score: int, rng: random.Random) -> list[int]:
    """决策/过程/产出/效益 summing to ``score`` (0.01 分), each within its weight."""
    loss = 10_000 - score
    lost = allocate(loss, [w * rng.uniform(0.3, 1.7) for w in PART_WEIGHTS], minimum=0) if loss else [0] * 4
    return [w - x for w, x in zip(PART_WEIGHTS, lost, strict=True)]


# ---------------------------------------------------------------------------------------------------------
# 部门整体支出绩效自评


def dept_self_eval(seed: int = 20211) -> list[dict]:
    """The 150 部门整体 self-assessments: budgets, execution and scores calibrated to the summary."""
    rng = random.Random(seed)
    names = [d for d, _kind in DEPARTMENTS_2021]
    budgets = _dept_budgets(rng, names)
    executed, normal = _dept_executed(rng, names, budgets)
    # the two 良 departments are those with the lowest execution
    low = sorted(normal, key=lambda i: executed[i] / budgets[i])[: DEPT_GRADES["良"]]
    finance, self_scores = _dept_scores(rng, low)
    rows = []
    for i, name in enumerate(names):
        rows.append(
            {
                "department": name,
                "budget": wan(budgets[i]),
                "executed": wan(executed[i]),
                "execution_rate": rate(executed[i], budgets[i]),
                "self_score": wan(self_scores[i]),
                "finance_score": wan(finance[i]),
                "grade": grade_of(finance[i]),
            }
        )
    return rows


def _dept_budgets(rng: random.Random, names: list[str]) -> list[int]:
    """A department's budget = its assessed projects + basic spending (staff, running costs)."""
    project_budget: dict[str, int] = defaultdict(int)
    for p in build_2021():
        if p["assessed"]:
            project_budget[p["department"]] += p["budget"]
    basic_total = DEPT_BUDGET - sum(project_budget.values())
    # the overspent departments are large spenders (construction, water, transport, farming, schools)
    weights = [math.exp(rng.gauss(0, 0.6)) * (25 if d in OVERSPENT_DEPARTMENTS else 1) for d in names]
    basic = allocate(basic_total, weights, minimum=3_000)
    return [project_budget[d] + b for d, b in zip(names, basic, strict=True)]


def _dept_executed(rng: random.Random, names: list[str], budgets: list[int]) -> tuple[list[int], list[int]]:
    """Executed amounts, and the indexes of the departments that did not overspend.

    Most departments spend 90-100%; the overspent ones take whatever the published total leaves."""
    rates = [rng.uniform(0.9, 1.0) if rng.random() < 0.8 else rng.uniform(0.78, 0.92) for _ in names]
    executed = [round(b * r) for b, r in zip(budgets, rates, strict=True)]
    over = [names.index(d) for d in OVERSPENT_DEPARTMENTS]
    normal = [i for i in range(len(names)) if i not in over]
    excess = DEPT_EXECUTED - sum(executed[i] for i in normal)
    spread = allocate(excess, [budgets[i] * rng.uniform(0.8, 1.2) for i in over], minimum=1)
    for i, value in zip(over, spread, strict=True):
        executed[i] = value
    if any(executed[i] < 2 * budgets[i] for i in over):
        raise ValueError("overspent departments must execute far above budget")
    return executed, normal


def _dept_scores(rng: random.Random, low: list[int]) -> tuple[list[int], list[int]]:
    """Finance and self scores (0.01 分) whose sums are the published ones; the ``low`` ones graded 良."""
    finance = [
        rng.randint(8300, 8900) if i in low else 10_000 - int(abs(rng.gauss(0, 230))) for i in range(150)
    ]
    finance = [max(9000, f) if i not in low else f for i, f in enumerate(finance)]
    finance = adjust_to_sum(
        finance,
        DEPT_FINANCE_SUM,
        [8000 if i in low else 9000 for i in range(150)],
        [8999 if i in low else 10_000 for i in range(150)],
        rng,
    )
    self_scores = [
        min(10_000, max(7_600, int(rng.gauss(9272, 380)) - (700 if i in low else 0))) for i in range(150)
    ]
    self_scores = adjust_to_sum(self_scores, DEPT_SELF_SUM, [7_500] * 150, [10_000] * 150, rng)
    return finance, self_scores


# ---------------------------------------------------------------------------------------------------------
# choosing the evaluated projects


class _Selection:
    """A fixed-size choice of projects whose budget and unspent (budget − executed) totals are steered
    to exact targets while each department keeps its coverage on the right side of 20%."""

    def __init__(self, projects: list[dict], totals: dict[str, int], low: set[str]) -> None:
        self.p = projects
        self.totals = totals
        self.low = low
        self.chosen: set[int] = set()
        self.fixed: set[int] = set()
        self.dept_sum: dict[str, int] = defaultdict(int)
        self.budget = 0
        self.unspent = 0

    def add(self, i: int) -> None:
        p = self.p[i]
        self.chosen.add(i)
        self.dept_sum[p["department"]] += p["budget"]
        self.budget += p["budget"]
        self.unspent += p["budget"] - p["executed"]

    def remove(self, i: int) -> None:
        p = self.p[i]
        self.chosen.discard(i)
        self.dept_sum[p["department"]] -= p["budget"]
        self.budget -= p["budget"]
        self.unspent -= p["budget"] - p["executed"]

    def share_ok(self, dept: str, amount: int) -> bool:
        share = amount / self.totals[dept]
        if dept in self.low:
            return 0 < share < COVERAGE_MIN - 0.03
        # every evaluating department stays evaluating, with a margin above the rule
        return amount > 0 and share >= COVERAGE_MIN + 0.01

    def dept_ok(self, dept: str) -> bool:
        return self.share_ok(dept, self.dept_sum[dept])

    def swap_ok(self, out: int, new: int) -> bool:
        a, b = self.p[out], self.p[new]
        if a["department"] == b["department"]:
            d = a["department"]
            return self.share_ok(d, self.dept_sum[d] - a["budget"] + b["budget"])
        return self.share_ok(a["department"], self.dept_sum[a["department"]] - a["budget"]) and self.share_ok(
            b["department"], self.dept_sum[b["department"]] + b["budget"]
        )

    def try_swaps(self, swaps: list[tuple[int, int]]) -> bool:
        """Apply the swaps (out, in) when the result keeps every department valid."""
        outs = [o for o, _ in swaps]
        ins = [n for _, n in swaps]
        if len(set(outs)) < len(outs) or len(set(ins)) < len(ins) or set(outs) & set(ins):
            return False
        for o, n in swaps:
            self.remove(o)
            self.add(n)
        depts = {self.p[i]["department"] for i in outs + ins}
        if all(self.dept_ok(d) for d in depts):
            return True
        for o, n in reversed(swaps):
            self.remove(n)
            self.add(o)
        return False


def _delta(p: list[dict], out: int, new: int) -> tuple[int, int]:
    """(budget change, unspent change) of swapping ``out`` for ``new``."""
    a, b = p[out], p[new]
    return b["budget"] - a["budget"], (b["budget"] - b["executed"]) - (a["budget"] - a["executed"])


def choose_evaluated(seed: int = 20212) -> tuple[list[dict], dict[str, int]]:
    """The 138 department-evaluated projects and each department's assessed project budget."""
    rng = random.Random(seed)
    projects = [p for p in build_2021() if p["assessed"]]
    sel, free = _first_choice(rng, projects)
    _steer_to_totals(sel, free, rng)
    chosen = sorted(sel.chosen, key=lambda i: projects[i]["project_code"])
    return [projects[i] for i in chosen], dict(sel.totals)


def _first_choice(rng: random.Random, projects: list[dict]) -> tuple[_Selection, list[int]]:
    """Enough projects per department for its coverage, then random ones up to the count; with the pool
    of projects the later swaps may bring in."""
    totals: dict[str, int] = defaultdict(int)
    by_dept: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(projects):
        totals[p["department"]] += p["budget"]
        by_dept[p["department"]].append(i)
    # departments evaluate projects that went reasonably well; poorly executed ones are left for later
    pool = {i for i, p in enumerate(projects) if p["grade"] in ("优", "良")}
    sel = _Selection(projects, totals, set(LOW_COVERAGE_DEPARTMENTS))
    for dept in sorted(by_dept):
        mine = sorted((i for i in by_dept[dept] if i in pool), key=lambda i: -projects[i]["budget"])
        if dept in sel.low:
            # one mid-sized project, between 8% and 15% of the department's project budget
            pick = next(i for i in mine if 0.08 <= projects[i]["budget"] / totals[dept] <= 0.15)
            sel.add(pick)
            sel.fixed.add(pick)
            continue
        for i in mine:
            sel.add(i)
            if sel.dept_ok(dept):
                break
    free = sorted(i for i in pool if projects[i]["department"] not in sel.low)
    for i in rng.sample([i for i in free if i not in sel.chosen], EVAL_COUNT - len(sel.chosen)):
        sel.add(i)
    return sel, free


def _singles(sel: _Selection, free: list[int]) -> list[tuple[int, int, int, int]]:
    """Every allowed swap of a chosen project for a free one, with its (budget, unspent) change."""
    movable = sorted(sel.chosen - sel.fixed)
    outside = [i for i in free if i not in sel.chosen]
    return [(o, n, *_delta(sel.p, o, n)) for o in movable for n in outside if sel.swap_ok(o, n)]


def _steer_to_totals(sel: _Selection, free: list[int], rng: random.Random) -> None:
    """Swaps until the chosen projects' budget and unspent totals are exactly the published ones."""
    unspent_target = EVAL_BUDGET - EVAL_EXECUTED
    # steepest descent towards both totals, the unspent one weighted more
    for _ in range(60):
        rb, ru = EVAL_BUDGET - sel.budget, unspent_target - sel.unspent
        now = 3 * abs(ru) + abs(rb)
        best = min(_singles(sel, free), key=lambda s: 3 * abs(ru - s[3]) + abs(rb - s[2]))
        if 3 * abs(ru - best[3]) + abs(rb - best[2]) >= now:
            break
        sel.try_swaps([(best[0], best[1])])
    # exact: first the unspent total, then the budget total with swaps that leave the unspent alone
    for keep_unspent in (False, True):
        for _attempt in range(10):
            rb, ru = EVAL_BUDGET - sel.budget, unspent_target - sel.unspent
            if ru == 0 and (rb == 0 or not keep_unspent):
                break
            _exact_fix(sel, _singles(sel, free), rb, ru, rng, keep_unspent)
    if sel.budget != EVAL_BUDGET or sel.unspent != unspent_target:
        raise ValueError("could not choose evaluated projects matching the published totals")


def _exact_fix(
    sel: _Selection, singles: list, rb: int, ru: int, rng: random.Random, keep_unspent: bool
) -> bool:
    """One or two swaps that bring the unspent total to its target (and, when ``keep_unspent``, the
    budget total too); among unspent-only fixes the one leaving the budget closest wins."""
    if keep_unspent:
        exact = {(db, du): (o, n) for o, n, db, du in singles}
        if (rb, ru) in exact and sel.try_swaps([exact[(rb, ru)]]):
            return True
        rng.shuffle(singles)
        for o, n, db, du in singles:
            partner = exact.get((rb - db, ru - du))
            if partner and sel.try_swaps([(o, n), partner]):
                return True
        return False
    by_du: dict[int, list[tuple[int, int, int]]] = defaultdict(list)
    for o, n, db, du in singles:
        by_du[du].append((o, n, db))
    options = [(abs(rb - db), [(o, n)]) for o, n, db, du in singles if du == ru]
    for o, n, db, du in singles:
        if du == 0:
            continue
        for o2, n2, db2 in by_du.get(ru - du, [])[:8]:
            options.append((abs(rb - db - db2), [(o, n), (o2, n2)]))
    return any(sel.try_swaps(swaps) for _gap, swaps in sorted(options, key=lambda x: x[0])[:200])


def dept_evaluation(seed: int = 20213) -> tuple[list[dict], dict[str, int]]:
    rng = random.Random(seed)
    chosen, totals = choose_evaluated()
    n = len(chosen)
    # the one 良 is the project with the weakest execution
    weakest = min(range(n), key=lambda i: chosen[i]["executed"] / chosen[i]["budget"])
    finance = [
        rng.randint(8500, 8900) if i == weakest else 10_000 - int(abs(rng.gauss(0, 320))) for i in range(n)
    ]
    finance = [f if i == weakest else max(9_000, f) for i, f in enumerate(finance)]
    low = [8_000 if i == weakest else 9_000 for i in range(n)]
    high = [8_999 if i == weakest else 10_000 for i in range(n)]
    finance = adjust_to_sum(finance, EVAL_SCORE_SUM, low, high, rng)
    # the department's own score sits close to the bureau's
    score = [min(h, max(lo, f + rng.randint(-120, 120))) for f, lo, h in zip(finance, low, high, strict=True)]
    score = adjust_to_sum(score, EVAL_SCORE_SUM, low, high, rng)
    goal = [
        min(10_000, int(10_000 * (p["executed"] / p["budget"]) ** 0.2 * rng.uniform(0.975, 1.0)))
        for p in chosen
    ]
    goal = adjust_to_sum(goal, EVAL_GOAL_SUM, [9_000] * n, [10_000] * n, rng)
    rows = []
    for i, p in enumerate(chosen):
        parts = score_parts(score[i], rng)
        rows.append(
            {
                "department": p["department"],
                "project_code": p["project_code"],
                "project_name": p["project_name"],
                "fund_type": p["fund_type"],
                "budget": wan(p["budget"]),
                "executed": wan(p["executed"]),
                "execution_rate": rate(p["executed"], p["budget"]),
                "goal_completion_rate": Decimal(goal[i]) / 10_000,
                "score": wan(score[i]),
                "finance_score": wan(finance[i]),
                "score_decision": wan(parts[0]),
                "score_process": wan(parts[1]),
                "score_output": wan(parts[2]),
                "score_effect": wan(parts[3]),
                "grade": grade_of(finance[i]),
            }
        )
    rows.sort(key=lambda r: (_dept_order(r["department"]), r["project_code"]))
    return rows, totals


def _dept_order(name: str) -> int:
    return next(i for i, (d, _k) in enumerate(DEPARTMENTS_2021) if d == name)


def key_evaluation(seed: int = 20214) -> list[dict]:
    """Ten large projects of different departments, none of them among the department-evaluated ones."""
    rng = random.Random(seed)
    chosen = _key_projects()
    # the two 良 go to the projects with the weakest execution
    order = sorted(range(KEY_COUNT), key=lambda i: chosen[i]["executed"] / chosen[i]["budget"])
    fair = set(order[: KEY_GRADES["良"]])
    scores = [rng.randint(8500, 8950) if i in fair else rng.randint(9550, 10_000) for i in range(KEY_COUNT)]
    scores = adjust_to_sum(
        scores,
        KEY_SCORE_SUM,
        [8_000 if i in fair else 9_000 for i in range(KEY_COUNT)],
        [8_999 if i in fair else 10_000 for i in range(KEY_COUNT)],
        rng,
    )
    rows = []
    for i, p in enumerate(chosen):
        parts = score_parts(scores[i], rng)
        rows.append(
            {
                "department": p["department"],
                "project_code": p["project_code"],
                "project_name": p["project_name"],
                "fund_type": p["fund_type"],
                "budget": wan(p["budget"]),
                "executed": wan(p["executed"]),
                "score": wan(scores[i]),
                "score_decision": wan(parts[0]),
                "score_process": wan(parts[1]),
                "score_output": wan(parts[2]),
                "score_effect": wan(parts[3]),
                "grade": grade_of(scores[i]),
                "firm": EVALUATION_FIRM,
            }
        )
    rows.sort(key=lambda r: (_dept_order(r["department"]), r["project_code"]))
    return rows


def _key_projects() -> list[dict]:
    """The largest well-graded project of each of ten departments, leaving out the department-evaluated
    projects and the departments that evaluate little."""
    evaluated, _totals = dept_evaluation()
    taken = {r["project_code"] for r in evaluated}
    candidates = sorted(
        (
            p
            for p in build_2021()
            if p["assessed"]
            and p["grade"] in ("优", "良")
            and p["project_code"] not in taken
            and p["department"] not in LOW_COVERAGE_DEPARTMENTS
        ),
        key=lambda p: -p["budget"],
    )
    chosen: list[dict] = []
    for p in candidates:
        if all(c["department"] != p["department"] for c in chosen):
            chosen.append(p)
        if len(chosen) == KEY_COUNT:
            break
    return chosen
