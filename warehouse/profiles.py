"""Region profiles (warehouse/config/regions.toml): grade bands, 量化率 rule, coverage, the deployment's own
region and the report's fund groups. SQL sees them as cfg.* tables (warehouse.schema.refresh_config)."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from etl import config as etl_config

CONFIG_DIR = Path(__file__).resolve().parent / "config"


@cache
def _regions() -> dict:
    with open(CONFIG_DIR / "regions.toml", "rb") as handle:
        return tomllib.load(handle)


def region_profile(region: str) -> dict:
    profiles = _regions()["profiles"]
    for name, profile in profiles.items():
        if region == name or region in profile.get("aliases", []):
            return {**profiles["national"], **profile, "name": name}
    return {**profiles["national"], "name": "national"}


def default_region() -> str:
    return _regions()["defaults"]["region"]


def canonical_region(region: str | None) -> str:
    """The profile's name for a region as written (an alias such as 沙湾县 → 沙湾市); unknown regions as written."""
    if not region:
        return default_region()
    profile = region_profile(region)
    return profile["name"] if profile["name"] != "national" else region


def grade_band_rows() -> list[tuple[str, str, float]]:
    """(profile, grade, lower bound) for every configured profile; the warehouse joins on these."""
    rows = []
    for name, profile in _regions()["profiles"].items():
        for grade, lower in profile["grade_bands"].items():
            rows.append((name, grade, float(lower)))
    return rows


def region_aliases() -> list[tuple[str, str]]:
    """(region as written, profile name) pairs, so SQL can find a region's profile."""
    pairs = []
    for name, profile in _regions()["profiles"].items():
        pairs.append((name, name))
        pairs.extend((alias, name) for alias in profile.get("aliases", []))
    return pairs


def profile_rules() -> list[tuple[str, str, float | None]]:
    """(profile, 量化率 rule, 部门评价 coverage minimum) for every configured profile."""
    profiles = _regions()["profiles"]
    national = profiles["national"]
    return [
        (
            name,
            p.get("quantification_rule", national["quantification_rule"]),
            p.get("evaluation_coverage_min", national.get("evaluation_coverage_min")),
        )
        for name, p in profiles.items()
    ]


def report_group_rows() -> list[tuple[int, str, str | None, str | None]]:
    """(priority, group, tag, fund_type) rows; the last row is the catch-all default group."""
    groups = _regions()["report_groups"]
    rows = [(i, g["name"], g.get("tag"), g.get("fund_type")) for i, g in enumerate(groups["order"], start=1)]
    return [*rows, (len(rows) + 1, groups["default_group"], None, None)]


def fund_categories() -> list[str]:
    """The fund categories a user can filter by: the four budgets, then the tags."""
    return etl_config.fund_categories()


GRADING_SCORES = ("finance", "self")


def grading_rows() -> list[tuple[str, str, str | None]]:
    """(profile, score that grades, fallback score) for every configured profile; national's rule by default.

    A rule naming an unknown score is refused here, before any view could grade by it."""
    profiles = _regions()["profiles"]
    rows = []
    for name, profile in profiles.items():
        rule = profile.get("grading", profiles["national"]["grading"])
        score, fallback = rule.get("score"), rule.get("fallback")
        if score not in GRADING_SCORES or fallback not in (*GRADING_SCORES, None) or fallback == score:
            raise ValueError(
                f"warehouse/config/regions.toml [profiles.{name}.grading]：score 须为 finance 或 self，"
                f"fallback 须为另一项或不填（现为 score={score!r}, fallback={fallback!r}）"
            )
        rows.append((name, score, fallback))
    return rows


# The stages of the yearly cycle, in the order the bureau works through them, with the names the
# dashboard uses and the stage names rules write into mart.problem.
CYCLE_STAGES = {
    "exante": ("事前绩效评估", ("事前评估", "事前绩效评估")),
    "target": ("绩效目标", ("绩效目标",)),
    "monitoring": ("绩效监控", ("绩效监控",)),
    "self_eval": ("项目自评", ("项目自评",)),
    "dept_self_eval": ("部门整体自评", ("部门整体自评",)),
    "evaluation": ("部门评价与财政重点评价", ("部门评价", "财政评价")),
}


def cycle_offsets(region: str | None = None) -> dict[str, int]:
    """Fiscal year = working year + offset, per stage: the national cycle, overridden stage by stage by the
    region's own [profiles.<region>.cycle]."""
    profiles = _regions()["profiles"]
    offsets = dict(profiles["national"].get("cycle", {}))
    if region:
        name = region_profile(region)["name"]
        offsets.update(profiles.get(name, {}).get("cycle", {}))
    missing = [stage for stage in CYCLE_STAGES if stage not in offsets]
    if missing:
        raise ValueError(f"regions.toml 的 [profiles.national.cycle] 缺少环节：{'、'.join(missing)}")
    return {stage: int(offsets[stage]) for stage in CYCLE_STAGES}


# ---------------------------------------------------------------------------------------------------------
# the independent review ([review] in regions.toml)


def _review() -> dict:
    return _regions()["review"]


def review_light_band_rows() -> list[tuple[str, float]]:
    """(light, lower bound of actual ÷ expected progress) for the 红黄绿蓝 lights."""
    return [(light, float(lower)) for light, lower in _review()["light_bands"].items()]


REVIEW_PARAMS = (
    "rescore_tolerance",
    "claim_over_execution",
    "budget_change_share",
    "history_upper_ratio",
    "library_min_count",
    "library_range_factor",
)


def review_param_rows() -> list[tuple[str, float]]:
    """(name, value) of every review threshold; a missing one is a configuration error, not a default."""
    review = _review()
    missing = [name for name in REVIEW_PARAMS if name not in review]
    if missing:
        raise KeyError(f"warehouse/config/regions.toml [review] 缺少：{'、'.join(missing)}")
    return [(name, float(review[name])) for name in REVIEW_PARAMS]


def review_qualitative_band_rows() -> list[tuple[int, str, str, float]]:
    """(priority, band, keyword, share); a band without keywords is the fallback ('' matches anything)."""
    rows = []
    for priority, band in enumerate(_review()["qualitative_bands"], start=1):
        keywords = band.get("keywords") or [""]
        rows.extend((priority, band["band"], keyword, float(band["share"])) for keyword in keywords)
    return rows


def score_weight_rows() -> list[tuple[str, str, float]]:
    """(profile, part, weight): each profile's score_weights, the national ones where it sets none."""
    profiles = _regions()["profiles"]
    national = profiles["national"]["score_weights"]
    return [
        (name, part, float(weight))
        for name, p in profiles.items()
        for part, weight in p.get("score_weights", national).items()
    ]


def review_sector_rows() -> list[tuple[str, str]]:
    """(sector, keyword) pairs that place a department in a sector for the 指标库."""
    return [(sector, kw) for sector, keywords in _review()["sectors"].items() for kw in keywords]
