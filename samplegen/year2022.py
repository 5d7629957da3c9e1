"""The synthetic 2022 population, calibrated to the 沙湾市 summary (seed X22, T22, M22, S22, PPP22, B22).

One project list is built first — the 部门预算项目 (budget projects) plus the 乡村振兴衔接资金, PPP,
政府专项债券 and 社保基金 projects — and every 2022 workbook takes its rows from it, so a project has the
same department, 项目编码 and 项目名称 in its target form, the monitoring lists and the self-assessment.
Totals are met in integer units (0.01 万元, 0.01 分) as in projects.py; each group's 量化率 (the mean of
per-project rates) is met by choosing the quantified counts (indicators.py).
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache

from samplegen.calibrate import adjust_to_sum, allocate
from samplegen.indicators import calibrate_quantified, make_indicators
from samplegen.names import (
    BOND_PROJECTS_2022,
    CENTRAL_TRANSFER_STEMS,
    DEPARTMENTS_2021,
    DEPARTMENTS_2022,
    EXANTE_PROJECTS_2022,
    LOCALITIES,
    MORE_PROJECT_STEMS,
    OLDER_BOND_PROJECTS,
    PPP_PROJECTS_2022,
    PROJECT_STEMS,
    RURAL_PROJECTS_2022,
    SOCIAL_FUND_PROJECTS_2022,
)
from samplegen.projects import build_2021

YEAR = 2022

# 事前绩效评估 (X22): 5 departments, 6 projects, 972.72 万元
EXANTE_AMOUNT = 97_272
EXANTE_REJECTED = "2022年沙湾大盘鸡美食文化节项目"  # 不予支持: never budgeted, so no target form
EXANTE_REWORKED = "2022年城区智慧停车系统建设项目"  # 调整完善后予以支持, budgeted at a reduced amount
# 部门整体 targets (T22-1/2) and monitoring to the end of June (M22-1…4)
DEPT_TARGET_BUDGET = 17_152_951
DEPT_MONITOR_BUDGET = 17_215_554
DEPT_MONITOR_EXECUTED = 8_608_183
# 部门预算项目 targets (T22-3…7)
BUDGET_PROJECT_DEPTS = 109
BUDGET_PROJECTS = 538
BUDGET_PROJECT_AMOUNT = 16_859_968
BUDGET_PROJECT_INDICATORS = 4_615
BUDGET_PROJECT_RATE = (Fraction(70_665, 100_000), Fraction(70_675, 100_000))  # prints as 70.67%
# 直达资金 targets (T22-8/9)
DIRECT_PROJECTS = 180
DIRECT_AMOUNT = 2_935_529
DIRECT_PASSED = 164  # 164/180 = 91.1%: "合格率达 91%以上" (T22-10)
# 乡村振兴衔接资金 (T22-11…14)
RURAL_AMOUNT = 2_946_900
RURAL_INDICATORS = 96
RURAL_RATE = (Fraction(885, 1000), Fraction(895, 1000))  # 89%
# PPP (PPP22-1…6); no k/31 gives 82.41%, a mean of three project rates does: 8/9, 10/10, 7/12
PPP_AMOUNT = 1_684_428
PPP_COUNTS = ((9, 8), (10, 10), (12, 7))
PPP_MONITORED = 1_528_197
# 政府专项债券 (B22-1…11)
BOND_AMOUNT = 9_200_000
BOND_INDICATORS = 204
BOND_RATE = (Fraction(8665, 10_000), Fraction(8675, 10_000))  # 86.7%
BOND_ISSUED = 6_952_200  # self-assessed budget = executed, 69522 万元
BOND_SCORE_SUM = 137_200  # mean 98 × 14, in 0.01 分, for 自评得分 and 财政评分 alike
# 社保基金 (S22-1…3)
SOCIAL_AMOUNT = 636_180
SOCIAL_COUNTS = ((8, 7), (7, 6), (8, 7))
# project monitoring to the end of May (M22-5…9)
MONITORED_DEPTS = 92
MONITORED_PROJECTS = 349
MONITORED_BUDGET = 9_194_314
MONITORED_ARRIVED = 5_671_114
MONITORED_EXECUTED = 2_377_247

FUND_BUDGET = "一般公共预算"
FUND_GOV = "政府性基金预算"
FUND_RURAL = "一般公共预算、乡村振兴衔接资金"
FUND_PPP = "一般公共预算、PPP"
FUND_BOND = "政府性基金预算、政府专项债券"
FUND_SOCIAL = "社会保险基金预算"

SHAWAN_BANDS = ((9000, "优"), (8000, "良"), (7000, "中"), (0, "差"))


def wan(units: int) -> Decimal:
    return Decimal(units) / 100


def rate(executed: int, budget: int) -> Decimal:
    return (Decimal(executed) / Decimal(budget)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def grade_of(score_cents: int) -> str:
    return next(g for floor, g in SHAWAN_BANDS if score_cents >= floor)


DEPT_INDEX = {d: i for i, (d, _k) in enumerate(DEPARTMENTS_2021)}
DEPT_KIND = dict(DEPARTMENTS_2022)


def department_code(name: str) -> str:
    return f"{219001 + DEPT_INDEX[name]}"


# ---------------------------------------------------------------------------------------------------------
# 事前绩效评估


@cache
def exante() -> list[dict]:
    rng = random.Random(20221)
    weights = [1.6, 0.9, 1.8, 1.4, 0.5, 1.2]
    amounts = allocate(EXANTE_AMOUNT, [w * rng.uniform(0.9, 1.1) for w in weights], minimum=3_000)
    rows = []
    for (dept, name), amount in zip(EXANTE_PROJECTS_2022, amounts, strict=True):
        if name == EXANTE_REJECTED:
            conclusion, score = "不予支持", rng.randint(5200, 5900)
        elif name == EXANTE_REWORKED:
            conclusion, score = "调整完善后予以支持", rng.randint(7000, 7800)
        else:
            conclusion, score = "予以支持", rng.randint(8300, 9400)
        rows.append(
            {
                "department": dept,
                "project_name": name,
                "amount": amount,
                "score": score,
                "conclusion": conclusion,
            }
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# the project population


class _Names:
    """2022 project names, unique within a department (many departments run a 党建工作经费)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[tuple[str, str]] = set()

    def reserve(self, department: str, name: str) -> str:
        self.used.add((department, name))
        return name

    def draw(self, department: str, stems: list[str]) -> str:
        for stem in self.rng.sample(stems, len(stems)):
            for suffix in LOCALITIES:
                name = f"{YEAR}年{stem}{suffix}"
                if (department, name) not in self.used:
                    return self.reserve(department, name)
        raise ValueError("ran out of project names")


