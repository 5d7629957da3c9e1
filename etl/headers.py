"""Map the header labels departments write to canonical field names.

The synonyms live in one table, etl/config/headers.toml; this module only normalises labels and looks
them up. Two-row headers are passed as "group/sub" and matched on the whole, then the sub, then the group.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from etl.cells import detect_amount_unit, to_halfwidth

__all__ = ["HEADERS_TOML", "HeaderMatch", "field_labels", "header_unit", "match_header", "normalise_label"]

HEADERS_TOML = Path(__file__).parent / "config" / "headers.toml"

_WHITESPACE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
# bracketed decorations that carry a unit, a formula or a full score, never meaning:
# （万元） (元) (单位：万元) （%） （A） (B/A) (C=B/A) （分） (10分) (满分10分) (1)
_DECORATION = re.compile(
    r"[(\[【]"
    r"(?:(?:金额)?单位:?)?(?:人民币)?"
    r"(?:万元|元|亿元|%|‰|分|个|人|项|[\d.]+分|满分[\d.]+分?|权重[\d.]*%?|[A-Za-z0-9+\-*/=×÷.%]+)"
    r"[)\]】]"
)
_MARKS = re.compile(r"[*★☆※]")
_TRAILING = re.compile(r"[:;,.]+$")
_TRAILING_PERCENT = re.compile(r"(?<=[\u4e00-\u9fff])[%‰]$")


@lru_cache(maxsize=65536)  # forms repeat the same few hundred labels on every sheet
def _normalise_str(text: str) -> str:
    s = _WHITESPACE.sub("", to_halfwidth(text))
    s = _MARKS.sub("", s)
    previous = None
    while previous != s:  # decorations can be stacked: 执行率(B/A)(%)
        previous = s
        s = _DECORATION.sub("", s)
        s = _TRAILING.sub("", s)
        s = _TRAILING_PERCENT.sub("", s)
    return s


def normalise_label(text: object) -> str:
    """Comparable form of a header label: half-width, no whitespace or newlines, no unit decorations
    ("（万元）", "(元)", "（%）", "(B/A)", "（10分）"), no "*"/"★" marks and no trailing colon."""
    return "" if text is None else _normalise_str(str(text))


def header_unit(text: object) -> str | None:
    """The money unit a header states ("全年执行数（万元）" → "万元"), or None."""
    return detect_amount_unit(text)


@dataclass(frozen=True)
class HeaderMatch:
    field: str
    label: str  # the header text as it was passed in
    unit: str | None = None  # money unit stated in the header, "万元" / "元"
    period_month: int | None = None  # last month of a "1-N月" period column


@dataclass(frozen=True)
class _Table:
    labels: dict[str, str]  # normalised label -> field
    patterns: tuple[tuple[str, re.Pattern[str]], ...]


@cache
def _table() -> _Table:
    with HEADERS_TOML.open("rb") as f:
        raw = tomllib.load(f)
    labels: dict[str, str] = {}
    for field, synonyms in raw.get("fields", {}).items():
        for synonym in synonyms:
            key = normalise_label(synonym)
            if key in labels and labels[key] != field:
                raise ValueError(f"{HEADERS_TOML.name}: 表头“{synonym}”同时属于 {labels[key]} 和 {field}")
            labels[key] = field
    patterns: list[tuple[str, re.Pattern[str]]] = []
    for field, regexes in raw.get("patterns", {}).items():
        for regex in [regexes] if isinstance(regexes, str) else regexes:
            patterns.append((field, re.compile(regex)))
    return _Table(labels, tuple(patterns))


def field_labels() -> dict[str, list[str]]:
    """Normalised labels per field, as loaded from headers.toml."""
    out: dict[str, list[str]] = {}
    for label, field in _table().labels.items():
        out.setdefault(field, []).append(label)
    return out


def _split_levels(label: str) -> list[str]:
    """Split "group/sub" on slashes outside brackets (a formula like "(B/A)" stays whole)."""
    parts, depth, current = [], 0, []
    for char in label:
        if char in "([【":
            depth += 1
        elif char in ")]】" and depth:
            depth -= 1
        if char == "/" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p for p in parts if p.strip()]


def _lookup(label: str) -> tuple[str, int | None] | None:
    key = normalise_label(label)
    if not key:
        return None
    table = _table()
    if key in table.labels:
        return table.labels[key], None
    for field, pattern in table.patterns:
        match = pattern.fullmatch(key)
        if match is None:
            continue
        month = int(match.group("end")) if "end" in pattern.groupindex else None
        if month is not None and not 1 <= month <= 12:
            continue
        return field, month
    return None


def match_header(text: object) -> HeaderMatch | None:
    """The canonical field for a header label, or None when the label is unknown.

    "group/sub" labels from two-row headers are tried whole, then the sub label, then the group label;
    the unit comes from the most specific level that states one.
    """
    if text is None:
        return None
    original = str(text)
    levels = _split_levels(to_halfwidth(original))
    candidates = [original, *(level for level in reversed(levels) if level != original)]
    for candidate in candidates:
        found = _lookup(candidate)
        if found is None:
            continue
        field, month = found
        unit = next((u for u in map(header_unit, reversed(levels)) if u), None)
        return HeaderMatch(field=field, label=original, unit=unit, period_month=month)
    return None
