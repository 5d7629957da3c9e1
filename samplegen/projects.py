"""The synthetic 2021 project population, calibrated to the 沙湾市 summary (seed figures P21-*).

Integers in the printed unit are calibrated first (fen for money, 0.1 分 for finance scores,
0.01 分 for self scores, 0.0001 for rates) and only then turned into Decimals, so every total and mean
the summary prints is reproduced exactly, not approximately.
"""

from __future__ import annotations

import math
import random
from decimal import Decimal

from samplegen.calibrate import adjust_to_sum, allocate
from samplegen.names import CENTRAL_TRANSFER_STEMS, DEPARTMENTS, LOCALITIES, PROJECT_STEMS

# Published 2021 figures (seed): 998 reported, 371 central-transfer (73类) not assessed, 627 assessed.
ASSESSED = 627
EXCLUDED = 371
BUDGET_FEN = 14_568_348  # 145683.48 万元 in 0.01 万元
EXECUTED_FEN = 14_284_415  # 142844.15 万元
SELF_SCORE_SUM = 61_471_08  # mean 98.04 × 627, in 0.01 分
FINANCE_SCORE_SUM = 592_515  # mean 94.5 × 627, in 0.1 分
GOAL_RATE_SUM = 6_163_410  # mean 98.3% × 627, in 0.0001
GRADE_COUNTS = {"优": 535, "良": 49, "中": 26, "差": 17}
# finance-score range (0.1 分) and execution-rate range per grade: low scores come from low execution
GRADE_SCORE_RANGE = {"优": (900, 1000), "良": (800, 899), "中": (700, 799), "差": (350, 699)}
GRADE_RATE_RANGE = {"优": (0.93, 1.0), "良": (0.75, 0.97), "中": (0.35, 0.8), "差": (0.0, 0.4)}


def _lognormal_weights(rng: random.Random, n: int, sigma: float) -> list[float]:
    return [math.exp(rng.gauss(0, sigma)) for _ in range(n)]


def _unique_name(stem: str, used: set[str], rng: random.Random) -> str:
    for suffix in ["", *rng.sample(LOCALITIES[1:], len(LOCALITIES) - 1)]:
        name = f"2021年{stem}{suffix}"
        if name not in used:
            used.add(name)
            return name
    name = f"2021年{stem}（{len(used)}）"
    used.add(name)
    return name


def build_2021(seed: int = 2021) -> list[dict]:
    """The 998 reported projects of 2021: 627 assessed ones calibrated to the summary, then 371 transfers."""
    rng = random.Random(seed)
    departments = DEPARTMENTS[:]
    project_departments = rng.sample(departments, 112)
    used: set[str] = set()
    projects = _draw_assessed(rng, project_departments, used)
    _calibrate_executed(projects, rng)
    _calibrate_scores(projects, rng)
    projects += _draw_transfers(rng, departments, used, first_code=len(projects) + 1)
    for p in projects:
        p["budget_initial"] = p["budget"] if rng.random() < 0.7 else int(p["budget"] * rng.uniform(0.6, 1.0))
    projects.sort(key=lambda p: (departments.index((p["department"], p["kind"])), p["project_code"]))
    return projects


def _draw_assessed(rng: random.Random, project_departments: list, used: set[str]) -> list[dict]:
    """Assessed projects, grade first: the grade decides the budget's size and the execution rate."""
    grades = [g for g, n in GRADE_COUNTS.items() for _ in range(n)]
    rng.shuffle(grades)
    budget_weights = _lognormal_weights(rng, ASSESSED, 1.1)
    # low-graded projects are usually small ones
    budget_weights = [
        w * (0.25 if g in ("中", "差") else 1.0) for w, g in zip(budget_weights, grades, strict=True)
    ]
    budgets = allocate(BUDGET_FEN, budget_weights, minimum=500)
    return [
        _draw_assessed_project(rng, project_departments, used, code, grade, budget)
        for code, (grade, budget) in enumerate(zip(grades, budgets, strict=True), start=1)
    ]