def _sizes(total: int, count: int, rng: random.Random, minimum: int, spread: float = 0.35) -> list[int]:
    return allocate(total, [math.exp(rng.gauss(0, spread)) for _ in range(count)], minimum=minimum)


def _with_indicators(projects: list[dict], counts: list[tuple[int, int]], rng: random.Random) -> None:
    for p, (n, q) in zip(projects, counts, strict=True):
        p["indicators"] = make_indicators(n, q, rng, p["budget"], YEAR, DEPT_KIND[p["department"]])
        p["indicator_count"], p["quantified_count"] = n, q


@cache
def population() -> list[dict]:
    """Every 2022 project with a target form, ordered by department; codes are numbered in that order."""
    rng = random.Random(2022)
    names = _Names(rng)
    budget_projects, budget_counts = _budget_projects(rng, names)
    tagged = _tagged_projects(rng, names)
    projects = budget_projects + [p for group in tagged.values() for p in group]
    for p in projects:
        p["budget"] = wan(p["budget_units"])
        p["year"] = YEAR
        p["department_code"] = department_code(p["department"])
        p["unit"] = p["department"]
    _with_indicators(budget_projects, budget_counts, rng)
    _with_group_indicators(tagged, rng)
    projects.sort(key=lambda p: DEPT_INDEX[p["department"]])
    for seq, p in enumerate(projects, start=1):
        p["project_code"] = f"654222{seq:06d}"
    return projects


