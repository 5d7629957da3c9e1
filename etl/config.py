"""The ETL's vocabularies (etl/config/*.toml): fund categories, report kinds, limits, header synonyms."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
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
    return _classify_fund(texts)


@lru_cache(maxsize=4096)  # a county writes the same few fund texts on every project
def _classify_fund(texts: tuple[str | None, ...]) -> FundClass:
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


def self_eval_exclusion() -> dict:
    return load("funds")["self_eval"]


def kinds() -> list[dict]:
    return load("kinds")["kind"]
