"""三级指标 for the 2022 target forms, with an exact number of quantified ones per project.

Whether a target counts as quantified is decided by ``etl.cells.parse_indicator_target``; every template
below is written so that the parser classifies it the way the bank says (tests assert it). A group's
量化率 is the mean of its per-project rates (domain.md §2), so the per-project counts are searched until
that mean sits inside the interval the summary's printed figure allows.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from etl.cells import parse_indicator_target
from samplegen.target_form import mid_target

# (一级, 二级, 三级, target template): numeric targets with an operator or unit, or a deadline.
QUANTIFIED: tuple[tuple[str, str, str, str], ...] = (
    ("产出指标", "数量指标", "培训人次", "≥{n}人次"),
    ("产出指标", "数量指标", "补助对象人数", "≥{n}人"),
    ("产出指标", "数量指标", "覆盖学校数量", "={k}所"),
    ("产出指标", "数量指标", "维修改造面积", "≥{n}平方米"),
    ("产出指标", "数量指标", "购置设备数量", "={k}台"),
    ("产出指标", "数量指标", "开展检查次数", "≥{k}次"),
    ("产出指标", "数量指标", "覆盖行政村数量", "={k}个"),
    ("产出指标", "数量指标", "宣传活动场次", "≥{k}场"),
    ("产出指标", "质量指标", "验收合格率", "100%"),
    ("产出指标", "质量指标", "资金发放准确率", "≥{p}%"),
    ("产出指标", "质量指标", "设备完好率", "≥{p}%"),
    ("产出指标", "质量指标", "任务完成率", "100%"),
    ("产出指标", "时效指标", "项目完成时间", "{m}月底前"),
    ("产出指标", "时效指标", "资金拨付及时率", "≥{p}%"),
    ("产出指标", "时效指标", "开工时间", "{s}月底前"),
    ("产出指标", "成本指标", "项目总成本", "≤{c}万元"),
    ("产出指标", "成本指标", "人均补助标准", "={u}元/人"),
    ("产出指标", "成本指标", "单位面积改造成本", "≤{u}元/平方米"),
    ("效益指标", "经济效益指标", "带动农户增收", "≥{u}元"),
    ("效益指标", "经济效益指标", "节约运行成本", "≥{k}万元"),
    ("效益指标", "社会效益指标", "受益群众人数", "≥{n}人"),
    ("效益指标", "社会效益指标", "服务事项办结率", "≥{p}%"),
    ("效益指标", "生态效益指标", "绿化覆盖率", "≥{g}%"),
    ("效益指标", "生态效益指标", "污水集中处理率", "≥{p}%"),
    ("效益指标", "可持续影响指标", "项目持续发挥作用年限", "≥{y}年"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥{q}%"),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥{q}%"),
    ("满意度指标", "服务对象满意度指标", "受益对象满意度", "≥{q}%"),
)
# Qualitative targets: words only, no number the parser could take for a quantity.
QUALITATIVE: tuple[tuple[str, str, str, str], ...] = (
    ("产出指标", "数量指标", "宣传覆盖范围", "覆盖全市各乡镇"),
    ("产出指标", "质量指标", "工作开展规范程度", "规范有序"),
    ("产出指标", "质量指标", "工程质量", "符合国家验收标准"),
    ("产出指标", "质量指标", "档案资料完整性", "完整规范"),
    ("产出指标", "时效指标", "工作完成及时性", "按计划及时完成"),
    ("效益指标", "经济效益指标", "带动区域经济发展", "作用明显"),
    ("效益指标", "社会效益指标", "群众生活条件", "有效改善"),
    ("效益指标", "社会效益指标", "公共服务水平", "明显提升"),
    ("效益指标", "社会效益指标", "社会治理能力", "进一步增强"),
    ("效益指标", "生态效益指标", "人居环境质量", "持续改善"),
    ("效益指标", "生态效益指标", "生态环境保护意识", "明显增强"),
    ("效益指标", "可持续影响指标", "长效管理机制", "逐步建立健全"),
    ("效益指标", "可持续影响指标", "项目后续运行维护", "持续稳定运行"),
    ("满意度指标", "服务对象满意度指标", "服务对象评价", "普遍认可"),
)

# Indicators that only make sense for some kinds of department (names.DEPARTMENTS); the rest suit any.
_BUILDING = {"build", "school", "edu", "health", "water", "transport", "town", "culture"}
ONLY_FOR: dict[str, set[str]] = {
    "覆盖学校数量": {"edu", "school"},
    "维修改造面积": _BUILDING,
    "单位面积改造成本": _BUILDING,
    "覆盖行政村数量": {"agri", "town", "water", "transport", "health", "social", "land"},
    "人均补助标准": {"social", "edu", "school", "agri", "group", "town", "health"},
    "带动农户增收": {"agri", "town", "land", "water"},
    "绿化覆盖率": {"build", "land", "town"},
    "污水集中处理率": {"build", "water", "land"},
    "人居环境质量": {"build", "land", "town", "agri", "water"},
    "生态环境保护意识": {"land", "build", "water", "agri", "town"},
    "带动区域经济发展": {"econ", "agri", "town", "transport", "build", "water"},
}


def _suits(entry: tuple[str, str, str, str], kind: str | None) -> bool:
    return kind is None or kind in ONLY_FOR.get(entry[2], {kind})


def _fill(template: str, rng: random.Random, budget: Decimal) -> str:
    return template.format(
        n=rng.choice((50, 120, 300, 500, 800, 1200, 2000)),
        k=rng.randint(3, 30),
        p=rng.choice((90, 95, 98)),
        m=rng.choice((9, 10, 11, 12)),
        s=rng.choice((4, 5, 6)),
        c=budget,
        u=rng.choice((300, 800, 1200, 3000)),
        g=rng.choice((30, 35, 40)),
        y=rng.choice((3, 5, 10, 15)),
        q=rng.choice((85, 90, 95)),
    )


def make_indicators(
    n: int,
    quantified: int,
    rng: random.Random,
    budget: Decimal,
    year: int = 2022,
    kind: str | None = None,
) -> list[dict]:
    """``n`` indicators of which exactly ``quantified`` have numeric targets; always a 数量, an 效益 and a
    满意度 indicator, as target reviews require, chosen among those that suit the department's kind."""
    bank_q = [b for b in QUANTIFIED if _suits(b, kind)]
    bank_l = [b for b in QUALITATIVE if _suits(b, kind)]
    if not 0 <= quantified <= n or quantified > len(bank_q) or n - quantified > len(bank_l):
        raise ValueError(f"cannot draw {quantified} quantified of {n} indicators")
    quantity = [b for b in bank_q if b[1] == "数量指标"]
    satisfaction = [b for b in bank_q if b[0] == "满意度指标"]
    chosen_q = [rng.choice(quantity), rng.choice(satisfaction)][:quantified]
    rest_q = [b for b in bank_q if b not in chosen_q]
    chosen_q += rng.sample(rest_q, quantified - len(chosen_q))
    chosen_l = rng.sample(bank_l, n - quantified)
    chosen = chosen_q + chosen_l
    if not any(b[0] == "效益指标" for b in chosen):
        # swap the last free pick for an 效益 one of the same kind (quantified or not)
        if chosen_l:
            pool = [b for b in bank_l if b[0] == "效益指标" and b not in chosen]
            chosen[-1] = rng.choice(pool)
        else:
            pool = [b for b in bank_q if b[0] == "效益指标" and b not in chosen]
            chosen[-1 if len(chosen) > 2 else 0] = rng.choice(pool)
    order = {b: i for i, b in enumerate(QUANTIFIED + QUALITATIVE)}
    level_order = {"产出指标": 0, "效益指标": 1, "满意度指标": 2}
    chosen.sort(key=lambda b: (level_order[b[0]], order[b]))
    out = []
    for level1, level2, level3, template in chosen:
        target = _fill(template, rng, budget)
        out.append(
            {
                "level1": level1,
                "level2": level2,
                "level3": level3,
                "target": target,
                "mid_target": mid_target(target, year),
            }
        )
    return out