def _budget_projects(rng: random.Random, names: _Names) -> tuple[list[dict], list[tuple[int, int]]]:
    """The 538 部门预算项目 with their budgets, and their (indicator, quantified) counts to attach later."""
    departments = _budget_departments(rng)
    per_dept = allocate(BUDGET_PROJECTS, [math.exp(rng.gauss(0, 0.45)) for _ in departments], minimum=1)
    fixed_budget = _exante_budgets(names)
    budget_projects: list[dict] = []
    for dept, count in zip(departments, per_dept, strict=True):
        budget_projects += _department_projects(rng, names, dept, count, fixed_budget)
    _drop_surplus(budget_projects, fixed_budget)
    free = [p for p in budget_projects if p["project_name"] not in fixed_budget]
    amounts = allocate(
        BUDGET_PROJECT_AMOUNT - sum(a for _d, a in fixed_budget.values()),
        [math.exp(rng.gauss(0, 1.0)) for _ in free],
        minimum=500,
    )
    for p, amount in zip(free, amounts, strict=True):
        p["budget_units"] = amount
    for p in budget_projects:
        if p["project_name"] in fixed_budget:
            p["budget_units"] = fixed_budget[p["project_name"]][1]
    sizes = _sizes(BUDGET_PROJECT_INDICATORS, len(budget_projects), rng, minimum=5)
    quantified = calibrate_quantified(sizes, *BUDGET_PROJECT_RATE, rng, spread=0.14)
    return budget_projects, list(zip(sizes, quantified, strict=True))


def _budget_departments(rng: random.Random) -> list[str]:
    """109 departments, mostly those that had projects in 2021; every exante-budgeted one among them."""
    had_projects = {p["department"] for p in build_2021() if p["assessed"]}
    required = sorted({r["department"] for r in _exante_budgeted()}, key=DEPT_INDEX.get)
    candidates = [d for d, _k in DEPARTMENTS_2022 if d in had_projects and d not in required]
    departments = required + rng.sample(candidates, BUDGET_PROJECT_DEPTS - len(required))
    departments.sort(key=DEPT_INDEX.get)
    return departments


def _exante_budgeted() -> list[dict]:
    """The exante-assessed projects that were supported, so budgeted."""
    return [r for r in exante() if r["conclusion"] != "不予支持"]


def _exante_budgets(names: _Names) -> dict[str, tuple[str, int]]:
    """Project name → (department, budget) of the exante projects, whose names are reserved first."""
    fixed_budget = {}
    for r in _exante_budgeted():
        names.reserve(r["department"], r["project_name"])
        # a reworked project is budgeted below the amount applied for
        amount = r["amount"] if r["conclusion"] == "予以支持" else round(r["amount"] * 0.85)
        fixed_budget[r["project_name"]] = (r["department"], amount)
    return fixed_budget


def _department_projects(
    rng: random.Random, names: _Names, dept: str, count: int, fixed_budget: dict[str, tuple[str, int]]
) -> list[dict]:
    """A department's drawn count of projects: its exante projects, then drawn names; a few 政府性基金."""
    kind = DEPT_KIND[dept]
    stems = PROJECT_STEMS[kind] + MORE_PROJECT_STEMS[kind]
    mine = [n for n, (d, _a) in fixed_budget.items() if d == dept]
    for _ in range(max(0, count - len(mine))):
        mine.append(names.draw(dept, stems))
    rows = []
    for name in mine:
        fund = (
            FUND_GOV
            if rng.random() < 0.08 and kind in ("build", "land", "transport", "water")
            else FUND_BUDGET
        )
        rows.append({"department": dept, "project_name": name, "fund_type": fund, "group": "budget"})
    return rows


def _drop_surplus(budget_projects: list[dict], fixed_budget: dict[str, tuple[str, int]]) -> None:
    """The exante projects may push a department past its drawn count: take the surplus from the largest."""
    while len(budget_projects) > BUDGET_PROJECTS:
        counts = defaultdict(int)
        for p in budget_projects:
            counts[p["department"]] += 1
        biggest = max(counts, key=counts.get)
        drop = next(
            p
            for p in reversed(budget_projects)
            if p["department"] == biggest and p["project_name"] not in fixed_budget
        )
        budget_projects.remove(drop)