def _draw_assessed_project(
    rng: random.Random, project_departments: list, used: set[str], code: int, grade: str, budget: int
) -> dict:
    """One assessed project; its execution rate is drawn within its grade's range (优 often fully spent)."""
    dept, kind = rng.choice(project_departments)
    low, high = GRADE_RATE_RANGE[grade]
    rate = 1.0 if grade == "优" and rng.random() < 0.55 else rng.uniform(low, high)
    if grade == "差" and rng.random() < 0.45:
        rate = 0.0
    return {
        "department": dept,
        "kind": kind,
        "grade": grade,
        "budget": budget,
        "executed": round(budget * rate),
        "assessed": True,
        "project_name": _unique_name(rng.choice(PROJECT_STEMS[kind]), used, rng),
        "project_code": f"6542{code:06d}",
        "fund_type": "政府性基金预算" if rng.random() < 0.07 else "一般公共预算",
    }


def _calibrate_executed(assessed: list[dict], rng: random.Random) -> None:
    """Hit the published executed total, each project staying within its grade's execution range."""
    low_bounds = [int(p["budget"] * GRADE_RATE_RANGE[p["grade"]][0]) for p in assessed]
    high_bounds = [int(p["budget"] * GRADE_RATE_RANGE[p["grade"]][1]) for p in assessed]
    movable = [i for i, p in enumerate(assessed) if p["executed"] > 0]  # zero execution stays zero
    executed = adjust_to_sum(
        [p["executed"] for p in assessed], EXECUTED_FEN, low_bounds, high_bounds, rng, movable
    )
    for p, value in zip(assessed, executed, strict=True):
        p["executed"] = value


def _calibrate_scores(assessed: list[dict], rng: random.Random) -> None:
    """Finance scores, self scores and goal completion rates whose means are the published ones."""
    finance = _finance_scores(assessed, rng)
    self_scores = [min(10000, f * 10 + int(abs(rng.gauss(300, 250)))) for f in finance]
    # self scores sit above the finance scores
    self_scores = adjust_to_sum(
        self_scores, SELF_SCORE_SUM, [f * 10 for f in finance], [10000] * ASSESSED, rng
    )
    goal = [
        min(10000, int(9000 + 1000 * (p["executed"] / p["budget"]) ** 0.3 * rng.uniform(0.9, 1.0)))
        for p in assessed
    ]
    goal = adjust_to_sum(goal, GOAL_RATE_SUM, [5000] * ASSESSED, [10000] * ASSESSED, rng)
    for p, f, s, g in zip(assessed, finance, self_scores, goal, strict=True):
        p["finance_score"] = Decimal(f) / 10
        p["self_score"] = Decimal(s) / 100
        p["goal_completion_rate"] = Decimal(g) / 10000


def _finance_scores(assessed: list[dict], rng: random.Random) -> list[int]:
    """Finance scores (0.1 分) within each grade's band, total = mean × count."""
    # scores skew high: most 优 projects sit in the mid-90s
    finance = [
        min(1000, 930 + int(abs(rng.gauss(0, 40))))
        if p["grade"] == "优"
        else rng.randint(*GRADE_SCORE_RANGE[p["grade"]])
        for p in assessed
    ]
    return adjust_to_sum(
        finance,
        FINANCE_SCORE_SUM,
        [GRADE_SCORE_RANGE[p["grade"]][0] for p in assessed],
        [GRADE_SCORE_RANGE[p["grade"]][1] for p in assessed],
        rng,
    )


def _draw_transfers(rng: random.Random, departments: list, used: set[str], first_code: int) -> list[dict]:
    """Central transfers (73类): reported, not assessed; amounts free."""
    transfer_departments = [d for d in departments if d[1] in CENTRAL_TRANSFER_STEMS]
    transfers = []
    for code in range(first_code, first_code + EXCLUDED):
        dept, kind = rng.choice(transfer_departments)
        budget = max(1_000, int(math.exp(rng.gauss(math.log(15_000), 1.0))))
        transfers.append(
            {
                "department": dept,
                "kind": kind,
                "grade": None,
                "budget": budget,
                "executed": round(budget * rng.uniform(0.82, 1.0)),
                "assessed": False,
                "project_name": _unique_name(rng.choice(CENTRAL_TRANSFER_STEMS[kind]), used, rng),
                "project_code": f"6542{code:06d}",
                "fund_type": "一般公共预算",
                "finance_score": None,
                "self_score": None,
                "goal_completion_rate": None,
            }
        )
    return transfers


def to_wan(fen: int) -> Decimal:
    return Decimal(fen) / 100