def quantified_count(indicators: list[dict]) -> int:
    return sum(parse_indicator_target(i["target"]).is_quantified for i in indicators)


# ---------------------------------------------------------------------------------------------------------
# counts


def mean_rate(counts: list[tuple[int, int]]) -> Fraction:
    """Mean over projects of quantified ÷ indicators, exactly."""
    return sum((Fraction(q, n) for n, q in counts), Fraction(0)) / len(counts)


def mean_rate_rounded(counts: list[tuple[int, int]], places: int = 4) -> Decimal:
    """The same mean when each project's rate is first stored rounded (as a view may keep it)."""
    step = Decimal(1).scaleb(-places)
    rates = [(Decimal(q) / Decimal(n)).quantize(step, ROUND_HALF_UP) for n, q in counts]
    return sum(rates, Decimal(0)) / len(rates)


def _inside(counts: list[tuple[int, int]], low: Fraction, high: Fraction) -> bool:
    rounded = Fraction(mean_rate_rounded(counts))
    return low <= mean_rate(counts) < high and low <= rounded < high


def calibrate_quantified(
    sizes: list[int],
    low: Fraction,
    high: Fraction,
    rng: random.Random,
    spread: float = 0.12,
    minimum: int = 2,
) -> list[int]:
    """Quantified counts for projects with ``sizes`` indicators whose mean rate lies in [low, high).

    Rates are drawn around the target, then single and paired ±1 steps move the exact mean to the
    middle of the interval; the mean of rates rounded to 4 decimals must land inside too."""
    goal = (low + high) / 2
    quantified = []
    for n in sizes:
        rate = min(1.0, max(0.3, rng.gauss(float(goal), spread)))
        quantified.append(min(n, max(minimum, round(n * rate))))
    total_goal = goal * len(sizes)
    _coarse_steps(sizes, quantified, total_goal, rng, minimum)
    _fine_steps(sizes, quantified, total_goal, (low, high), minimum)
    if not _inside(list(zip(sizes, quantified, strict=True)), low, high):
        raise ValueError("no quantified counts give a mean rate inside the interval")
    return quantified