# group, its named projects, fund type, total budget (0.01 万元), relative size of each project
TAGGED_GROUPS = (
    ("rural", RURAL_PROJECTS_2022, FUND_RURAL, RURAL_AMOUNT, [3, 1, 20, 1.5, 80, 50, 40, 30, 40, 30]),
    ("ppp", PPP_PROJECTS_2022, FUND_PPP, PPP_AMOUNT, [6, 5, 6]),
    ("bond", BOND_PROJECTS_2022, FUND_BOND, BOND_AMOUNT, [8, 9, 6, 10, 8, 9, 3, 6, 5, 5, 7, 8, 6, 4]),
    ("social", SOCIAL_FUND_PROJECTS_2022, FUND_SOCIAL, SOCIAL_AMOUNT, [5, 3, 4]),
)


def _tagged_projects(rng: random.Random, names: _Names) -> dict[str, list[dict]]:
    """The named 乡村振兴, PPP, 专项债券 and 社保基金 projects, their group's total shared by weight."""
    tagged: dict[str, list[dict]] = {}
    for group, pairs, fund, total, weights in TAGGED_GROUPS:
        amounts = allocate(total, [w * rng.uniform(0.9, 1.1) for w in weights], minimum=5_000)
        tagged[group] = [
            {
                "department": d,
                "project_name": names.reserve(d, n),
                "fund_type": fund,
                "group": group,
                "budget_units": a,
            }
            for (d, n), a in zip(pairs, amounts, strict=True)
        ]
    return tagged


def _with_group_indicators(tagged: dict[str, list[dict]], rng: random.Random) -> None:
    """Indicators of the named groups: rural and bond counts meet their 量化率, PPP and 社保 are fixed."""
    rural_sizes = _sizes(RURAL_INDICATORS, len(tagged["rural"]), rng, minimum=7, spread=0.2)
    rural_q = calibrate_quantified(rural_sizes, *RURAL_RATE, rng, spread=0.06)
    _with_indicators(tagged["rural"], list(zip(rural_sizes, rural_q, strict=True)), rng)
    _with_indicators(tagged["ppp"], list(PPP_COUNTS), rng)
    bond_sizes = _sizes(BOND_INDICATORS, len(tagged["bond"]), rng, minimum=11, spread=0.15)
    bond_q = calibrate_quantified(bond_sizes, *BOND_RATE, rng, spread=0.06)
    _with_indicators(tagged["bond"], list(zip(bond_sizes, bond_q, strict=True)), rng)
    _with_indicators(tagged["social"], list(SOCIAL_COUNTS), rng)


def target_books() -> dict[str, list[dict]]:
    """Projects per department, in the order their sheets appear in the department's workbook."""
    books: dict[str, list[dict]] = defaultdict(list)
    for p in population():
        books[p["department"]].append(p)
    return dict(books)


# ---------------------------------------------------------------------------------------------------------
# 部门整体: targets and monitoring to the end of June


