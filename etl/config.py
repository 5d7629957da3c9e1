"""Configuration read from etl/config/*.toml: region profiles, fund categories, report kinds."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CONFIG_DIR = Path(__file__).resolve().parent / "config"
FUND_SPLIT_RE = re.compile(r"[、,，/／;；+＋()（）\s]|和|及")


@cache
def load(name: str) -> dict:
    with open(CONFIG_DIR / f"{name}.toml", "rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class FundClass:
    fund_type: str
    tags: tuple[str, ...]


def classify_fund(*texts: str | None) -> FundClass:
    """Primary budget and tags from free text such as '一般公共预算、中央转移支付（直达资金）'."""
    funds = load("funds")
    synonyms = sorted(funds["synonyms"].items(), key=lambda kv: -len(kv[0]))
    budgets = set(funds["budgets"])
    primary: str | None = None
    tags: list[str] = []
    for text in texts:
        if not text:
            continue
        for part in filter(None, FUND_SPLIT_RE.split(text)):
            for label, canonical in synonyms:
                if label in part:
                    if canonical in budgets:
                        primary = primary or canonical
                    else:
                        tags.extend(
                            t for t in [canonical, *funds["implies"].get(canonical, [])] if t not in tags
                        )
                    break
    return FundClass(primary or funds["default_budget"], tuple(t for t in funds["tags"] if t in tags))


def fund_categories() -> list[str]:
    funds = load("funds")
    return [*funds["budgets"], *funds["tags"]]


def region_profile(region: str) -> dict:
    profiles = load("regions")["profiles"]
    for name, profile in profiles.items():
        if region == name or region in profile.get("aliases", []):
            return {**profiles["national"], **profile, "name": name}
    return {**profiles["national"], "name": "national"}


def canonical_region(region: str | None) -> str:
    if not region:
        return load("regions")["defaults"]["region"]
    profile = region_profile(region)
    return profile["name"] if profile["name"] != "national" else region


def grade_band_rows() -> list[tuple[str, str, float]]:
    """(profile, grade, lower bound) for every configured profile; the warehouse joins on these."""
    rows = []
    for name, profile in load("regions")["profiles"].items():
        for grade, lower in profile["grade_bands"].items():
            rows.append((name, grade, float(lower)))
    return rows


def region_aliases() -> list[tuple[str, str]]:
    """(region as written, profile name) pairs, so SQL can find a region's profile."""
    pairs = []
    for name, profile in load("regions")["profiles"].items():
        pairs.append((name, name))
        pairs.extend((alias, name) for alias in profile.get("aliases", []))
    return pairs


def profile_rules() -> list[tuple[str, str, float | None]]:
    """(profile, 量化率 rule, 部门评价 coverage minimum) for every configured profile."""
    profiles = load("regions")["profiles"]
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
    groups = load("funds")["report_groups"]
    rows = [(i, g["name"], g.get("tag"), g.get("fund_type")) for i, g in enumerate(groups["order"], start=1)]
    return [*rows, (len(rows) + 1, groups["default_group"], None, None)]


def self_eval_exclusion() -> dict:
    return load("funds")["self_eval"]


def kinds() -> list[dict]:
    return load("kinds")["kind"]