def _rate_sum(sizes: list[int], quantified: list[int]) -> Fraction:
    """The exact sum of the per-project rates (the mean times the count)."""
    return sum((Fraction(q, n) for n, q in zip(sizes, quantified, strict=True)), Fraction(0))


def _coarse_steps(
    sizes: list[int], quantified: list[int], total_goal: Fraction, rng: random.Random, minimum: int
) -> None:
    """Single steps on random projects until the sum is within one step of the goal: cheap, keeps the draw."""
    guard = 0
    while abs(_rate_sum(sizes, quantified) - total_goal) > Fraction(1, 2 * max(sizes)):
        guard += 1
        if guard > 100_000:
            raise ValueError("quantified counts do not converge")
        up = _rate_sum(sizes, quantified) < total_goal
        i = rng.randrange(len(sizes))
        if up and quantified[i] < sizes[i]:
            quantified[i] += 1
        elif not up and quantified[i] > minimum:
            quantified[i] -= 1


def _fine_steps(
    sizes: list[int],
    quantified: list[int],
    total_goal: Fraction,
    interval: tuple[Fraction, Fraction],
    minimum: int,
) -> None:
    """The best single or paired step, until the exact and the rounded mean both sit well inside."""
    low, high = interval
    for _ in range(200):
        counts = list(zip(sizes, quantified, strict=True))
        gap = total_goal - _rate_sum(sizes, quantified)
        if _inside(counts, low, high) and abs(gap) <= (high - low) * len(sizes) / 4:
            return
        change, steps = min(_moves(sizes, quantified, minimum), key=lambda m: abs(gap - m[0]))
        if abs(gap - change) >= abs(gap):
            return
        for i, step in steps:
            quantified[i] += step


def _moves(
    sizes: list[int], quantified: list[int], minimum: int
) -> list[tuple[Fraction, list[tuple[int, int]]]]:
    """Every single or paired ±1 step and what it adds to the rate sum, one project per indicator count."""
    ups = {sizes[i]: i for i in range(len(sizes)) if quantified[i] < sizes[i]}
    downs = {sizes[i]: i for i in range(len(sizes)) if quantified[i] > minimum}
    moves: list[tuple[Fraction, list[tuple[int, int]]]] = []
    moves += [(Fraction(1, n), [(i, 1)]) for n, i in ups.items()]
    moves += [(-Fraction(1, n), [(i, -1)]) for n, i in downs.items()]
    moves += [
        (Fraction(1, a) - Fraction(1, b), [(i, 1), (j, -1)])
        for a, i in ups.items()
        for b, j in downs.items()
        if i != j
    ]
    return moves