@cache
def dept_targets() -> list[dict]:
    rng = random.Random(20222)
    own: dict[str, int] = defaultdict(int)
    for p in population():
        if p["group"] == "budget":
            own[p["department"]] += p["budget_units"]
    names = [d for d, _k in DEPARTMENTS_2022]
    # a department's whole budget covers most of its project budget plus staff and running costs
    floors = [own[d] * 95 // 100 for d in names]
    rest = allocate(
        DEPT_TARGET_BUDGET - sum(floors), [math.exp(rng.gauss(0, 0.7)) for _ in names], minimum=2_000
    )
    rows = []
    for d, floor, extra in zip(names, floors, rest, strict=True):
        count = rng.randint(12, 30)
        rows.append(
            {
                "department": d,
                "budget_units": floor + extra,
                "indicator_count": count,
                "quantified_count": round(count * rng.uniform(0.6, 0.9)),
            }
        )
    return rows


@cache
def dept_monitoring() -> list[dict]:
    rng = random.Random(20223)
    targets = dept_targets()
    planned = [r["budget_units"] for r in targets]
    # about a third of the departments had their budget adjusted by the end of June
    eligible = sorted(rng.sample(range(len(planned)), len(planned) // 3))
    budgets = adjust_to_sum(
        planned,
        DEPT_MONITOR_BUDGET,
        [b * 9 // 10 for b in planned],
        [b * 6 // 5 for b in planned],
        rng,
        eligible,
    )
    paces = [min(0.8, max(0.25, rng.gauss(0.5, 0.09))) for _ in budgets]
    executed = [round(b * p) for b, p in zip(budgets, paces, strict=True)]
    executed = adjust_to_sum(
        executed, DEPT_MONITOR_EXECUTED, [b // 5 for b in budgets], [b * 17 // 20 for b in budgets], rng
    )
    return [
        {"department": t["department"], "budget_units": b, "executed_units": e}
        for t, b, e in zip(targets, budgets, executed, strict=True)
    ]


# ---------------------------------------------------------------------------------------------------------
# 直达资金 targets


@cache
def direct_fund_targets() -> list[dict]:
    rng = random.Random(20224)
    names = _Names(rng)
    names.used |= {(p["department"], p["project_name"]) for p in population()}
    departments = [d for d, k in DEPARTMENTS_2022 if k in CENTRAL_TRANSFER_STEMS]
    rows = []
    for _ in range(DIRECT_PROJECTS):
        dept = rng.choice(departments)
        rows.append(
            {"department": dept, "project_name": names.draw(dept, CENTRAL_TRANSFER_STEMS[DEPT_KIND[dept]])}
        )
    amounts = allocate(DIRECT_AMOUNT, [math.exp(rng.gauss(0, 1.0)) for _ in rows], minimum=300)
    for r, amount in zip(rows, amounts, strict=True):
        count = rng.randint(6, 12)
        r.update(
            budget_units=amount,
            fund_type="一般公共预算、直达资金" if rng.random() < 0.8 else "一般公共预算、参照直达资金",
            indicator_count=count,
            quantified_count=max(3, round(count * rng.uniform(0.65, 0.95))),
        )
    rows.sort(key=lambda r: DEPT_INDEX[r["department"]])
    for seq, r in enumerate(rows, start=1):
        r["project_code"] = f"654222{900_000 + seq:06d}"
    # the region's review (T22-10: 合格率 91% and more): the least quantified targets fail it
    weakest = sorted(
        range(len(rows)), key=lambda i: (rows[i]["quantified_count"] / rows[i]["indicator_count"], i)
    )
    failed = set(weakest[: DIRECT_PROJECTS - DIRECT_PASSED])
    for i, r in enumerate(rows):
        r["review_result"] = "不合格" if i in failed else "合格"
    return rows


# ---------------------------------------------------------------------------------------------------------
# project monitoring to the end of May


LIKELY, POSSIBLE, IMPOSSIBLE = "确定能", "有可能", "完全不可能"
DEVIATION_REASONS = (
    "项目尚在招标采购阶段，资金暂未支付",
    "工程按进度结算，资金支付滞后于实施进度",
    "补助资金按季度发放，尚未到发放时间",
    "资金于5月下旬到位，尚未形成支出",
    "受疫情影响项目开工推迟",
)


def _pace(rng: random.Random) -> float:
    roll = rng.random()
    if roll < 0.05:
        return 0.0  # nothing paid yet
    if roll < 0.12:
        return rng.uniform(0.0, 0.04)
    if roll < 0.5:
        return rng.uniform(0.05, 0.25)
    if roll < 0.85:
        return rng.uniform(0.25, 0.5)
    return rng.uniform(0.5, 0.9)


@cache
def monitored_projects() -> list[dict]:
    """The 1-5月 monitoring rows: 349 budget projects of 92 departments, the 3 PPP and 3 社保 projects."""
    rng = random.Random(20225)
    rows = _choose_monitored(rng, [p for p in population() if p["group"] == "budget"])
    budgets, arrived, executed = _monitored_amounts(rng, rows)
    out = []
    for p, b, a, e in zip(rows, budgets, arrived, executed, strict=True):
        out.append(_monitor_row(p, b, a, e, rng))
    out += _ppp_monitor_rows(rng)
    for p in (p for p in population() if p["group"] == "social"):
        b = p["budget_units"]
        e = round(b * rng.uniform(0.38, 0.45))
        out.append(_monitor_row(p, b, e + round((b - e) * 0.1), e, rng))
    out.sort(key=lambda r: (DEPT_INDEX[r["department"]], r["project_code"]))
    return out


def _choose_monitored(rng: random.Random, budget: list[dict]) -> list[dict]:
    """349 budget projects of 92 departments whose planned total lies near the adjusted monitored total."""
    departments = sorted({p["department"] for p in budget}, key=DEPT_INDEX.get)
    chosen_depts = set(rng.sample(departments, MONITORED_DEPTS))
    pool = [i for i, p in enumerate(budget) if p["department"] in chosen_depts]
    # each monitoring department reports at least one project
    first = {}
    for i in pool:
        first.setdefault(budget[i]["department"], i)
    chosen = set(first.values())
    chosen |= set(rng.sample([i for i in pool if i not in chosen], MONITORED_PROJECTS - len(chosen)))
    # bring the planned total near the adjusted total with swaps, then let adjustments close the gap
    units = {i: budget[i]["budget_units"] for i in pool}
    fixed = set(first.values())
    for _ in range(20_000):
        gap = MONITORED_BUDGET - sum(units[i] for i in chosen)
        if abs(gap) < MONITORED_BUDGET // 50:
            break
        out = rng.choice(sorted(chosen - fixed))
        new = rng.choice(sorted(set(pool) - chosen))
        if abs(gap + units[out] - units[new]) < abs(gap):
            chosen.remove(out)
            chosen.add(new)
    return [budget[i] for i in sorted(chosen)]


def _monitored_amounts(rng: random.Random, rows: list[dict]) -> tuple[list[int], list[int], list[int]]:
    """Adjusted budgets, arrived funds and executed amounts that add up to the published totals."""
    planned = [p["budget_units"] for p in rows]
    # at most two in five projects had their budget adjusted by the end of May
    eligible = sorted(rng.sample(range(len(rows)), len(rows) * 2 // 5))
    budgets = adjust_to_sum(
        planned,
        MONITORED_BUDGET,
        [b * 7 // 10 for b in planned],
        [b * 13 // 10 for b in planned],
        rng,
        eligible,
    )
    executed = _scaled(
        [b * _pace(rng) for b in budgets], MONITORED_EXECUTED, [0] * len(budgets), budgets, rng
    )
    arrived = _scaled(
        [e + (b - e) * rng.uniform(0.25, 0.7) for b, e in zip(budgets, executed, strict=True)],
        MONITORED_ARRIVED,
        executed,
        budgets,
        rng,
    )
    return budgets, arrived, executed


def _ppp_monitor_rows(rng: random.Random) -> list[dict]:
    """PPP: nothing paid by May, as the government's payment falls due at year end."""
    ppp = [p for p in population() if p["group"] == "ppp"]
    ppp_budgets = allocate(PPP_MONITORED, [p["budget_units"] for p in ppp], minimum=1)
    rows = []
    for p, b in zip(ppp, ppp_budgets, strict=True):
        row = _monitor_row(p, b, 0, 0, rng)
        row.update(likelihood=LIKELY, deviation="按PPP项目合同约定，可用性服务费于年底前支付")
        rows.append(row)
    return rows


def _scaled(raw: list[float], total: int, low: list[int], high: list[int], rng: random.Random) -> list[int]:
    """Integers near ``raw`` scaled to add up to ``total``, each within [low, high]; zeros stay zero."""
    factor = total / sum(raw)
    values = [min(h, max(lo, round(x * factor))) for x, lo, h in zip(raw, low, high, strict=True)]
    # only nudge within 10% of each scaled value, so the drawn shape survives
    lows = [max(lo, v * 9 // 10) for v, lo in zip(values, low, strict=True)]
    highs = [min(h, v * 11 // 10 + 1) for v, h in zip(values, high, strict=True)]
    movable = [i for i, v in enumerate(values) if v > 0]
    return adjust_to_sum(values, total, lows, highs, rng, movable)


def _monitor_row(p: dict, budget: int, arrived: int, executed: int, rng: random.Random) -> dict:
    pace = executed / budget
    # far behind the 5/12 time progress: a reason is given, and the slowest are less certain to finish
    likelihood, deviation = LIKELY, None
    if pace < 0.15:
        deviation = rng.choice(DEVIATION_REASONS)
    if pace < 0.08:
        likelihood = IMPOSSIBLE if executed == 0 and rng.random() < 0.15 else POSSIBLE
    return {
        "department": p["department"],
        "project_code": p["project_code"],
        "project_name": p["project_name"],
        "fund_type": p["fund_type"],
        "group": p["group"],
        "budget_units": budget,
        "arrived_units": arrived,
        "executed_units": executed,
        "likelihood": likelihood,
        "deviation": deviation,
    }


# ---------------------------------------------------------------------------------------------------------
# 政府专项债券: self-assessment and monitoring to the end of November


@cache
def bond_self_eval() -> list[dict]:
    """The 14 new bond projects: the quota issued in 2022 (below the targets' plan), all spent."""
    rng = random.Random(20226)
    bonds = [p for p in population() if p["group"] == "bond"]
    planned = [p["budget_units"] for p in bonds]
    issued = allocate(BOND_ISSUED, [b * rng.uniform(0.65, 0.85) for b in planned], minimum=1)
    if any(i > b for i, b in zip(issued, planned, strict=True)):
        raise ValueError("issued bond quota above the planned amount")
    n = len(bonds)
    finance = adjust_to_sum(
        [rng.randint(9500, 10_000) for _ in bonds], BOND_SCORE_SUM, [9_300] * n, [10_000] * n, rng
    )
    self_scores = adjust_to_sum(
        [min(10_000, f + rng.randint(-80, 150)) for f in finance],
        BOND_SCORE_SUM,
        [9_300] * n,
        [10_000] * n,
        rng,
    )
    goal = [rng.randint(9_700, 10_000) for _ in bonds]
    rows = []
    for p, b0, b, f, s, g in zip(bonds, planned, issued, finance, self_scores, goal, strict=True):
        rows.append(
            {
                "department": p["department"],
                "unit": p["department"],
                "project_code": p["project_code"],
                "project_name": p["project_name"],
                "fund_type": p["fund_type"],
                "budget_initial": wan(b0),
                "budget": wan(b),
                "executed": wan(b),
                "execution_rate": Decimal("1.0000"),
                "goal_completion_rate": Decimal(g) / 10_000,
                "self_score": wan(s),
                "finance_score": wan(f),
                "grade": grade_of(f),
                "remark": None,
            }
        )
    return rows


@cache
def bond_monitoring() -> list[dict]:
    """1-11月: the 14 new bond projects and two older ones of departments without 2022 bond targets."""
    rng = random.Random(20227)
    rows = []
    for r in bond_self_eval():
        b = int(r["budget"] * 100)
        e = round(b * rng.uniform(0.82, 0.98))
        rows.append(_bond_row(r["department"], r["project_code"], r["project_name"], b, b, e))
    for seq, (dept, name) in enumerate(OLDER_BOND_PROJECTS, start=1):
        b = rng.randint(250_000, 420_000)
        e = round(b * rng.uniform(0.8, 0.95))
        rows.append(_bond_row(dept, f"654221{900_000 + seq:06d}", name, b, b, e))
    for r in rows:
        r["likelihood"] = LIKELY
        r["deviation"] = None
    rows.sort(key=lambda r: (DEPT_INDEX[r["department"]], r["project_code"]))
    return rows


def _bond_row(dept: str, code: str, name: str, budget: int, arrived: int, executed: int) -> dict:
    return {
        "department": dept,
        "project_code": code,
        "project_name": name,
        "fund_type": FUND_BOND,
        "budget_units": budget,
        "arrived_units": arrived,
        "executed_units": executed,
    }
